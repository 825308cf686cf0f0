/**
 * `npm run reset -- <week> [module]`: restores the shipped stub of one module, or of every module
 * of a week, from the course as shipped (harness/course/shipped.ts). The learner's file is copied
 * first to .course/backup/<time>/ (git-ignored) and the command says where. Without an explicit
 * target it refuses. Tests, spec, notes and predictions are untouched. A module file that is a
 * symbolic link is refused: reset writes inside weeks/ and nowhere else.
 */
import { existsSync, lstatSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadCourse } from '../course/load.ts';
import { courseSource, shippedFile } from '../course/shipped.ts';
import { writeOwned } from '../outputs.ts';
import { courseDir } from '../progress/store.ts';
import { UsageError, withArgs, type CommandSpec } from './args.ts';

export const spec = {
  name: 'reset',
  summary: 'Restore the shipped stub of a module (or of every module of a week); your file is kept in .course/backup/<time>/.',
  options: {},
  positionals: ['WEEK', 'MODULE?'],
} as const satisfies CommandSpec;

export type ResetResult = { restored: string[]; unchanged: string[]; backupDir?: string; source: string };

function refuseLinks(root: string, path: string): void {
  const weeks = realpathSync(join(root, 'weeks'));
  if (existsSync(path) && lstatSync(path).isSymbolicLink()) throw new UsageError(`${relative(root, path)} is a symbolic link: reset will not write through it`);
  const folder = realpathSync(join(path, '..'));
  if (relative(weeks, folder).startsWith('..')) throw new UsageError(`${relative(root, path)} is not inside weeks/: reset will not write there`);
}

export function resetWeek(root: string, target: string, module: string | undefined, now = new Date()): ResetResult {
  const course = loadCourse(root);
  const week = course.weeks.find((w) => w.slug === target || String(w.number) === target.replace(/^0+(?=\d)/, ''));
  if (!week) throw new UsageError(`there is no week "${target}": the course has ${course.weeks.map((w) => `${w.number} (${w.slug})`).join(', ')}`);
  const name = module?.replace(/\.ts$/, '');
  if (name !== undefined && !week.spec.modules.includes(name)) {
    throw new UsageError(`week ${week.number} has no module "${module}": its modules are ${week.spec.modules.join(', ')}`);
  }
  const source = courseSource(course);
  const backupDir = join(courseDir(root), 'backup', now.toISOString().replace(/[:.]/g, '-'));
  const result: ResetResult = { restored: [], unchanged: [], source: source.note };
  for (const m of name === undefined ? week.spec.modules : [name]) {
    const path = join(week.dir, `${m}.ts`);
    refuseLinks(root, path);
    const shipped = shippedFile(root, source, `weeks/${week.slug}/${m}.ts`);
    if (shipped === undefined) throw new UsageError(`weeks/${week.slug}/${m}.ts is not in ${source.note}`);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === shipped) {
      result.unchanged.push(relative(root, path));
      continue;
    }
    if (current !== undefined) {
      writeOwned(root, join(backupDir, 'weeks', week.slug, `${m}.ts`), current);
      result.backupDir = backupDir;
    }
    writeFileSync(path, shipped);
    result.restored.push(relative(root, path));
  }
  return result;
}

export function run(root: string, args: string[]): Promise<number> {
  return withArgs(spec, args, async ({ positionals }) => {
    let result: ResetResult;
    try {
      result = resetWeek(root, positionals[0]!, positionals[1]);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      console.error(`${error.message}\n\nReset needs an explicit target: it replaces your code with the shipped stub.\nusage: npm run reset -- <week> [module]   e.g. npm run reset -- 1 linear`);
      return 2;
    }
    for (const path of result.unchanged) console.log(`${path} is already the shipped stub: nothing to do.`);
    if (result.restored.length > 0) {
      console.log(`Restored the shipped stub (from ${result.source}) of: ${result.restored.join(', ')}`);
      if (result.backupDir) console.log(`Your previous version is saved in ${relative(root, result.backupDir)}/ (same paths as in weeks/).`);
    }
    return 0;
  });
}
