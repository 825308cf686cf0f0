/**
 * The values behind the manifest's parts, kept in .course/site-cache/<output>/ under the digest of
 * their JSON: a value is read back only if its bytes still digest to its name and it validates, so
 * a damaged entry costs a recomputation, never a wrong page. One folder per output folder, pruned
 * to what that folder's manifest names after every build, so the cache never outgrows one site;
 * the folder of an output folder that no longer has a manifest (a deleted temporary build) goes too.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { assertOwned, writeOwned } from '../outputs.ts';
import { courseDir } from '../progress/store.ts';
import { digest } from '../digest.ts';
import { manifestPath } from './manifest.ts';

/** In each cache folder: the output folder it serves. */
const OUTPUT_FILE = 'output.txt';

export class ValueCache {
  readonly dir: string;
  private readonly outDir: string;

  constructor(private readonly root: string, outDir: string) {
    this.outDir = resolve(outDir);
    this.dir = join(ValueCache.base(root), digest(this.outDir).slice(0, 16));
  }

  private static base(root: string): string {
    return join(courseDir(root), 'site-cache');
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

  /** Removes every value `keep` does not name, and the folders of output folders that are gone. */
  prune(keep: ReadonlySet<string>): void {
    const base = ValueCache.base(this.root);
    if (!existsSync(assertOwned(this.root, base))) return;
    if (existsSync(this.dir)) {
      for (const entry of readdirSync(this.dir)) {
        if (entry !== OUTPUT_FILE && !keep.has(entry.replace(/\.json$/, ''))) rmSync(join(this.dir, entry), { recursive: true, force: true });
      }
      if (readText(join(this.dir, OUTPUT_FILE)) !== this.outDir) writeOwned(this.root, join(this.dir, OUTPUT_FILE), `${this.outDir}\n`);
    }
    for (const entry of readdirSync(base)) {
      const folder = join(base, entry);
      if (folder === this.dir) continue;
      const served = readText(join(folder, OUTPUT_FILE));
      if (served === undefined || !existsSync(manifestPath(served))) rmSync(folder, { recursive: true, force: true });
    }
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}
