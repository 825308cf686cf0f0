import { describe, expect, it } from 'vitest';
import { createRng, fromNested, randn, ShapeError, tensor, zeros, type Tensor } from '../../harness/runtime/index.ts';
import { expectClose, expectCloseNumber, expectUnchanged } from '../../harness/testing/close.ts';
import { expectGradient } from '../../harness/testing/gradcheck.ts';
import { readWeekSpec } from '../../harness/testing/spec.ts';
import { crossEntropy, crossEntropyBackward, mse, mseBackward } from './loss.ts';

const spec = readWeekSpec(import.meta.url);

/** A shape as a message may write it: [2, 3], or with symbols [B=2, C = 3]. */
function shapeText(...dims: number[]): RegExp {
  return new RegExp(`\\[${dims.map((d) => `(?:\\w+\\s*=\\s*)?${d}`).join(',\\s*')}\\]`);
}

/** Both shapes, in this order, somewhere in a message. */
function bothShapes(a: number[], b: number[]): RegExp {
  return new RegExp(`${shapeText(...a).source}[\\s\\S]*${shapeText(...b).source}`);
}

/** The trusted mean squared error, written out. */
function trustedMse(pred: Tensor, target: Tensor): number {
  let total = 0;
  for (let i = 0; i < pred.data.length; i++) total += (pred.data[i]! - target.data[i]!) ** 2;
  return total / pred.data.length;
}

/** The trusted cross-entropy by its definition, −log P[b, t_b] averaged over rows: for the moderate logits of the gradient checks only. */
function trustedCrossEntropy(logits: Tensor, targets: number[]): number {
  const [B, C] = logits.shape as [number, number];
  let total = 0;
  for (let b = 0; b < B; b++) {
    const row = Array.from(logits.data.slice(b * C, (b + 1) * C));
    const probability = Math.exp(row[targets[b]!]!) / row.reduce((s, z) => s + Math.exp(z), 0);
    total -= Math.log(probability);
  }
  return total / B;
}

describe('shapes', { tags: ['shapes'] }, () => {
  it('mseBackward returns a gradient of pred\'s shape, and crossEntropyBackward one of the logits\' shape [B, C]', () => {
    const rng = createRng(1);
    const pred = randn([3, 2, 2], rng);
    expect(mseBackward(pred, randn([3, 2, 2], rng)).shape).toEqual([3, 2, 2]);
    expect(crossEntropyBackward(randn([4, 5], rng), [0, 4, 2, 2]).shape).toEqual([4, 5]);
  });

  it('mse throws a ShapeError naming both shapes when pred and target differ (even with equal sizes)', () => {
    const call = () => mse(zeros([2, 3]), zeros([3, 2]));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(bothShapes([2, 3], [3, 2]));
  });

  it('mseBackward throws a ShapeError naming both shapes when pred and target differ (even with equal sizes)', () => {
    const call = () => mseBackward(zeros([2, 3]), zeros([3, 2]));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(bothShapes([2, 3], [3, 2]));
    expect(() => mseBackward(zeros([2, 3]), zeros([6]))).toThrow(ShapeError);
  });

  it('crossEntropy and crossEntropyBackward throw a ShapeError naming the logits shape when there is not one target per row', () => {
    const call = () => crossEntropy(zeros([3, 4]), [0, 1]);
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(shapeText(3, 4));
    const backward = () => crossEntropyBackward(zeros([3, 4]), [0, 1, 2, 3]);
    expect(backward).toThrow(ShapeError);
    expect(backward).toThrow(shapeText(3, 4));
  });

  it('crossEntropy throws a ShapeError when the logits are not [B, C]', () => {
    expect(() => crossEntropy(zeros([4]), [0])).toThrow(ShapeError);
    expect(() => crossEntropy(zeros([2, 3, 4]), [0, 1])).toThrow(ShapeError);
  });
});

describe('numerics', { tags: ['numerics'] }, () => {
  const example = spec.example('cross_entropy');
  const targets = example.targets as number[];

  it('crossEntropy of logits [1, 2, 3] with target 2 is the published 0.4076059644', () => {
    expectCloseNumber('crossEntropy', crossEntropy(fromNested(example.logits as number[][]), targets), spec.number('cross_entropy', 'loss'), { rtol: 1e-9 });
  });

  it('crossEntropy and its gradient on logits near 1000 are finite and equal to those of [1, 2, 3] (use log-sum-exp)', () => {
    const shifted = fromNested(example.shifted_logits as number[][]);
    const loss = crossEntropy(shifted, targets);
    expect(Number.isFinite(loss), `crossEntropy gave ${loss}`).toBe(true);
    expectCloseNumber('crossEntropy of [1000, 1001, 1002]', loss, spec.number('cross_entropy', 'loss'), { rtol: 1e-9 });
    expectClose('crossEntropyBackward of [1000, 1001, 1002]', crossEntropyBackward(shifted, targets), example.grad as number[][], { rtol: 1e-6 });
  });

  it('crossEntropy of a confident wrong guess is the logit gap, 800, not Infinity (never take log of softmax)', () => {
    const loss = crossEntropy(tensor([1, 3], [800, 0, 0]), [1]);
    expectCloseNumber('crossEntropy([800, 0, 0], target 1)', loss, 800, { rtol: 1e-12 });
  });

  it('the loss at chance is ln C: equal logits over 10 classes give ln 10 = 2.302585', () => {
    const C = spec.number('chance', 'C');
    expectCloseNumber('spec chance loss', spec.number('chance', 'loss'), Math.log(C), { rtol: 1e-6 });
    for (const value of [0, 7, -300]) {
      const loss = crossEntropy(tensor([4, C], new Array(4 * C).fill(value)), [0, 3, 9, 5]);
      expectCloseNumber(`crossEntropy of equal logits ${value}`, loss, Math.log(C), { rtol: 1e-12 });
    }
  });
});

describe('gradients', { tags: ['gradients'] }, () => {
  it('mseBackward matches central differences of the mean squared error over all N elements', () => {
    const rng = createRng(2);
    const pred = randn([3, 4], rng);
    const target = randn([3, 4], rng);
    expectGradient('mseBackward', (p) => trustedMse(p, target), pred, mseBackward(pred, target));
  });

  it('crossEntropyBackward matches central differences of the mean loss over B = 5 rows (divide by B)', () => {
    const rng = createRng(3);
    const logits = randn([5, 4], rng, 2);
    const targets = [0, 3, 1, 3, 2];
    expectGradient('crossEntropyBackward', (z) => trustedCrossEntropy(z, targets), logits, crossEntropyBackward(logits, targets));
  });

  it('crossEntropyBackward matches central differences with large logits (around ±50)', () => {
    const rng = createRng(4);
    const logits = randn([3, 6], rng, 20);
    const targets = [5, 0, 2];
    expectGradient('crossEntropyBackward', (z) => trustedCrossEntropy(z, targets), logits, crossEntropyBackward(logits, targets));
  });
});

describe('behaviour', { tags: ['behaviour'] }, () => {
  it('mse and mseBackward reproduce the spec example: loss 3.25, gradient [[0, 1], [1.5, 0]]', () => {
    const example = spec.example('mse');
    const pred = fromNested(example.pred as number[][]);
    const target = fromNested(example.target as number[][]);
    expectCloseNumber('spec mse loss', spec.number('mse', 'loss'), trustedMse(pred, target));
    expectCloseNumber('mse', mse(pred, target), spec.number('mse', 'loss'));
    expectClose('mseBackward', mseBackward(pred, target), example.grad as number[][]);
  });

  it('crossEntropyBackward of [1, 2, 3] with target 2 is the published gradient [0.0900306, 0.2447285, −0.3347590]', () => {
    const example = spec.example('cross_entropy');
    expectClose('crossEntropyBackward', crossEntropyBackward(fromNested(example.logits as number[][]), example.targets as number[]), example.grad as number[][], {
      rtol: 1e-6,
    });
  });

  it('crossEntropy and crossEntropyBackward throw a RangeError naming the target and C when it is not a class index in [0, C)', () => {
    const logits = zeros([2, 3]);
    expect(() => crossEntropy(logits, [0, 7])).toThrow(RangeError);
    expect(() => crossEntropy(logits, [0, 7])).toThrow(/7/);
    expect(() => crossEntropy(logits, [0, 7])).toThrow(/C\s*=\s*3/);
    expect(() => crossEntropy(logits, [-1, 0])).toThrow(RangeError);
    expect(() => crossEntropy(logits, [3, 0])).toThrow(RangeError);
    expect(() => crossEntropy(logits, [1.5, 0])).toThrow(RangeError);
    expect(() => crossEntropyBackward(logits, [0, 3])).toThrow(RangeError);
    expect(() => crossEntropyBackward(logits, [0, 3])).toThrow(/C\s*=\s*3/);
  });

  it('the losses and their gradients leave their inputs unchanged', () => {
    const rng = createRng(5);
    const pred = randn([2, 3], rng);
    const target = randn([2, 3], rng);
    expectUnchanged({ pred, target }, () => mse(pred, target));
    expectUnchanged({ pred, target }, () => mseBackward(pred, target));
    expectUnchanged({ logits: pred }, () => crossEntropy(pred, [0, 2]));
    expectUnchanged({ logits: pred }, () => crossEntropyBackward(pred, [0, 2]));
  });
});
