/**
 * The name filter that runs only a mutant's promised checks: Vitest matches it against
 * "file describe test", space-joined, and it must match every check whose full name
 * ("describe > test") contains `caughtBy`, whatever characters that holds.
 */
import { describe, expect, it } from 'vitest';
import { caughtByPattern } from './mutants.ts';

/** How Vitest's runner tests a check against --testNamePattern (interpretTaskModes). */
const runs = (caughtBy: string, file: string, names: string[]) => new RegExp(caughtByPattern(caughtBy)).test([file, ...names].join(' '));

describe('caughtByPattern', () => {
  const file = 'weeks/03-attention/attention.test.ts';

  it('matches a check whose name contains the text, and no other', () => {
    expect(runs('dW matches central differences', file, ['gradients', 'dW matches central differences (with a bias)'])).toBe(true);
    expect(runs('dW matches central differences', file, ['gradients', 'dX matches central differences'])).toBe(false);
  });

  it('treats regular-expression characters as text', () => {
    const caughtBy = 'scores are q @ kᵀ scaled by 1/√d_k (and [B, T]) + 2·x? ^$ \\ |';
    expect(runs(caughtBy, file, ['numerics', `${caughtBy}, as worked by hand`])).toBe(true);
    expect(runs('a.c', file, ['behaviour', 'abc'])).toBe(false);
  });

  it('matches across a describe and its check, and a " > " inside a check’s own name', () => {
    expect(runs('behaviour > position 0 attends', file, ['behaviour', 'position 0 attends only to itself'])).toBe(true);
    const inName = 'weights above the diagonal (key j > query i) are exactly 0';
    expect(runs(inName, file, ['behaviour', inName])).toBe(true);
  });
});
