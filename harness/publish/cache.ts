/**
 * The values behind the manifest's parts, kept in .course/site-cache/<output>/ under the digest of
 * their JSON: a value is read back only if its bytes still digest to its name and it validates, so
 * a damaged entry costs a recomputation, never a wrong page. One folder per output folder, pruned
 * to what that folder's manifest names after every build, so the cache never outgrows one site.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { assertOwned, writeOwned } from '../outputs.ts';
import { courseDir } from '../progress/store.ts';
import { digest } from './digest.ts';

export class ValueCache {
  readonly dir: string;

  constructor(private readonly root: string, outDir: string) {
    this.dir = join(courseDir(root), 'site-cache', digest(resolve(outDir)).slice(0, 16));
  }

  private file(name: string): string {
    return join(this.dir, `${name}.json`);
  }

  /** The value stored under `name`, or undefined when it is missing, damaged or of another shape. */
  get<T>(name: string, schema: z.ZodType<T>): T | undefined {
    try {
      const text = readFileSync(this.file(name), 'utf8');
      if (digest(text) !== name) return undefined;
      const parsed = schema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stores a value (over a damaged entry of the same name, too); returns its name. */
  put(value: unknown): string {
    const text = JSON.stringify(value);
    const name = digest(text);
    writeOwned(this.root, this.file(name), text);
    return name;
  }

  /** Removes every value `keep` does not name (and anything else in the folder). */
  prune(keep: ReadonlySet<string>): void {
    if (!existsSync(assertOwned(this.root, this.dir))) return;
    for (const entry of readdirSync(this.dir)) {
      if (!keep.has(entry.replace(/\.json$/, '')) || !entry.endsWith('.json')) rmSync(join(this.dir, entry), { recursive: true, force: true });
    }
  }
}
