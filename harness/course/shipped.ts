/**
 * The course as shipped: the commit whose week modules are the stubs the course published. `npm test`
 * checks that every check fails on those stubs, `reset` restores them, and grading compares the
 * course files (tests, specs, the week's course files, the harness) against that commit to notice a
 * modified course.
 *
 * Which commit: the newest in HEAD's history whose week modules are all pure stubs (stubs.ts). In the
 * course's own repository that is HEAD (authors commit solutions to solutions/, never to weeks/); in a
 * learner's clone it is HEAD until they commit their work, and afterwards the last commit before it.
 * SYSTEMS_TRACK_STUBS=<git ref> or =worktree chooses explicitly; without git, the working tree stands in.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { git, readBlobs } from '../git.ts';
import { writeOwned } from '../outputs.ts';
import type { Course, Week } from './load.ts';
import { importedSpecifiers, stubShape } from './stubs.ts';

export type CourseSource = { kind: 'git'; commit: string; note: string } | { kind: 'worktree'; note: string };

/** Files of a week folder that the learner writes; every other file there belongs to the course. */
export function learnerFiles(week: Week): string[] {
  return [...week.spec.modules.map((m) => `${m}.ts`), 'notes.md', 'predictions.yaml'];
}

function modulePaths(course: Course): string[] {
  return course.weeks.flatMap((w) => w.spec.modules.map((m) => `weeks/${w.slug}/${m}.ts`));
}

/** path → blob id of the week modules present in a commit. */
function moduleBlobs(root: string, commit: string, paths: string[]): Map<string, string> {
  const listing = git(root, ['ls-tree', commit, '--', ...paths]) ?? '';
  const blobs = new Map<string, string>();
  for (const line of listing.split('\n')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.*)$/.exec(line);
    if (match) blobs.set(match[2]!, match[1]!);
  }
  return blobs;
}

const HISTORY_LIMIT = 500;

export function courseSource(course: Course): CourseSource {
  const { root } = course;
  const override = process.env.SYSTEMS_TRACK_STUBS;
  if (override === 'worktree') return { kind: 'worktree', note: 'the working tree (SYSTEMS_TRACK_STUBS=worktree)' };
  if (override) {
    const commit = git(root, ['rev-parse', '--verify', '--quiet', `${override}^{commit}`])?.trim();
    if (!commit) throw new Error(`SYSTEMS_TRACK_STUBS=${override} names no commit`);
    return { kind: 'git', commit, note: `commit ${commit.slice(0, 7)} (SYSTEMS_TRACK_STUBS=${override})` };
  }
  if (git(root, ['rev-parse', '--show-toplevel'])?.trim() !== root.replace(/\/$/, '')) {
    return { kind: 'worktree', note: 'the working tree (not a git checkout: course files cannot be checked against the course as shipped)' };
  }
  const commits = (git(root, ['rev-list', `--max-count=${HISTORY_LIMIT}`, 'HEAD']) ?? '').split('\n').filter(Boolean);
  const paths = modulePaths(course);
  const pure = new Map<string, boolean>();
  for (const [i, commit] of commits.entries()) {
    const blobs = moduleBlobs(root, commit, paths);
    const unknown = [...blobs.values()].filter((id) => !pure.has(id));
    for (const [id, bytes] of readBlobs(root, unknown)) pure.set(id, stubShape(bytes.toString('utf8')).pure);
    if (blobs.size > 0 && [...blobs.values()].every((id) => pure.get(id))) {
      const where = i === 0 ? 'HEAD' : `HEAD~${i}, the newest commit whose week modules are all stubs; the commits after it hold your work`;
      return { kind: 'git', commit, note: `commit ${commit.slice(0, 7)} (${where})` };
    }
  }
  return { kind: 'worktree', note: 'the working tree (no commit in the history has stubs for every week module)' };
}

/** The shipped text of a file of the course (a path relative to the root), or undefined when the commit lacks it. */
export function shippedFile(root: string, source: CourseSource, path: string): string | undefined {
  if (source.kind === 'worktree') return existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : undefined;
  return git(root, ['show', `${source.commit}:${path}`]);
}

/** Where the stubs project finds the shipped stubs: <root>/.stubs, or another top-level folder named by SYSTEMS_TRACK_STUBS_DIR. */
export function stubsDir(root: string): string {
  return join(root, process.env.SYSTEMS_TRACK_STUBS_DIR ?? '.stubs');
}

/**
 * Writes every week folder as shipped (stubs, tests, spec, templates, course files) to <dir>/<slug>/,
 * two levels below the root like weeks/<slug>/, so relative imports of ../../harness still resolve.
 * A week module missing from the source is a clear error naming it.
 */
export function materialiseStubs(course: Course, source: CourseSource, dir: string): string {
  const { root } = course;
  for (const week of course.weeks) {
    const names = source.kind === 'git'
      ? (git(root, ['ls-tree', '--name-only', `${source.commit}:weeks/${week.slug}`]) ?? '').split('\n').filter(Boolean)
      : readdirSync(week.dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
    const files = new Set([...names, ...week.spec.modules.flatMap((m) => [`${m}.ts`, `${m}.test.ts`]), 'spec.md', 'notes.md']);
    for (const name of files) {
      const path = `weeks/${week.slug}/${name}`;
      const text = shippedFile(root, source, path);
      if (text === undefined) {
        if (name === 'notes.md') continue;
        throw new Error(`${path} is not in ${source.note}: commit it, or run with SYSTEMS_TRACK_STUBS=worktree`);
      }
      writeOwned(root, join(dir, week.slug, name), text);
    }
  }
  return dir;
}

/**
 * Course files that differ from the shipped course, per week number (0: the harness, which every week
 * depends on). Learner files (modules, notes, predictions) are never listed.
 */
export function modifiedCourseFiles(course: Course, source: CourseSource): Map<number, string[]> {
  const modified = new Map<number, string[]>();
  if (source.kind !== 'git') return modified;
  const { root } = course;
  const scope = ['harness', 'vitest.config.ts', 'weeks', 'solutions'];
  const changed = (git(root, ['diff', '--name-only', source.commit, '--', ...scope]) ?? '').split('\n');
  const untracked = (git(root, ['ls-files', '--others', '--exclude-standard', '--', ...scope]) ?? '').split('\n');
  for (const path of [...changed, ...untracked].filter(Boolean)) {
    const match = /^(weeks|solutions)\/([^/]+)\/(.+)$/.exec(path);
    const week = match ? course.weeks.find((w) => w.slug === match[2]) : undefined;
    // The learner's own files, and a folder of solutions/ that is no week, are no course file of a week.
    if (match && (!week || (match[1] === 'weeks' && learnerFiles(week).includes(match[3]!)))) continue;
    const key = week?.number ?? 0;
    modified.set(key, [...(modified.get(key) ?? []), path]);
  }
  return modified;
}

/** Learner modules that import the reference solutions (a re-export is not a solution of one's own), per week. */
export function solutionsImports(course: Course): Map<number, string[]> {
  const found = new Map<number, string[]>();
  const solutions = join(course.root, 'solutions');
  for (const week of course.weeks) {
    for (const module of week.spec.modules) {
      const file = join(week.dir, `${module}.ts`);
      if (!existsSync(file)) continue;
      for (const specifier of importedSpecifiers(readFileSync(file, 'utf8'))) {
        const target = resolve(week.dir, specifier);
        if (specifier.startsWith('.') || specifier.startsWith('/') ? !relative(solutions, target).startsWith('..') : false) {
          found.set(week.number, [...(found.get(week.number) ?? []), `${relative(course.root, file)} imports ${relative(course.root, target)}`]);
        }
      }
    }
  }
  return found;
}
