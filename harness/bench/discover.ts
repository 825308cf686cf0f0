/**
 * Finding the bench: every week of the course (loadCourse: the folders weeks/NN-slug/ with a
 * spec.md) whose author folder solutions/NN-slug/ has a `bench.ts` contributes its groups. Nothing lists them; a bench file that does
 * not load, or defines a group or a case id a week before it already did, is reported and left out,
 * and the other weeks' groups still run.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCourse, type Week } from '../course/load.ts';
import { authorFile, authorFileShown } from '../course/paths.ts';
import { isBenchFile, makeCase, type BenchCase, type GroupDefinition } from './define.ts';

export type DiscoveredGroup = {
  name: string;
  week: number;
  slug: string;
  /** The bench file, relative to the root. */
  file: string;
  definition: GroupDefinition<unknown>;
  cases: BenchCase[];
};

export type Discovery = { weeks: Week[]; groups: DiscoveredGroup[]; problems: string[] };


function firstLine(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split('\n')[0]!;
}

/** Imports a week's bench file (author material in solutions/NN-slug/) and lists its groups. */
export async function readBenchFile(root: string, week: Week): Promise<DiscoveredGroup[]> {
  const path = authorFile(root, week.slug, 'bench');
  const file = relative(root, path);
  const exported = ((await import(pathToFileURL(path).href)) as { default?: unknown }).default;
  if (!isBenchFile(exported)) throw new Error(`${file}: the default export must be defineBench({...}) from harness/bench/define.ts`);
  return Object.entries(exported.groups).map(([name, definition]) => ({
    name,
    week: week.number,
    slug: week.slug,
    file,
    definition,
    cases: definition.cases(makeCase),
  }));
}

export async function discoverBench(root: string): Promise<Discovery> {
  const { weeks } = loadCourse(root);
  const groups: DiscoveredGroup[] = [];
  const problems: string[] = [];
  const ids = new Map<string, string>();
  for (const week of weeks) {
    if (!existsSync(authorFile(root, week.slug, 'bench'))) continue;
    let found: DiscoveredGroup[];
    try {
      found = await readBenchFile(root, week);
    } catch (error) {
      problems.push(`${authorFileShown(week.slug, 'bench')} did not load: ${firstLine(error)}`);
      continue;
    }
    for (const group of found) {
      const twice = groups.find((g) => g.name === group.name);
      if (twice) {
        problems.push(`${group.file}: group "${group.name}" is already defined in ${twice.file}; left out`);
        continue;
      }
      const clash = group.cases.find((c) => ids.has(c.id) || group.cases.filter((d) => d.id === c.id).length > 1);
      if (clash) {
        problems.push(`${group.file}: case id "${clash.id}" is used twice (also in ${ids.get(clash.id) ?? group.file}); group "${group.name}" left out`);
        continue;
      }
      for (const c of group.cases) ids.set(c.id, group.file);
      groups.push(group);
    }
  }
  return { weeks, groups, problems };
}
