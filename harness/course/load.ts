/**
 * Load: discover the weeks (folders NN-slug with a spec.md), validate each spec's front matter,
 * and check that every module it names exists with its test file beside it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CourseError } from './errors.ts';
import { FrontMatter } from './schema.ts';
import { splitFrontMatter } from './spec.ts';

export type Week = {
  number: number;
  /** Folder name, e.g. "01-linear": the same under weeks/ and solutions/. */
  slug: string;
  spec: FrontMatter;
  /** Absolute paths in the learner's tree. */
  dir: string;
  specPath: string;
  notesPath: string;
  body: string;
};

const WEEK_DIR = /^(\d{2})-[a-z0-9-]+$/;

function fieldOf(issue: { path: PropertyKey[] }): string {
  return issue.path.length > 0 ? issue.path.map(String).join('.') : 'front matter';
}

export function loadWeek(root: string, slug: string): Week {
  const dir = join(root, 'weeks', slug);
  const specPath = join(dir, 'spec.md');
  const shown = relative(root, specPath);
  if (!existsSync(specPath)) throw new CourseError(shown, 'file', 'is missing: every week folder needs a spec.md');
  const { frontMatter, body } = splitFrontMatter(readFileSync(specPath, 'utf8'), shown);
  const parsed = FrontMatter.safeParse(frontMatter);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new CourseError(shown, fieldOf(first), `is invalid: ${first.message}`);
  }
  const spec = parsed.data;
  const folderNumber = Number(WEEK_DIR.exec(slug)?.[1]);
  if (spec.week !== folderNumber) {
    throw new CourseError(shown, 'week', `is ${spec.week} but the folder ${slug} says ${folderNumber}`);
  }
  for (const module of spec.modules) {
    for (const file of [`${module}.ts`, `${module}.test.ts`]) {
      if (!existsSync(join(dir, file))) {
        throw new CourseError(shown, 'modules', `names "${module}" but ${relative(root, join(dir, file))} is missing`);
      }
    }
  }
  return { number: spec.week, slug, spec, dir, specPath, notesPath: join(dir, 'notes.md'), body };
}

/** Every week, in course order. Throws a CourseError naming file and field on bad input. */
export function loadCourse(root: string): Week[] {
  const weeksDir = join(root, 'weeks');
  const slugs = readdirSync(weeksDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && WEEK_DIR.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  const weeks = slugs.map((slug) => loadWeek(root, slug));
  weeks.forEach((week, i) => {
    if (week.number !== i + 1) {
      throw new CourseError(relative(root, week.specPath), 'week', `is ${week.number}; weeks must be numbered 1, 2, 3 ... without gaps`);
    }
  });
  return weeks;
}
