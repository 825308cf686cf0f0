import { describe, expect, it } from 'vitest';
import { createRng, fromNested, randn, tensor, type Tensor } from '../../harness/runtime/index.ts';
import { expectClose, expectCloseNumber, expectUnchanged } from '../../harness/testing/close.ts';
import { readWeekSpec } from '../../harness/testing/spec.ts';
import { numericalGradient, relativeError } from './gradcheck.ts';

const spec = readWeekSpec(import.meta.url);

function sumOf(x: Tensor, term: (v: number) => number): number {
  let total = 0;
  for (const v of x.data) total += term(v);
  return total;
}

describe('gradients', { tags: ['gradients'] }, () => {
  it('numericalGradient of Σ xᵢ³ matches 3xᵢ² from the spec to 1e-7 (central, not one-sided, differences)', () => {
    const cubic = spec.example('cubic');
    const x = fromNested(cubic.x as number[]);
    expectClose('numericalGradient', numericalGradient((t) => sumOf(t, (v) => v ** 3), x), fromNested(cubic.grad as number[]), {
      rtol: 1e-7,
      atol: 0,
    });
  });

  it('numericalGradient matches a closed form on random inputs and keeps their shape', () => {
    const x = randn([3, 4], createRng(3));
    // f = Σ sin(x)·exp(x/3);  f' = (cos(x) + sin(x)/3)·exp(x/3)
    const f = (t: Tensor) => sumOf(t, (v) => Math.sin(v) * Math.exp(v / 3));
    const expected = tensor(x.shape, Array.from(x.data, (v) => (Math.cos(v) + Math.sin(v) / 3) * Math.exp(v / 3)));
    expectClose('numericalGradient', numericalGradient(f, x), expected, { rtol: 1e-7, atol: 1e-9 });
  });

  it('numericalGradient restores each element before moving to the next (coupled terms like x₀·x₁·x₂)', () => {
    const x = tensor([3], [2, -3, 0.5]);
    const product = (t: Tensor) => t.data[0]! * t.data[1]! * t.data[2]!;
    expectClose('numericalGradient', numericalGradient(product, x), [-1.5, 1, -6], { rtol: 1e-7, atol: 1e-9 });
  });

  it('numericalGradient uses h = 1e-5 by default: the central difference of x³ at 0 is exactly h²', () => {
    const cube = (t: Tensor) => t.data[0]! ** 3;
    expectCloseNumber('numericalGradient at 0 (default h)', numericalGradient(cube, tensor([1], [0])).data[0]!, 1e-10, { rtol: 1e-3 });
    expectCloseNumber('numericalGradient at 0 (h = 1e-3)', numericalGradient(cube, tensor([1], [0]), 1e-3).data[0]!, 1e-6, { rtol: 1e-3 });
  });

  it('numericalGradient leaves x unchanged afterwards', () => {
    const x = randn([2, 3], createRng(4));
    expectUnchanged({ x }, () => numericalGradient((t) => sumOf(t, (v) => v * v), x));
  });

  it('relativeError is 0 where both values are 0', () => {
    expect(relativeError(tensor([3], [0, 0, 0]), tensor([3], [0, 0, 0]))).toBe(0);
    expect(relativeError(tensor([2], [0, 5]), tensor([2], [0, 5]))).toBe(0);
  });

  it('relativeError divides by the larger magnitude: |2 − 1| / 2 = 0.5, |1 − (−1)| / 1 = 2', () => {
    expect(relativeError(tensor([1], [2]), tensor([1], [1]))).toBe(0.5);
    expect(relativeError(tensor([1], [1]), tensor([1], [2]))).toBe(0.5);
    expect(relativeError(tensor([1], [1]), tensor([1], [-1]))).toBe(2);
  });

  it('relativeError reports the worst element, not the mean or the first', () => {
    expectCloseNumber('relativeError', relativeError(tensor([3], [1, 0, -2]), tensor([3], [1.1, 0, -2])), 0.1 / 1.1);
    expectCloseNumber('relativeError', relativeError(tensor([3], [1, 1, 1]), tensor([3], [1, 1, 4])), 0.75);
    expect(relativeError(tensor([1], [1e-20]), tensor([1], [0]))).toBe(1);
  });
});
