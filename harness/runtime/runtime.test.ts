import { describe, expect, it } from 'vitest';
import { createRng, fromNested, NotImplemented, numel, offset, randn, ShapeError, tensor, toNested, unravel, zeros } from './index.ts';
import { clearNotImplementedLog, notImplementedLog } from './errors.ts';

describe('tensors', () => {
  it('are row-major: t[i][j] of a [m, n] tensor lives at data[i·n + j]', () => {
    const t = fromNested([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.data[offset(t.shape, [1, 0])]).toBe(4);
    expect(unravel([2, 3], 5)).toEqual([1, 2]);
    expect(toNested(t)).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('reject values that do not fill the shape, naming both', () => {
    expect(() => tensor([2, 3], [1, 2])).toThrow(ShapeError);
    expect(() => tensor([2, 3], [1, 2])).toThrow(/\[2, 3\] holds 6 values, got 2/);
    expect(() => fromNested([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => offset([2, 3], [2, 0])).toThrow(/outside shape \[2, 3\]/);
  });

  it('count elements, with a scalar shape holding one', () => {
    expect(numel([])).toBe(1);
    expect(numel([2, 0, 3])).toBe(0);
    expect(zeros([2, 3]).data.length).toBe(6);
  });
});

describe('the seeded generator', () => {
  it('gives the same numbers for the same seed and different numbers for another', () => {
    const a = randn([5], createRng(42));
    const b = randn([5], createRng(42));
    const c = randn([5], createRng(43));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
  });

  it('draws uniforms in [0, 1) and normals with mean near 0 and variance near 1', () => {
    const rng = createRng(1);
    const n = 20000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.05);
  });
});

describe('NotImplemented', () => {
  it('names the function and the week, and records itself for the grader', () => {
    clearNotImplementedLog();
    const error = new NotImplemented('matmul', 1);
    expect(error.message).toMatch(/matmul \(week 1\) is not implemented yet/);
    expect(notImplementedLog()).toEqual([{ fn: 'matmul', week: 1 }]);
    clearNotImplementedLog();
  });
});
