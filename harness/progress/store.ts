/**
 * Where the progress document lives: .course/progress.json (git-ignored), or
 * .course/progress.reference.json for the reference solutions. Written atomically, from the
 * grader's own in-memory result once every process that ran learner code has ended, under a lock:
 * two graders finishing together merge their weeks instead of losing one update. Read back
 * through zod; a document that does not validate is no document.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { ensureDir, writeOwned } from '../outputs.ts';
import { mergeProgress, Progress, type Tree } from './document.ts';

export function courseDir(root: string): string {
  return join(root, '.course');
}

export function progressPath(root: string, tree: Tree): string {
  return join(courseDir(root), tree === 'solutions' ? 'progress.reference.json' : 'progress.json');
}

/** The stored document, or undefined when there is none or it does not validate. */
export function readProgress(root: string, tree: Tree): Progress | undefined {
  const path = progressPath(root, tree);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = Progress.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const STALE_LOCK_MS = 30_000;
const LOCK_WAIT_MS = 60_000;
const LOCK_POLL_MS = 50;

/**
 * Runs `work` holding .course/<name>.lock (proper-lockfile: a folder made atomically, its time kept
 * fresh while held, taken over once stale, so a grader that died cannot block the next for long).
 */
export async function withLock<T>(root: string, name: string, work: () => T): Promise<T> {
  ensureDir(root, courseDir(root));
  const target = join(courseDir(root), name);
  const lockfilePath = `${target}.lock`;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(target, {
      realpath: false,
      lockfilePath,
      stale: STALE_LOCK_MS,
      retries: { retries: LOCK_WAIT_MS / LOCK_POLL_MS, factor: 1, minTimeout: LOCK_POLL_MS, maxTimeout: LOCK_POLL_MS },
      // A lock taken over while held means another grader thought this one dead: its own merge still holds.
      onCompromised: () => {},
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    throw new Error(`${lockfilePath} has been held for over ${LOCK_WAIT_MS / 1000} s: is another grade stuck? Delete it if not.`);
  }
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
}

/** Merges `update`'s weeks into the stored document under the lock and writes it; returns what was stored. */
export function storeProgress(root: string, update: Progress): Promise<Progress> {
  return withLock(root, 'progress', () => {
    const stored = mergeProgress(readProgress(root, update.tree), update);
    writeOwned(root, progressPath(root, update.tree), `${JSON.stringify(Progress.parse(stored), null, 2)}\n`);
    return stored;
  });
}
