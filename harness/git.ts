/**
 * The one way the harness runs git: plumbing only, no prompt, no ext:: transport, and a time limit.
 * A command that fails answers undefined; the caller says what that means.
 */
import { execFileSync } from 'node:child_process';

const LIMIT_MS = 10 * 60_000;

export type GitOptions = { input?: string; timeoutMs?: number };

/** git's stdout, or undefined when git fails (not a repository, an unknown commit, a time-out). */
export function git(repo: string, args: readonly string[], options: GitOptions = {}): string | undefined {
  try {
    return execFileSync('git', ['-c', 'protocol.ext.allow=never', ...args], {
      cwd: repo,
      encoding: 'utf8',
      input: options.input,
      maxBuffer: 512 * 1024 * 1024,
      timeout: options.timeoutMs ?? LIMIT_MS,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
}

/** The bytes of many blobs in one git process (`git cat-file --batch`), by id; a missing blob is left out. */
export function readBlobs(repo: string, ids: readonly string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (ids.length === 0) return out;
  const raw = execFileSync('git', ['cat-file', '--batch'], { cwd: repo, input: `${ids.join('\n')}\n`, maxBuffer: 512 * 1024 * 1024 });
  let at = 0;
  for (const id of ids) {
    const headerEnd = raw.indexOf(10, at);
    const [, type, size] = raw.subarray(at, headerEnd).toString().split(' ');
    if (type === 'missing' || size === undefined) {
      at = headerEnd + 1;
      continue;
    }
    const start = headerEnd + 1;
    out.set(id, raw.subarray(start, start + Number(size)));
    at = start + Number(size) + 1;
  }
  return out;
}
