/**
 * Where the progress document lives: .course/progress.json (git-ignored), or
 * .course/progress.reference.json for `--reference`. Written atomically (a temporary file, then a
 * rename), so a reader such as the site never sees half a document. Read back through zod.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Progress } from './progress.ts';

export function progressPath(root: string, tree: Progress['tree']): string {
  return join(root, '.course', tree === 'solutions' ? 'progress.reference.json' : 'progress.json');
}

/** The stored document, or undefined when there is none or it does not validate. */
export function readProgress(root: string, tree: Progress['tree']): Progress | undefined {
  const path = progressPath(root, tree);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = Progress.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeProgress(root: string, progress: Progress): string {
  const path = progressPath(root, progress.tree);
  mkdirSync(join(root, '.course'), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(Progress.parse(progress), null, 2)}\n`);
  renameSync(temporary, path);
  return path;
}
