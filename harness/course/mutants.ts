/**
 * A week's mutants (solutions/NN-slug/mutants.yaml) and how one is planted in a copy of the
 * solutions: the proof runs checks against them (harness/proof/mutants.ts), and the predictions
 * compute each known mistake's value on them (harness/predictions/mistakes.ts).
 */
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CourseError } from './errors.ts';
import type { Course, Week } from './load.ts';
import { authorFile } from './paths.ts';
import { moduleName } from './schema.ts';
import { assertOwned, ensureDir, writeOwned } from '../outputs.ts';

export const Mutant = z.strictObject({
  name: z.string().min(1),
  /** One of the week's modules, by name: never a path. */
  module: moduleName,
  replace: z.string().min(1),
  with: z.string(),
  caughtBy: z.string().min(1),
});
export type Mutant = z.infer<typeof Mutant>;

export type PlannedMutant = Mutant & { id: string; week: Week; dir: string };

export function readMutants(root: string, week: Week): Mutant[] {
  const file = authorFile(root, week.slug, 'mutants');
  if (!existsSync(file)) return [];
  const shown = relative(root, file);
  const parsed = z.array(Mutant).safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CourseError(shown, issue.path.map(String).join('.') || 'mutants', `is invalid: ${issue.message}`);
  }
  parsed.data.forEach((mutant, i) => {
    if (!week.spec.modules.includes(mutant.module)) {
      throw new CourseError(shown, `${i}.module`, `is "${mutant.module}", which is not one of week ${week.number}'s modules (${week.spec.modules.join(', ')})`);
    }
  });
  return parsed.data;
}

/**
 * Copies the solutions into <root>/<prefix>-<i>/ and applies mutant i to its copy; refuses an edit
 * that no longer applies. Each copy sits directly below the root, like weeks/, so the modules'
 * relative imports of ../../harness still resolve.
 */
export function plantMutants(course: Course, prefix: string): PlannedMutant[] {
  const { root, weeks } = course;
  const planned: PlannedMutant[] = [];
  try {
    for (const week of weeks) {
      for (const mutant of readMutants(root, week)) planned.push(plantMutant(root, weeks, week, mutant, `${prefix}-${planned.length + 1}`));
    }
  } catch (error) {
    // Leave no half-planted copies behind.
    for (const m of planned) rmSync(m.dir, { recursive: true, force: true });
    rmSync(join(root, `${prefix}-${planned.length + 1}`), { recursive: true, force: true });
    throw error;
  }
  return planned;
}

export function plantMutant(root: string, weeks: readonly Week[], week: Week, mutant: Mutant, dirName: string): PlannedMutant {
  const dir = join(root, dirName);
  ensureDir(root, dir);
  for (const w of weeks) cpSync(join(root, 'solutions', w.slug), assertOwned(root, join(dir, w.slug)), { recursive: true, verbatimSymlinks: true });
  const file = assertOwned(root, join(dir, week.slug, `${mutant.module}.ts`));
  const source = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const count = source.split(mutant.replace).length - 1;
  if (count !== 1) {
    throw new CourseError(
      `solutions/${week.slug}/mutants.yaml`,
      `mutant "${mutant.name}"`,
      `must match its replace text exactly once in ${week.slug}/${mutant.module}.ts, found ${count}`,
    );
  }
  writeOwned(root, file, source.replace(mutant.replace, mutant.with));
  return { ...mutant, id: dirName.replace(/^\./, ''), week, dir };
}

