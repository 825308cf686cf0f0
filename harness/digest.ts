/**
 * The one way the harness digests content — grading's fingerprints, the incremental publish, the
 * proof's check that weeks/ is untouched: sha256 over exact bytes, never modification times (a
 * checkout, a copy or a clock change makes times lie; contents cannot). A path ending in "/" stands
 * for a folder's listing: adding a file can change what an import resolves to.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HARNESS_DIR = fileURLToPath(new URL('.', import.meta.url));
const REPO_DIR = fileURLToPath(new URL('..', import.meta.url));

/** What a missing file or folder digests to: creating it later changes the digest. */
export const MISSING = 'missing';

/** One digest of many parts; each is length-prefixed, so ["ab", "c"] and ["a", "bc"] differ. */
export function digest(...parts: readonly (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part) : part;
    hash.update(`${bytes.length}:`).update(bytes);
  }
  return hash.digest('hex');
}

function listing(dir: string): string {
  const entries = readdirSync(dir, { withFileTypes: true }).map((e) => `${e.name}${e.isDirectory() ? '/' : ''}`).sort();
  return digest(...entries);
}

/** The digest of a file's bytes or a folder's listing, or MISSING. */
export function pathDigest(path: string): string {
  try {
    if (path.endsWith('/')) return existsSync(path) ? listing(path) : MISSING;
    return statSync(path).isFile() ? digest(readFileSync(path)) : MISSING;
  } catch {
    return MISSING;
  }
}

/** Every regular file under `dir` (recursive, in a stable order) that `keep` accepts, names and bytes in one digest. */
export function treeDigest(dir: string, keep: (name: string) => boolean = () => true): string {
  if (!existsSync(dir)) return MISSING;
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && keep(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return digest(...files.flatMap((file) => [file.slice(dir.length), readFileSync(file)]));
}

/**
 * Digests of paths relative to a course root, each read at most once per publish. The first read
 * is the one recorded: it happens before the code that depends on the file runs, so a file changed
 * meanwhile is seen as changed by the next publish, never as unchanged.
 */
export class PathDigests {
  private readonly seen = new Map<string, string>();
  constructor(private readonly root: string) {}

  of(path: string): string {
    let found = this.seen.get(path);
    if (found === undefined) {
      found = pathDigest(resolve(this.root, path) + (path.endsWith('/') ? '/' : ''));
      this.seen.set(path, found);
    }
    return found;
  }

  /** Each path with its digest, in the order given. */
  all(paths: readonly string[]): Record<string, string> {
    return Object.fromEntries(paths.map((path) => [path, this.of(path)]));
  }
}

/** The running harness: its own files (tests excluded: they change no grade and no page) and its package files. */
export function harnessDigest(): string {
  const packages = ['package.json', 'package-lock.json', 'tsconfig.json'].map((f) => pathDigest(join(REPO_DIR, f)));
  return digest(treeDigest(HARNESS_DIR, (name) => !name.endsWith('.test.ts')), ...packages);
}
