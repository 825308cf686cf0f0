/**
 * The pieces under the incremental publish: digests that see every byte, a manifest that is
 * either exactly this build's or no manifest at all, and a cache that returns a value only if its
 * bytes are the ones stored.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValueCache } from './cache.ts';
import { digest, MISSING, PathDigests, pathDigest } from '../digest.ts';
import { buildKey, manifestPath, readManifest, writeManifest, type Manifest } from './manifest.ts';

const root = mkdtempSync(join(tmpdir(), 'publish-manifest-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('digests', () => {
  it('tell the parts apart, not only their concatenation', () => {
    expect(digest('ab', 'c')).not.toBe(digest('a', 'bc'));
    expect(digest('ab', 'c')).toBe(digest('ab', 'c'));
  });

  it('of a file follow its bytes, of a folder its names; a missing one is MISSING', () => {
    const dir = join(root, 'digests');
    mkdirSync(dir);
    const file = join(dir, 'a.ts');
    writeFileSync(file, 'export const a = 1;\n');
    const [before, listing] = [pathDigest(file), pathDigest(`${dir}/`)];
    writeFileSync(file, 'export const a = 2;\n');
    expect(pathDigest(file)).not.toBe(before);
    expect(pathDigest(`${dir}/`)).toBe(listing);
    writeFileSync(join(dir, 'a.js'), '');
    expect(pathDigest(`${dir}/`)).not.toBe(listing);
    expect(pathDigest(join(dir, 'none.ts'))).toBe(MISSING);
  });

  it('are taken once per build: the first read is the one recorded', () => {
    writeFileSync(join(root, 'once.ts'), '1');
    const digests = new PathDigests(root);
    const first = digests.of('once.ts');
    writeFileSync(join(root, 'once.ts'), '2');
    expect(digests.all(['once.ts'])).toEqual({ 'once.ts': first });
  });
});

describe('the manifest', () => {
  const out = join(root, 'out');
  const key = buildKey({ tree: 'weeks', commit: 'c1', harness: 'h1' });
  const manifest: Manifest = { version: 1, build: key, parts: { 'spec:01-a': { key: 'k', value: 'v' } } };

  it('has a build key that changes with the tree, the course commit and the harness', () => {
    expect(buildKey({ tree: 'weeks', commit: 'c1', harness: 'h1' })).toBe(key);
    for (const other of [{ tree: 'solutions' as const, commit: 'c1', harness: 'h1' }, { tree: 'weeks' as const, commit: 'c2', harness: 'h1' }, { tree: 'weeks' as const, commit: 'c1', harness: 'h2' }, { tree: 'weeks' as const, commit: undefined, harness: 'h1' }]) {
      expect(buildKey(other)).not.toBe(key);
    }
  });

  it('is read back only by the same build; otherwise it says why the build is a full one', () => {
    expect(readManifest(out, key)).toEqual({ full: 'no manifest from an earlier build' });
    writeManifest(root, out, manifest);
    expect(readManifest(out, key)).toEqual({ manifest });
    expect(readManifest(out, buildKey({ tree: 'solutions', commit: 'c1', harness: 'h1' }))).toEqual({ full: 'the harness, its packages, the course commit or the published tree changed' });
    for (const corrupt of ['{', '[]', JSON.stringify({ ...manifest, version: 2 }), JSON.stringify({ ...manifest, parts: { x: { key: 1 } } })]) {
      writeFileSync(manifestPath(out), corrupt);
      expect(readManifest(out, key)).toEqual({ full: 'the manifest is corrupt' });
    }
  });
});

describe('the value cache', () => {
  it('returns a value only while its bytes digest to its name and it has the expected shape', () => {
    const cache = new ValueCache(root, join(root, 'out'));
    const name = cache.put({ html: '<p>x</p>' });
    expect(cache.get(name, z.object({ html: z.string() }))).toEqual({ html: '<p>x</p>' });
    expect(cache.get(name, z.string())).toBeUndefined();
    writeFileSync(join(cache.dir, `${name}.json`), JSON.stringify({ html: '<p>y</p>' }));
    expect(cache.get(name, z.object({ html: z.string() }))).toBeUndefined();
    expect(cache.put({ html: '<p>x</p>' })).toBe(name); // stored again over the damaged entry
    expect(cache.get(name, z.object({ html: z.string() }))).toEqual({ html: '<p>x</p>' });
  });

  it('is pruned to what a manifest names', () => {
    const cache = new ValueCache(root, join(root, 'pruned'));
    const kept = cache.put('kept');
    const dropped = cache.put('dropped');
    cache.prune(new Set([kept]));
    expect(cache.get(kept, z.string())).toBe('kept');
    expect(cache.get(dropped, z.string())).toBeUndefined();
  });

  it('forgets the values of an output folder that has no manifest any more', () => {
    const gone = new ValueCache(root, join(root, 'gone'));
    const alive = new ValueCache(root, join(root, 'alive'));
    writeManifest(root, join(root, 'alive'), { version: 1, build: 'b', parts: {} });
    const aliveValue = alive.put('alive');
    alive.prune(new Set([aliveValue]));
    const goneValue = gone.put('gone');
    gone.prune(new Set([goneValue])); // 'gone' never gets its manifest written ...
    alive.prune(new Set([aliveValue])); // ... so the next build elsewhere drops its values
    expect(gone.get(goneValue, z.string())).toBeUndefined();
    expect(alive.get(aliveValue, z.string())).toBe('alive');
  });
});
