/**
 * The pristine copy a CI grade runs in: every file of the course commit (tests, specs, harness, the
 * Vitest configuration, the solutions), then the learner's files from the learner's commit on top —
 * exactly `learnerFiles(week)` of each week (module .ts files, notes.md, predictions.yaml) and
 * nothing else, so an edited test, spec or harness file in the fork counts for nothing.
 *
 * The copy lives in <root>/.course/pristine/<id>/, three levels below the root, so the project's
 * node_modules resolves from it as from the root. A learner file is taken only as a regular file of
 * at most 1 MiB; anything else (missing, a symbolic link, a submodule, too large) leaves the course's
 * shipped file in its place and is reported. Nothing git-related is written into the copy.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { loadCourse, type Course } from '../course/load.ts';
import { learnerFiles } from '../course/shipped.ts';
import { assertOwned } from '../outputs.ts';
import { readBlobs } from '../git.ts';
import { CiGradeError, listTree, type TreeEntry } from './histories.ts';

export type Kept = { path: string; why: string };
export type PristineCopy = { dir: string; course: Course; taken: string[]; kept: Kept[]; close(): void };

export const LEARNER_FILE_LIMIT = 1024 * 1024;
const COPY_LIMIT = { files: 10_000, bytes: 256 * 1024 * 1024 };
/** Folders the course ignores in git (outputs, scratch, dependencies): never part of a course commit worth copying. */
const SKIPPED = /^(node_modules|\.course|\.stubs[^/]*|\.mutant-[^/]*|site\/out)(\/|$)/;
const REGULAR = new Set(['100644', '100755']);

function writeFile(root: string, dir: string, path: string, data: Buffer): void {
  const target = assertOwned(root, join(dir, path));
  if (relative(dir, target).startsWith('..')) throw new CiGradeError(`refusing the path ${path}: it leaves the copy`);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, data);
}

/** A path no git command or resolver should meet in the copy: a .git folder anywhere, an ignored folder at the top. */
function copied(entry: TreeEntry): boolean {
  return REGULAR.has(entry.mode) && !SKIPPED.test(entry.path) && !entry.path.split('/').some((part) => part.toLowerCase() === '.git');
}

function writeCommit(root: string, repo: string, commit: string, dir: string): void {
  const entries = listTree(repo, commit).filter(copied);
  const bytes = entries.reduce((n, e) => n + e.size, 0);
  if (entries.length > COPY_LIMIT.files || bytes > COPY_LIMIT.bytes) {
    throw new CiGradeError(`the course commit ${commit.slice(0, 7)} holds ${entries.length} files, ${bytes} bytes: more than a course (${COPY_LIMIT.files} files, ${COPY_LIMIT.bytes} bytes)`);
  }
  const blobs = readBlobs(repo, entries.map((e) => e.id));
  for (const entry of entries) writeFile(root, dir, entry.path, blobs.get(entry.id)!);
}

function whyNot(entry: TreeEntry | undefined): string | undefined {
  if (!entry) return 'not in the learner’s commit: the course’s file stays';
  if (entry.type !== 'blob' || !REGULAR.has(entry.mode)) return entry.mode === '120000' ? 'a symbolic link, not a file' : 'not a regular file';
  if (entry.size > LEARNER_FILE_LIMIT) return `${entry.size} bytes, more than ${LEARNER_FILE_LIMIT}`;
  return undefined;
}

/** Puts the learner's files of `learnerCommit` over the shipped ones; returns what was taken and what was kept. */
function overlayLearnerFiles(root: string, repo: string, learnerCommit: string, course: Course): { taken: string[]; kept: Kept[] } {
  const paths = course.weeks.flatMap((w) => learnerFiles(w).map((f) => `weeks/${w.slug}/${f}`));
  const entries = new Map(listTree(repo, learnerCommit, paths).map((e) => [e.path, e]));
  const taken: string[] = [];
  const kept: Kept[] = [];
  const usable = paths.filter((path) => {
    const why = whyNot(entries.get(path));
    // A file neither the course nor the learner has (an optional predictions.yaml) is nothing to report.
    if (why && (entries.has(path) || existsSync(join(course.root, path)))) kept.push({ path, why });
    return !why;
  });
  const blobs = readBlobs(repo, usable.map((p) => entries.get(p)!.id));
  for (const path of usable) {
    writeFile(root, course.root, path, blobs.get(entries.get(path)!.id)!);
    taken.push(path);
  }
  return { taken, kept };
}

/** Writes the course commit with the learner's files into a fresh folder of <root>/.course/pristine/ and loads it. */
export function writePristineCopy(root: string, repo: string, commits: { course: string; learner: string }): PristineCopy {
  const dir = join(root, '.course', 'pristine', String(process.pid));
  const close = () => rmSync(assertOwned(root, dir), { recursive: true, force: true });
  close();
  try {
    writeCommit(root, repo, commits.course, dir);
    const shipped = loadCourse(dir);
    const { taken, kept } = overlayLearnerFiles(root, repo, commits.learner, shipped);
    return { dir, course: loadCourse(dir), taken, kept, close };
  } catch (error) {
    close();
    throw error;
  }
}
