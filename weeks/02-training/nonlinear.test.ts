import { describe, expect, it } from 'vitest';
import { createRng, fromNested, randn, ShapeError, tensor, zeros, type Rng, type Tensor } from '../../harness/runtime/index.ts';
import { expectClose, expectUnchanged } from '../../harness/testing/close.ts';
import { centralDifferences, expectGradient } from '../../harness/testing/gradcheck.ts';
import { readWeekSpec } from '../../harness/testing/spec.ts';
import { relu, reluBackward, softmax } from './nonlinear.ts';

const spec = readWeekSpec(import.meta.url);

/** Normal samples pushed at least 0.1 away from ReLU's kink, so central differences never straddle it. */
function awayFromKink(shape: number[], rng: Rng): Tensor {
  const x = randn(shape, rng);
  for (let i = 0; i < x.data.length; i++) x.data[i] = Math.sign(x.data[i]!) * (0.1 + Math.abs(x.data[i]!));
  return x;
}

/** A shape as a message may write it: [2, 3], or with symbols [B=2, C = 3]. */
function shapeText(...dims: number[]): RegExp {
  return new RegExp(`\\[${dims.map((d) => `(?:\\w+\\s*=\\s*)?${d}`).join(',\\s*')}\\]`);
}

/** Both shapes, in this order, somewhere in a message. */
function bothShapes(a: number[], b: number[]): RegExp {
  return new RegExp(`${shapeText(...a).source}[\\s\\S]*${shapeText(...b).source}`);
}

/** Σ G ⊙ t, written out: a scalar whose gradient with respect to t is G. */
function weightedSum(t: Tensor, g: Tensor): number {
  let total = 0;
  for (let i = 0; i < t.data.length; i++) total += g.data[i]! * t.data[i]!;
  return total;
}

/** Softmax over the last axis by its definition, for the moderate scores of the gradient checks only. */
function plainSoftmax(t: Tensor): Tensor {
  const n = t.shape[t.shape.length - 1]!;
  const out = zeros(t.shape);
  for (let start = 0; start < t.data.length; start += n) {
    let total = 0;
    for (let j = 0; j < n; j++) total += Math.exp(t.data[start + j]!);
    for (let j = 0; j < n; j++) out.data[start + j] = Math.exp(t.data[start + j]!) / total;
  }
  return out;
}

/** The sum of each row over the last axis, for any rank. */
function rowSums(t: Tensor): number[] {
  const n = t.shape[t.shape.length - 1]!;
  const sums: number[] = [];
  for (let start = 0; start < t.data.length; start += n) sums.push(t.data.slice(start, start + n).reduce((a, b) => a + b, 0));
  return sums;
}

describe('shapes', { tags: ['shapes'] }, () => {
  it('relu, reluBackward and softmax return a tensor of their input shape, for ranks 1 to 4', () => {
    for (const shape of [[5], [2, 3], [2, 3, 4], [2, 1, 3, 2]]) {
      const x = randn(shape, createRng(1));
      expect(relu(x).shape, `relu of ${JSON.stringify(shape)}`).toEqual(shape);
      expect(reluBackward(x, x).shape, `reluBackward of ${JSON.stringify(shape)}`).toEqual(shape);
      expect(softmax(x).shape, `softmax of ${JSON.stringify(shape)}`).toEqual(shape);
    }
  });

  it('reluBackward throws a ShapeError naming both shapes when x and dy differ (even with equal sizes)', () => {
    const call = () => reluBackward(zeros([2, 3]), zeros([3, 2]));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(bothShapes([2, 3], [3, 2]));
  });
});

describe('numerics', { tags: ['numerics'] }, () => {
  it('softmax of [1000, 1001, 1002] is finite and matches the published values (no exponent may overflow)', () => {
    const example = spec.example('softmax');
    const y = softmax(fromNested(example.x as number[]));
    expect(Array.from(y.data).every(Number.isFinite), `softmax gave ${Array.from(y.data).join(', ')}`).toBe(true);
    expectClose('softmax([1000, 1001, 1002])', y, example.y as number[], { rtol: 1e-9 });
  });

  it('softmax of very negative scores [-1000, -1001, -1002] is finite and sums to 1', () => {
    const y = softmax(tensor([3], [-1000, -1001, -1002]));
    expect(Array.from(y.data).every(Number.isFinite), `softmax gave ${Array.from(y.data).join(', ')}`).toBe(true);
    expectClose('softmax([-1000, -1001, -1002])', y, [0.6652409558, 0.2447284711, 0.0900305732], { rtol: 1e-9 });
  });

  it('softmax rows sum to 1 and every entry lies in [0, 1], for ranks 1 to 4 and scores in the hundreds', () => {
    const rng = createRng(2);
    for (const shape of [[7], [3, 5], [2, 4, 4], [2, 2, 3, 6]]) {
      const y = softmax(randn(shape, rng, 200));
      const sums = rowSums(y);
      expectClose(`row sums of softmax ${JSON.stringify(shape)}`, tensor([sums.length], sums), new Array(sums.length).fill(1), { rtol: 1e-12 });
      expect(Array.from(y.data).every((v) => v >= 0 && v <= 1), `softmax ${JSON.stringify(shape)} has entries outside [0, 1]`).toBe(true);
    }
  });

  it('softmax ignores a constant added to a row: softmax(x + 1000) equals softmax(x)', () => {
    const x = randn([3, 4], createRng(3));
    const shifted = tensor(x.shape, Array.from(x.data, (v) => v + 1000));
    expectClose('softmax(x + 1000)', softmax(shifted), softmax(x), { rtol: 1e-9, atol: 1e-15 });
  });
});

describe('gradients', { tags: ['gradients'] }, () => {
  it('reluBackward matches central differences of Σ G ⊙ relu(x), with x away from 0 (no gradient where x < 0)', () => {
    const rng = createRng(4);
    const x = awayFromKink([4, 5], rng);
    const g = randn([4, 5], rng);
    const trustedRelu = (t: Tensor) => tensor(t.shape, Array.from(t.data, (v) => Math.max(0, v)));
    expectGradient('reluBackward', (t) => weightedSum(trustedRelu(t), g), x, reluBackward(x, g));
  });

  it('softmax through a random projection G: the slopes of Σ G ⊙ softmax(x) match those of a trusted softmax', () => {
    const rng = createRng(5);
    const x = randn([3, 4], rng, 2);
    const g = randn([3, 4], rng);
    // The trusted slopes: central differences of the same function through a softmax written out in loops.
    const trusted = centralDifferences((t) => weightedSum(plainSoftmax(t), g), x);
    expectGradient('softmax (through G)', (t) => weightedSum(softmax(t), g), x, trusted);
  });

  it('softmax of a rank-3 tensor normalises over the last axis only: its slopes match a trusted row-wise softmax', () => {
    const rng = createRng(6);
    const x = randn([2, 3, 3], rng);
    const g = randn([2, 3, 3], rng);
    const trusted = centralDifferences((t) => weightedSum(plainSoftmax(t), g), x);
    expectGradient('softmax [B, T, T] (through G)', (t) => weightedSum(softmax(t), g), x, trusted);
  });
});

describe('behaviour', { tags: ['behaviour'] }, () => {
  const example = spec.example('relu');

  it('relu zeroes the negatives and 0, and keeps the positives (the spec example)', () => {
    expectClose('relu(x)', relu(fromNested(example.x as number[])), example.y as number[]);
  });

  it('reluBackward passes dy only where x > 0: nothing at x = 0 or below (the spec example)', () => {
    const dx = reluBackward(fromNested(example.x as number[]), fromNested(example.dy as number[]));
    expectClose('reluBackward(x, dy)', dx, example.dx as number[]);
  });

  it('softmax normalises each row on its own (the spec example: [1, 2, 3] and three equal scores)', () => {
    const example = spec.example('softmax');
    expectClose('softmax(rows)', softmax(fromNested(example.rows as number[][])), example.rows_y as number[][], { rtol: 1e-9 });
  });

  it('relu, reluBackward and softmax leave their inputs unchanged', () => {
    const rng = createRng(7);
    const x = randn([3, 4], rng);
    const dy = randn([3, 4], rng);
    expectUnchanged({ x }, () => relu(x));
    expectUnchanged({ x, dy }, () => reluBackward(x, dy));
    expectUnchanged({ x }, () => softmax(x));
  });
});
