/**
 * The incremental publish's one mechanism. A part of the site (a spec's HTML, a week's results, a
 * note, a figure) is computed only when its inputs differ from those the manifest recorded for it:
 * its key (a digest of its source text and settings) and the digests of the files it read. Otherwise
 * its value comes from the cache. Without a manifest (a full rebuild) every part is computed.
 */
import type { z } from 'zod';
import type { ValueCache } from './cache.ts';
import type { PathDigests } from '../digest.ts';
import { MANIFEST_VERSION, type Manifest, type ManifestPart } from './manifest.ts';

export type Computed<T> = {
  value: T;
  /** The files the value was computed from, digested before they were read (PathDigests.all). */
  files?: Record<string, string>;
  /** false for an outcome worth computing again next time (the code was stopped at the time limit). */
  keep?: boolean;
};

export type PartWork<T> = {
  /** Digest of everything the part depends on except files. */
  key: string;
  schema: z.ZodType<T>;
  compute(): Promise<Computed<T>>;
};

export class Parts {
  private readonly next: Record<string, ManifestPart> = {};
  /** The ids of the parts this build computed, in the order they finished. */
  readonly computed: string[] = [];

  constructor(
    private readonly previous: Manifest | undefined,
    private readonly cache: ValueCache,
    /** Digests of the files parts read, shared by the whole build. */
    readonly digests: PathDigests,
  ) {}

  async get<T>(id: string, work: PartWork<T>): Promise<T> {
    const old = this.previous?.parts[id];
    if (old && old.key === work.key && this.unchanged(old.files)) {
      const value = this.cache.get(old.value, work.schema);
      if (value !== undefined) {
        this.next[id] = old;
        return value;
      }
    }
    const { value, files, keep = true } = await work.compute();
    this.computed.push(id);
    // The page is rendered from the value as the cache would return it, so a cached build and a full one give the same bytes.
    const stored = work.schema.parse(JSON.parse(JSON.stringify(value)));
    if (keep) this.next[id] = { key: work.key, ...(files ? { files } : {}), value: this.cache.put(stored) };
    return stored;
  }

  private unchanged(files: Record<string, string> | undefined): boolean {
    return Object.entries(files ?? {}).every(([path, recorded]) => this.digests.of(path) === recorded);
  }

  /**
   * The manifest of this build: every part it used, computed or cached, and the earlier build's
   * parts it did not need that `stillMeant` accepts (a week's results while the week is
   * incomplete), so a week that is complete again with the same code need not run again.
   */
  manifest(build: string, stillMeant: (id: string) => boolean = () => true): Manifest {
    const kept = Object.entries(this.previous?.parts ?? {}).filter(([id]) => !(id in this.next) && stillMeant(id));
    return { version: MANIFEST_VERSION, build, parts: { ...Object.fromEntries(kept), ...this.next } };
  }
}
