import { describe, expect, it } from 'vitest';
import { createRng, randn, ShapeError, type Tensor } from '../../harness/runtime/index.ts';
import { expectUnchanged } from '../../harness/testing/close.ts';
import { expectGradient } from '../../harness/testing/gradcheck.ts';
import { expectLedgerShape, readWeekSpec } from '../../harness/testing/spec.ts';
import { layerNorm } from '../04-decoder/decoder.ts';
import { layerNormBackward } from './layernorm.ts';

const spec = readWeekSpec(import.meta.url);

/** A single row, a [B, T, D] stream, and a row wider than it is long: so a swapped axis shows. */
const CASES = [
  { B: 1, T: 1, D: 5 },
  { B: 2, T: 3, D: 4 },
  { B: 3, T: 2, D: 7 },
];

function randomCase({ B, T, D }: { B: number; T: number; D: number }, seed: number) {
  const rng = createRng(seed);
  return { x: randn([B, T, D], rng, 2), gain: randn([D], rng), bias: randn([D], rng), dy: randn([B, T, D], rng) };
}

/** Σ dy ⊙ layerNorm(x): a scalar whose gradient in x, gain and bias is what layerNormBackward returns. */
function weighted(x: Tensor, gain: Tensor, bias: Tensor, dy: Tensor): number {
  const y = layerNorm(x, gain, bias);
  return y.data.reduce((sum, v, i) => sum + v * dy.data[i]!, 0);
}

describe('shapes', { tags: ['shapes'] }, () => {
  for (const symbol of ['dx', 'dgain', 'dbias'] as const) {
    it(`layerNormBackward's ${symbol} has shape ${spec.row(symbol).shape}`, () => {
      for (const c of CASES) {
        const { x, gain, dy } = randomCase(c, 1);
        expectLedgerShape(spec.row(symbol), c, layerNormBackward(dy, x, gain)[symbol]);
      }
    });
  }

  it('layerNormBackward throws a ShapeError naming every shape when dy and x differ or gain is not [D]', () => {
    const { x, gain, dy } = randomCase({ B: 2, T: 3, D: 4 }, 2);
    expect(() => layerNormBackward(randn([2, 3, 5], createRng(3)), x, gain)).toThrow(ShapeError);
    expect(() => layerNormBackward(dy, x, randn([3], createRng(3)))).toThrow(/\[3\]/);
  });
});

describe('gradients', { tags: ['gradients'] }, () => {
  it("layerNormBackward dx matches central differences of week 4's layerNorm, weighted by dy", () => {
    CASES.forEach((c, n) => {
      const { x, gain, bias, dy } = randomCase(c, 10 + n);
      expectGradient('dx', (t) => weighted(t, gain, bias, dy), x, layerNormBackward(dy, x, gain).dx);
    });
  });

  it('layerNormBackward dgain and dbias match central differences, summed over every position', () => {
    CASES.forEach((c, n) => {
      const { x, gain, bias, dy } = randomCase(c, 20 + n);
      const { dgain, dbias } = layerNormBackward(dy, x, gain);
      expectGradient('dgain', (g) => weighted(x, g, bias, dy), gain, dgain);
      expectGradient('dbias', (b) => weighted(x, gain, b, dy), bias, dbias);
    });
  });
});

describe('behaviour', { tags: ['behaviour'] }, () => {
  it('every row of dx sums to 0: adding a constant to a row does not change layerNorm, so it cannot change the loss', () => {
    const { x, gain, dy } = randomCase({ B: 2, T: 3, D: 6 }, 30);
    const { dx } = layerNormBackward(dy, x, gain);
    for (let row = 0; row < 6; row++) {
      const sum = dx.data.slice(row * 6, row * 6 + 6).reduce((a, b) => a + b, 0);
      const scale = dx.data.slice(row * 6, row * 6 + 6).reduce((a, b) => a + Math.abs(b), 0);
      expect(Math.abs(sum), `row ${row}: Σ dx = ${sum} against Σ |dx| = ${scale}`).toBeLessThan(1e-12 * Math.max(1, scale));
    }
  });

  it('layerNormBackward leaves dy, x and gain unchanged', () => {
    const { x, gain, dy } = randomCase({ B: 2, T: 2, D: 3 }, 31);
    expectUnchanged({ dy, x, gain }, () => layerNormBackward(dy, x, gain));
  });
});
