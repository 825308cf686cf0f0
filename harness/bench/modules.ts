/**
 * The week modules a bench case receives. In the child process every module of the course is
 * imported from the timed tree (weeks/ or solutions/); one that is missing or fails to load is
 * remembered, and touching it throws an error naming the file, so only the cases that need it fail.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Week } from '../course/load.ts';

/** A module of the course: its name in the spec, its file relative to the root, its week. */
export type ModuleSource = { name: string; file: string; week: number };

export class ModuleUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModuleUnavailable';
  }
}

/**
 * Every module the specs list, by name, in `tree`. A name listed by two weeks means the bench's own
 * week's module, or else the latest earlier one (the course is cumulative).
 */
export function courseModules(weeks: readonly Week[], tree: string, forWeek: number): ModuleSource[] {
  const byName = new Map<string, ModuleSource>();
  const ordered = [...weeks].sort((a, b) => rank(a.number) - rank(b.number));
  function rank(week: number): number {
    if (week === forWeek) return Infinity; // last: wins
    return week < forWeek ? week : -week; // later weeks first, so earlier ones override them
  }
  for (const week of ordered) {
    for (const name of week.spec.modules) byName.set(name, { name, file: join(tree, week.slug, `${name}.ts`), week: week.number });
  }
  return [...byName.values()];
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split('\n')[0]!;
}

/** Imports every module; the table throws ModuleUnavailable for one that is missing, failed, or not in the course. */
export async function loadModules(root: string, sources: readonly ModuleSource[]): Promise<Record<string, unknown>> {
  const loaded = new Map<string, { module?: unknown; problem?: string }>();
  for (const source of sources) {
    const path = join(root, source.file);
    if (!existsSync(path)) {
      loaded.set(source.name, { problem: `${source.file} is missing` });
      continue;
    }
    try {
      loaded.set(source.name, { module: await import(pathToFileURL(path).href) });
    } catch (error) {
      loaded.set(source.name, { problem: `${source.file} did not load: ${firstLine(error).replaceAll(root, '').replace(/^\//, '')}` });
    }
  }
  const names = [...loaded.keys()].join(', ');
  return new Proxy({} as Record<string, unknown>, {
    get(_, name) {
      if (typeof name !== 'string' || name === 'then') return undefined; // not a thenable: awaiting the table must not touch a module
      const entry = loaded.get(name);
      if (!entry) throw new ModuleUnavailable(`no module "${name}" in this course (its modules: ${names})`);
      if (entry.problem !== undefined) throw new ModuleUnavailable(entry.problem);
      return entry.module;
    },
    has: (_, name) => typeof name === 'string' && loaded.has(name),
  });
}
