/**
 * What the grader reads from the files before it runs anything: the names a test imports that the
 * learner's module no longer exports, learner modules that import the reference solutions, the
 * course files that differ from the course as shipped, and a fingerprint of everything each week's
 * grade depends on. Reading syntax, never running code.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Course, Week } from '../course/load.ts';
import { digest, harnessDigest, MISSING } from '../digest.ts';
import { courseSource, modifiedCourseFiles, solutionsImports, type CourseSource } from '../course/shipped.ts';
import { exportedNames, importedNames } from '../course/stubs.ts';
import type { Tree } from '../progress/document.ts';
import type { MissingExport } from './score.ts';

function read(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** Per test file of the week: imported names its module (in `tree`) does not export. */
export function missingExports(course: Course, week: Week, tree: Tree): Map<string, MissingExport[]> {
  const found = new Map<string, MissingExport[]>();
  for (const file of week.testFiles) {
    const source = read(join(course.root, file));
    if (source === undefined) continue;
    const missing: MissingExport[] = [];
    for (const [specifier, names] of importedNames(source)) {
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(join(course.root, file)), specifier);
      const fromWeeks = relative(join(course.root, 'weeks'), target);
      if (fromWeeks.startsWith('..') || target.endsWith('.test.ts')) continue;
      const module = join(course.root, tree, fromWeeks);
      const exports = exportedNames(read(module) ?? '');
      if (!exports) continue;
      for (const name of names) if (!exports.has(name)) missing.push({ name, module: relative(course.root, module) });
    }
    if (missing.length > 0) found.set(file, missing);
  }
  return found;
}

/** The regular files directly in a folder, sorted (a stray folder or FIFO is no input). */
function regularFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(dir, e.name)).sort();
}

/** Each file's path and bytes (or that it is missing), in one digest. */
function filesDigest(root: string, files: readonly string[]): string {
  return digest(...files.flatMap((file) => [relative(root, file), existsSync(file) ? readFileSync(file) : MISSING]));
}

/**
 * A hash of what grading and publishing `week` read: its two folders (weeks/ and solutions/: the
 * reference and the author's material), the graded modules of the weeks before it (later weeks
 * import earlier ones) and the harness. Equal fingerprints mean nothing the week depends on has changed.
 */
export function fingerprints(course: Course, tree: Tree): Map<number, string> {
  const harness = harnessDigest();
  const out = new Map<number, string>();
  const earlier: string[] = [];
  for (const week of course.weeks) {
    // The learner's folder and the author's: the reference, the hints, truths, page and bench files.
    const files = [...regularFiles(week.dir), ...regularFiles(week.authorDir)];
    out.set(week.number, digest(harness, filesDigest(course.root, [...earlier, ...files])));
    earlier.push(...week.spec.modules.map((m) => join(tree === 'solutions' ? join(course.root, 'solutions', week.slug) : week.dir, `${m}.ts`)));
  }
  return out;
}

export type Integrity = { source: CourseSource; modified: Map<number, string[]> };

/** Course files changed since the course as shipped, and learner modules importing solutions/, per week (0 = the harness). */
export function courseIntegrity(course: Course, tree: Tree): Integrity {
  const source = courseSource(course);
  // Only a learner's progress can be forged; the reference is the author's, graded as the files stand (uncommitted edits included).
  if (tree === 'solutions') return { source, modified: new Map() };
  const modified = modifiedCourseFiles(course, source);
  for (const [week, imports] of solutionsImports(course)) modified.set(week, [...(modified.get(week) ?? []), ...imports]);
  return { source, modified };
}

/** The modified files that make `week` a modified course: its own, and the harness's. */
export function modifiedFor(integrity: Integrity, week: Week): string[] {
  return [...(integrity.modified.get(0) ?? []), ...(integrity.modified.get(week.number) ?? [])];
}

