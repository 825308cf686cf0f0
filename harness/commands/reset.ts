/**
 * `npm run reset -- <week> [module]`: restores the shipped stub of one module, or of every module
 * of a week, from the same source `npm test` uses (git origin/HEAD, or the working tree; see
 * harness/course/shipped.ts). The learner's file is copied first to .course/backup/<time>/ (git-ignored)
 * and the command says where. Without an explicit target it refuses. Tests, spec and notes are untouched.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadCourse } from '../course/load.ts';
import { describeStubSource, shippedModule, stubSource } from '../course/shipped.ts';

const USAGE = 'usage: npm run reset -- <week> [module]   e.g. npm run reset -- 1 linear   (the week number or folder, then one of its modules)';

export type ResetResult = { restored: string[]; unchanged: string[]; backupDir?: string };

export function resetWeek(root: string, target: string, module: string | undefined, now = new Date()): ResetResult {
  const weeks = loadCourse(root);
  const week = weeks.find((w) => w.slug === target || String(w.number) === target.replace(/^0+(?=\d)/, ''));
  if (!week) throw new Error(`there is no week "${target}": the course has ${weeks.map((w) => `${w.number} (${w.slug})`).join(', ')}`);
  if (module !== undefined && !week.spec.modules.includes(module.replace(/\.ts$/, ''))) {
    throw new Error(`week ${week.number} has no module "${module}": its modules are ${week.spec.modules.join(', ')}`);
  }
  const modules = module === undefined ? week.spec.modules : [module.replace(/\.ts$/, '')];
  const source = stubSource(root);
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const backupDir = join(root, '.course', 'backup', stamp);
  const result: ResetResult = { restored: [], unchanged: [] };
  for (const name of modules) {
    const path = join(week.dir, `${name}.ts`);
    const shipped = shippedModule(root, source, week.slug, name);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === shipped) {
      result.unchanged.push(relative(root, path));
      continue;
    }
    if (current !== undefined) {
      const backup = join(backupDir, 'weeks', week.slug, `${name}.ts`);
      mkdirSync(join(backupDir, 'weeks', week.slug), { recursive: true });
      copyFileSync(path, backup);
      result.backupDir = backupDir;
    }
    writeFileSync(path, shipped);
    result.restored.push(relative(root, path));
  }
  return result;
}

export async function run(root: string, args: string[]): Promise<number> {
  const [target, module, ...extra] = args;
  if (target === undefined || target.startsWith('-') || extra.length > 0) {
    console.error(`Reset needs an explicit target: it replaces your code with the shipped stub.\n${USAGE}`);
    return 2;
  }
  let result: ResetResult;
  try {
    result = resetWeek(root, target, module);
  } catch (error) {
    if (error instanceof Error && !(error.name === 'CourseError')) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  const source = describeStubSource(stubSource(root));
  for (const path of result.unchanged) console.log(`${path} is already the shipped stub: nothing to do.`);
  if (result.restored.length > 0) {
    console.log(`Restored the shipped stub (from ${source}) of: ${result.restored.join(', ')}`);
    if (result.backupDir) console.log(`Your previous version is saved in ${relative(root, result.backupDir)}/ (same paths as in weeks/).`);
  }
  return 0;
}
