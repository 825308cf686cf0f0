/**
 * Load: discover the weeks (folders NN-slug with a spec.md), validate each spec's front matter, its
 * ledger and its worked examples, and check that every module it names exists with its test file
 * beside it and that no test file in the folder is left out of the modules. Bad course input is a
 * CourseError naming the file and the field; the loaded course is passed from stage to stage.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CourseError } from './errors.ts';
import { authorDir, authorFile, learnerDir } from './paths.ts';
import { FrontMatter, Hints, type Hint } from './schema.ts';
import { readExamples, readLedger, splitFrontMatter, type LedgerRow, type WorkedExample } from './spec.ts';

export type Week = {
  number: number;
  /** Folder name, e.g. "01-linear": the same under weeks/ and solutions/. */
  slug: string;
  spec: FrontMatter;
  /** The week's tiered hints, from solutions/NN-slug/hints.yaml (author material). */
  hints: Hint[];
  /** Absolute paths in the learner's tree. */
  dir: string;
  /** The author's folder, solutions/NN-slug/: the reference and the week's author material. */
  authorDir: string;
  specPath: string;
  notesPath: string;
  predictionsPath: string;
  body: string;
  ledger: LedgerRow[];
  examples: WorkedExample[];
  /** The week's test files relative to the course root, in the order of its modules: course order. */
  testFiles: string[];
};

export type Course = { root: string; weeks: Week[] };

const WEEK_DIR = /^(\d{2})-[a-z0-9-]+$/;

function fieldOf(issue: { path: PropertyKey[] }): string {
  return issue.path.length > 0 ? issue.path.map(String).join('.') : 'front matter';
}

/** Reads a course file, turning a file-system error into a course error naming the path. */
export function readCourseFile(root: string, path: string, what = 'file'): string {
  const shown = relative(root, path);
  try {
    if (!statSync(path).isFile()) throw new CourseError(shown, what, 'is not a file');
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof CourseError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CourseError(shown, what, code === 'ENOENT' ? 'is missing' : `cannot be read (${code ?? (error as Error).message})`);
  }
}

function checkFrontMatter(spec: FrontMatter, shown: string, slug: string): void {
  const folderNumber = Number(WEEK_DIR.exec(slug)?.[1]);
  if (spec.week !== folderNumber) throw new CourseError(shown, 'week', `is ${spec.week} but the folder ${slug} says ${folderNumber}`);
  const duplicate = spec.modules.find((m, i) => spec.modules.indexOf(m) !== i);
  if (duplicate) throw new CourseError(shown, 'modules', `names "${duplicate}" twice`);
  spec.predictions.forEach((q, i) => {
    if (!spec.modules.includes(q.module)) throw new CourseError(shown, `predictions.${i}.module`, `is "${q.module}", which is not one of the week's modules (${spec.modules.join(', ')})`);
    if (spec.predictions.findIndex((p) => p.id === q.id) !== i) throw new CourseError(shown, `predictions.${i}.id`, `"${q.id}" appears twice`);
  });
}

function checkFiles(root: string, dir: string, spec: FrontMatter, shown: string): void {
  for (const module of spec.modules) {
    for (const file of [`${module}.ts`, `${module}.test.ts`]) {
      if (!existsSync(join(dir, file))) throw new CourseError(shown, 'modules', `names "${module}" but ${relative(root, join(dir, file))} is missing`);
    }
  }
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.test.ts') && !spec.modules.includes(name.slice(0, -'.test.ts'.length))) {
      throw new CourseError(shown, 'modules', `does not list "${name.slice(0, -'.test.ts'.length)}", but ${relative(root, join(dir, name))} exists: list the module, or remove the test file (it would never be graded)`);
    }
  }
}

/** The week's hints: a missing or malformed file is a course error naming it and the field. */
function loadHints(root: string, slug: string): Hint[] {
  const path = authorFile(root, slug, 'hints');
  const shown = relative(root, path);
  let data: unknown;
  try {
    data = parseYaml(readCourseFile(root, path, 'hints file'));
  } catch (error) {
    if (error instanceof CourseError) throw error;
    throw new CourseError(shown, 'file', `is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = Hints.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new CourseError(shown, first.path.length > 0 ? first.path.map(String).join('.') : 'hints', `is invalid: ${first.message}`);
  }
  return parsed.data;
}

export function loadWeek(root: string, slug: string): Week {
  const dir = learnerDir(root, slug);
  const specPath = join(dir, 'spec.md');
  const shown = relative(root, specPath);
  if (!existsSync(specPath)) throw new CourseError(shown, 'file', 'is missing: every week folder needs a spec.md');
  const { frontMatter, body } = splitFrontMatter(readCourseFile(root, specPath), shown);
  const parsed = FrontMatter.safeParse(frontMatter);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new CourseError(shown, fieldOf(first), `is invalid: ${first.message}`);
  }
  const spec = parsed.data;
  checkFrontMatter(spec, shown, slug);
  checkFiles(root, dir, spec, shown);
  return {
    number: spec.week,
    slug,
    spec,
    hints: loadHints(root, slug),
    dir,
    authorDir: authorDir(root, slug),
    specPath,
    notesPath: join(dir, 'notes.md'),
    predictionsPath: join(dir, 'predictions.yaml'),
    body,
    ledger: readLedger(body, shown),
    examples: readExamples(body, shown),
    testFiles: spec.modules.map((module) => `weeks/${slug}/${module}.test.ts`),
  };
}

/** Every week, in course order. Throws a CourseError naming file and field on bad input. */
export function loadCourse(root: string): Course {
  const weeksDir = join(root, 'weeks');
  let entries;
  try {
    entries = readdirSync(weeksDir, { withFileTypes: true });
  } catch (error) {
    throw new CourseError('weeks/', 'folder', `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const slugs = entries.filter((entry) => entry.isDirectory() && WEEK_DIR.test(entry.name)).map((entry) => entry.name).sort();
  const weeks = slugs.map((slug) => loadWeek(root, slug));
  weeks.forEach((week, i) => {
    if (week.number !== i + 1) {
      throw new CourseError(relative(root, week.specPath), 'week', `is ${week.number}; weeks must be numbered 1, 2, 3 ... without gaps`);
    }
  });
  return { root, weeks };
}

/** The weeks with these numbers (all when omitted); a number the course does not have is a course error. */
export function selectWeeks(course: Course, numbers: readonly number[] | undefined): Week[] {
  if (!numbers || numbers.length === 0) return [...course.weeks];
  for (const n of numbers) {
    if (!course.weeks.some((w) => w.number === n)) {
      throw new CourseError('weeks/', 'week', `${n} does not exist: the course has weeks ${course.weeks.map((w) => w.number).join(', ')}`);
    }
  }
  return course.weeks.filter((w) => numbers.includes(w.number));
}
