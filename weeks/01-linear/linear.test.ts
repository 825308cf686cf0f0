import { describe, expect, it } from 'vitest';
import { bytesPerElement, createRng, DTYPES, fromNested, randn, ShapeError, zeros, type Tensor } from '../../harness/runtime/index.ts';
import { expectClose, expectUnchanged } from '../../harness/testing/close.ts';
import { expectGradient } from '../../harness/testing/gradcheck.ts';
import { expectLedgerShape, ledgerShape, readWeekSpec } from '../../harness/testing/spec.ts';
import { linearBackward, linearFlops, linearForward, linearMemory, linearParamCount, matmul, sumAxis0, transpose } from './linear.ts';

const spec = readWeekSpec(import.meta.url);

type Dims = { B: number; D_in: number; D_out: number };

/** B = 1, D_in ≠ D_out both ways, and a larger layer. */
const DIM_CASES: Dims[] = [
  { B: 1, D_in: 3, D_out: 5 },
  { B: 4, D_in: 7, D_out: 2 },
  { B: 16, D_in: 64, D_out: 48 },
];

function randomLayer(dims: Dims, seed: number): { X: Tensor; W: Tensor; b: Tensor; dY: Tensor } {
  const rng = createRng(seed);
  return {
    X: randn([dims.B, dims.D_in], rng),
    W: randn([dims.D_in, dims.D_out], rng),
    b: randn([dims.D_out], rng),
    dY: randn([dims.B, dims.D_out], rng),
  };
}

/** A shape as a message may write it: [2, 3], or with symbols [m=2, k = 3]. */
function shapeText(...dims: number[]): RegExp {
  return new RegExp(`\\[${dims.map((d) => `(?:\\w+\\s*=\\s*)?${d}`).join(',\\s*')}\\]`);
}

/** Every ledger tensor of one forward and backward pass. */
function runLayer(dims: Dims): Record<string, Tensor> {
  const { X, W, b, dY } = randomLayer(dims, 7);
  const Y = linearForward(X, W, b);
  const { dx, dw, db } = linearBackward(X, W, dY);
  return { X, W, b, Y, dY, dW: dw, db, dX: dx };
}

/** The trusted loss for gradient checks: L = Σ_ij G_ij · (X @ W + b)_ij, so dL/dY = G. Written out in loops. */
function weightedOutputSum(X: Tensor, W: Tensor, b: Tensor, G: Tensor): number {
  const [B, D_in] = X.shape as [number, number];
  const D_out = W.shape[1]!;
  let loss = 0;
  for (let i = 0; i < B; i++) {
    for (let j = 0; j < D_out; j++) {
      let y = b.data[j]!;
      for (let p = 0; p < D_in; p++) y += X.data[i * D_in + p]! * W.data[p * D_out + j]!;
      loss += G.data[i * D_out + j]! * y;
    }
  }
  return loss;
}

describe('shapes', { tags: ['shapes'] }, () => {
  for (const row of spec.ledger) {
    it(`${row.symbol} has shape ${row.shape}`, () => {
      for (const dims of DIM_CASES) expectLedgerShape(row, dims, runLayer(dims)[row.symbol]);
    });
  }

  it('matmul throws a ShapeError naming both shapes when the inner dims differ', () => {
    const call = () => matmul(zeros([2, 3]), zeros([4, 5]));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(new RegExp(`${shapeText(2, 3).source}[\\s\\S]*${shapeText(4, 5).source}`));
  });

  it('matmul throws a ShapeError when an input is not 2-D', () => {
    expect(() => matmul(zeros([2, 3, 1]), zeros([1, 4]))).toThrow(ShapeError);
    expect(() => matmul(zeros([3]), zeros([3, 2]))).toThrow(ShapeError);
  });

  it('transpose turns [m, n] into [n, m] and sumAxis0 turns [m, n] into [n]', () => {
    expect(transpose(zeros([2, 5])).shape).toEqual([5, 2]);
    expect(sumAxis0(zeros([2, 5])).shape).toEqual([5]);
  });
});

/** The number of elements of a ledger tensor at these dims. */
function elementsOf(symbol: string, dims: Dims): number {
  return ledgerShape(spec.row(symbol), dims).reduce((a, b) => a * b, 1);
}

describe('memory', { tags: ['memory'] }, () => {
  const worked = { B: spec.number('worked', 'B'), D_in: spec.number('worked', 'D_in'), D_out: spec.number('worked', 'D_out') };

  it('linearParamCount counts every value of W and b (the worked example)', () => {
    const got = linearParamCount(worked);
    const why = got === spec.number('worked', 'params') - elementsOf('b', worked) ? ': b, one value per output feature, is missing' : '';
    expect(got, `params of the worked example (the spec's params)${why}`).toBe(spec.number('worked', 'params'));
    expect(linearParamCount({ D_in: 3, D_out: 5 }), 'a 3 → 5 layer: 15 weights and 5 biases').toBe(20);
    expect(linearParamCount({ D_in: 5, D_out: 3 }), 'a 5 → 3 layer: 15 weights and 3 biases').toBe(18);
    expect(linearParamCount({ D_in: 1, D_out: 4 }), 'a 1 → 4 layer: the bias adds one value per output feature, missing here if this is 4').toBe(8);
  });

  it('linearMemory gives parameter bytes for every dtype as in the worked example', () => {
    const table = spec.example('worked').param_bytes as Record<string, number>;
    for (const dtype of DTYPES) {
      expect(table[dtype], `spec param_bytes.${dtype}`).toBe(spec.number('worked', 'params') * bytesPerElement(dtype));
      expect(linearMemory(worked, dtype).params, `params in ${dtype}`).toBe(table[dtype]);
    }
  });

  it('linearMemory counts one gradient per parameter', () => {
    const table = spec.example('worked').param_bytes as Record<string, number>;
    for (const dtype of DTYPES) {
      expect(linearMemory(worked, dtype).grads, `grads in ${dtype}: as many bytes as the parameters`).toBe(table[dtype]);
    }
  });

  it('linearMemory saves X, the input dW is built from, for the backward pass (not Y)', () => {
    const table = spec.example('worked').saved_bytes as Record<string, number>;
    for (const dtype of DTYPES) {
      expect(table[dtype], `spec saved_bytes.${dtype}: the int8 count at ${bytesPerElement(dtype)} bytes a value`).toBe(table.int8! * bytesPerElement(dtype));
      const got = linearMemory(worked, dtype).saved;
      const x = elementsOf('X', worked) * bytesPerElement(dtype);
      const y = elementsOf('Y', worked) * bytesPerElement(dtype);
      const why = got === y ? ': that is the size of Y, which backward never reads' : got === x + y ? ': Y is counted too, which backward never reads' : '';
      expect(got, `saved in ${dtype}${why}`).toBe(table[dtype]);
    }
    expect(linearMemory({ B: 2, D_in: 3, D_out: 100 }, 'fp32').saved, 'saved for B=2, D_in=3, D_out=100: X only (Y is never read by backward)').toBe(24);
    for (const dims of DIM_CASES) {
      const saved = linearMemory(dims, 'fp32').saved;
      expect(linearMemory({ ...dims, B: 2 * dims.B }, 'fp32').saved, `saved doubles when B doubles from ${dims.B}`).toBe(2 * saved);
      expect(linearMemory({ ...dims, D_out: 3 * dims.D_out }, 'fp32').saved, `saved does not change when D_out grows (${JSON.stringify(dims)}): the output Y is not kept`).toBe(saved);
    }
  });
});

type FlopsCase = Dims & { forward: number; backward: number };

describe('flops', { tags: ['flops'] }, () => {
  const cases = spec.example('flops_cases').cases as FlopsCase[];

  it('linearFlops forward counts X @ W by the matmul convention plus one FLOP per output element for the bias', () => {
    expect(cases.length, 'spec flops_cases').toBeGreaterThan(0);
    for (const { forward, backward: _, ...dims } of cases) {
      const got = linearFlops(dims).forward;
      const bias = elementsOf('Y', dims);
      const why = got === forward - bias ? `: the bias add, one FLOP per element of Y (${bias} here), is missing` : '';
      expect(got, `forward for ${JSON.stringify(dims)}${why}`).toBe(forward);
      expect(linearFlops({ ...dims, B: 3 * dims.B }).forward, `forward triples when B does (${JSON.stringify(dims)})`).toBe(3 * got);
    }
  });

  it('linearFlops backward counts the matmuls of dX and dW plus the reduction of db', () => {
    for (const { forward, backward, ...dims } of cases) {
      const got = linearFlops(dims).backward;
      const db = elementsOf('dY', dims);
      const oneMatmul = forward - elementsOf('Y', dims); // the forward matmul: each backward matmul costs the same
      const why =
        got === backward - db
          ? `: db, a reduction of one FLOP per element of dY (${db} here), is missing`
          : got === backward - oneMatmul
            ? ': one of the two matmuls (dX or dW, each the size of the forward one) is missing'
            : '';
      expect(got, `backward for ${JSON.stringify(dims)}${why}`).toBe(backward);
      expect(linearFlops({ ...dims, B: 3 * dims.B }).backward, `backward triples when B does (${JSON.stringify(dims)})`).toBe(3 * got);
    }
  });

  it('linearFlops matches the worked example', () => {
    const worked = { B: spec.number('worked', 'B'), D_in: spec.number('worked', 'D_in'), D_out: spec.number('worked', 'D_out') };
    // The spec's own numbers hang together: the bias add and db are one FLOP per element of Y and dY,
    // and backward's two matmuls are each the size of forward's.
    expect(spec.number('worked', 'forward_flops') - spec.number('worked', 'forward_matmul_flops'), 'spec: forward minus its matmul').toBe(elementsOf('Y', worked));
    expect(spec.number('worked', 'backward_flops') - spec.number('worked', 'backward_matmul_flops'), 'spec: backward minus its matmuls').toBe(elementsOf('dY', worked));
    expect(spec.number('worked', 'backward_matmul_flops'), 'spec: backward matmuls').toBe(2 * spec.number('worked', 'forward_matmul_flops'));
    const flops = linearFlops(worked);
    expect(flops.forward, 'forward (the spec\'s forward_flops)').toBe(spec.number('worked', 'forward_flops'));
    expect(flops.backward, 'backward (the spec\'s backward_flops)').toBe(spec.number('worked', 'backward_flops'));
  });
});

describe('gradients', { tags: ['gradients'] }, () => {
  const dims = { B: 3, D_in: 4, D_out: 5 };

  it('dX from linearBackward matches central differences', () => {
    const { X, W, b, dY } = randomLayer(dims, 11);
    expectGradient('dX', (x) => weightedOutputSum(x, W, b, dY), X, linearBackward(X, W, dY).dx);
  });

  it('dW from linearBackward matches central differences (not its transpose)', () => {
    const { X, W, b, dY } = randomLayer(dims, 12);
    expectGradient('dW', (w) => weightedOutputSum(X, w, b, dY), W, linearBackward(X, W, dY).dw);
  });

  it('dW is right when D_in = D_out, where the transposed mistake has the right shape', () => {
    const { X, W, b, dY } = randomLayer({ B: 3, D_in: 4, D_out: 4 }, 13);
    expectGradient('dW', (w) => weightedOutputSum(X, w, b, dY), W, linearBackward(X, W, dY).dw);
  });

  it('db from linearBackward matches central differences (summed over the batch)', () => {
    const { X, W, b, dY } = randomLayer(dims, 14);
    expectGradient('db', (bias) => weightedOutputSum(X, W, bias, dY), b, linearBackward(X, W, dY).db);
  });
});

describe('behaviour', { tags: ['behaviour'] }, () => {
  const forward = spec.example('forward');
  const backward = spec.example('backward');
  const X = fromNested(forward.X as number[][]);
  const W = fromNested(forward.W as number[][]);

  it('matmul reproduces X @ W from the forward pass worked by hand', () => {
    const b = fromNested(forward.b as number[]);
    const Y = fromNested(forward.Y as number[][]);
    const withoutBias = Y.data.map((y, i) => y - b.data[i % b.data.length]!);
    expectClose('X @ W', matmul(X, W), { shape: Y.shape, data: withoutBias });
  });

  it('linearForward reproduces the forward pass worked by hand, bias included', () => {
    expectClose('Y', linearForward(X, W, fromNested(forward.b as number[])), fromNested(forward.Y as number[][]));
  });

  it('linearBackward reproduces dX, dW and db from the backward pass worked by hand', () => {
    const grads = linearBackward(X, W, fromNested(backward.dY as number[][]));
    expectClose('dX', grads.dx, fromNested(backward.dX as number[][]));
    expectClose('dW', grads.dw, fromNested(backward.dW as number[][]));
    expectClose('db', grads.db, fromNested(backward.db as number[]));
  });

  it('transpose swaps rows and columns and sumAxis0 adds the rows', () => {
    expectClose('transpose(W)', transpose(W), [[1, 2], [0, 1], [-1, 0]]);
    expectClose('sumAxis0(X)', sumAxis0(X), [3, 6]);
  });

  it('linearForward and linearBackward leave their inputs unchanged', () => {
    const { X: x, W: w, b, dY } = randomLayer({ B: 2, D_in: 3, D_out: 4 }, 15);
    expectUnchanged({ x, w, b }, () => linearForward(x, w, b));
    expectUnchanged({ x, w, dy: dY }, () => linearBackward(x, w, dY));
  });
});
