/**
 * Where the progress document lives: .course/progress.json (git-ignored), or
 * .course/progress.reference.json for the reference solutions. Written atomically, from the
 * grader's own in-memory result once every process that ran learner code has ended, under a lock:
 * two graders finishing together merge their weeks instead of losing one update. Read back
 * through zod; a document that does not validate is no document.
 */
import { existsSync, openSync, readFileSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function staleLock(path: string): boolean {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return !(Number.isInteger(pid) && pid > 0 && alive(pid)) || Date.now() - statSync(path).mtimeMs > STALE_LOCK_MS;
  } catch {
    return true;
  }
}

/** Runs `work` holding .course/<name>.lock: a file created exclusively, removed afterwards; a lock whose owner died is taken over. */
export async function withLock<T>(root: string, name: string, work: () => T): Promise<T> {
  ensureDir(root, courseDir(root));
  const path = join(courseDir(root), `${name}.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (staleLock(path)) rmSync(path, { force: true });
      else if (Date.now() > deadline) throw new Error(`${path} has been held for over ${LOCK_WAIT_MS / 1000} s: is another grade stuck? Delete the file if not.`);
      else await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  try {
    return work();
  } finally {
    rmSync(path, { force: true });
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
