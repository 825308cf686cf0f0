/**
 * The cache model on access patterns small enough to count by hand: LRU order, write-back of dirty
 * lines (on eviction and at the end), conflicts that only a set-associative cache has.
 */
import { describe, expect, it } from 'vitest';
import { CacheModel, fullyAssociative, STATED_L1D, describeGeometry } from './cache.ts';

const line = 64;

describe('the cache model', () => {
  it('an LRU cache of two lines evicts the least recently used line', () => {
    const cache = new CacheModel(fullyAssociative(2 * line, 'test'));
    for (const l of [0, 1, 0, 2, 0, 1]) cache.access(l * line, false); // 2 evicts 1 (0 was used since); 1 then evicts 2
    const s = cache.stats();
    expect([s.misses, s.hits]).toEqual([4, 2]);
    expect(s.dramBytes).toBe(4 * line);
  });

  it('reads within one line hit after the first miss: eight fp64 values share a line', () => {
    const cache = new CacheModel(fullyAssociative(4 * line, 'test'));
    for (let i = 0; i < 16; i++) cache.access(i * 8, false);
    expect(cache.stats()).toMatchObject({ misses: 2, hits: 14, reads: 16, writes: 0 });
  });

  it('a dirty line is written back when evicted, and the dirty lines left at the end are written back too', () => {
    const cache = new CacheModel(fullyAssociative(line, 'test'));
    cache.access(0, true); // miss, dirty
    cache.access(line, false); // miss, evicts the dirty line: one write-back
    cache.access(2 * line, true); // miss, evicts a clean line, dirty at the end: one more
    const s = cache.stats();
    expect([s.misses, s.writeBacks, s.dramBytes]).toEqual([3, 2, 5 * line]);
  });

  it('a set-associative cache misses where a fully associative one of the same size hits: addresses a set apart conflict', () => {
    const geometry = { bytes: 4 * line, ways: 2, lineBytes: line, source: 'test' } as const; // 2 sets of 2 ways
    const sets = new CacheModel(geometry);
    const full = new CacheModel(fullyAssociative(4 * line, 'test'));
    // lines 0, 2, 4 all map to set 0: three lines in a set of two ways, around and around
    for (let round = 0; round < 4; round++) for (const l of [0, 2, 4]) [sets, full].forEach((c) => c.access(l * line, false));
    expect(full.stats().misses).toBe(3);
    expect(sets.stats().misses).toBe(12);
  });

  it('says what it models', () => {
    expect(describeGeometry(STATED_L1D)).toBe('32 KiB 8-way LRU, 64-byte lines');
    expect(describeGeometry(fullyAssociative(32 * 1024, 'x'))).toBe('32 KiB fully associative LRU, 64-byte lines');
    expect(() => new CacheModel({ bytes: 100, ways: 1, lineBytes: 64, source: 'x' })).toThrow(/whole number of lines/);
  });
});
