import { describe, expect, it } from 'vitest';
import { bytesPerElement, clone, createRng, DTYPES, fromNested, randn, ShapeError, zeros, type Tensor } from '../../harness/runtime/index.ts';
import { expectClose, expectCloseNumber, expectUnchanged } from '../../harness/testing/close.ts';
import { expectGradient } from '../../harness/testing/gradcheck.ts';
import { expectLedgerShape, ledgerShape, readWeekSpec } from '../../harness/testing/spec.ts';
import {
  attentionBackward,
  attentionFlops,
  attentionForward,
  attentionMemory,
  batchedMatmul,
  batchedTranspose,
  initAttention,
  type AttentionParams,
} from './attention.ts';

const spec = readWeekSpec(import.meta.url);

type Dims = { B: number; T: number; D: number; d_k: number; d_v: number };

/** T = 1 and B = 1 each way, and dims that differ from one another so a swapped axis shows. */
const DIM_CASES: Dims[] = [
  { B: 1, T: 1, D: 4, d_k: 3, d_v: 2 },
  { B: 1, T: 5, D: 3, d_k: 2, d_v: 4 },
  { B: 3, T: 1, D: 2, d_k: 5, d_v: 3 },
  { B: 2, T: 4, D: 6, d_k: 4, d_v: 5 },
];

const NO_MASK = { causal: false };
const CAUSAL = { causal: true };

function randomHead(dims: Dims, seed: number): { x: Tensor; params: AttentionParams; dout: Tensor } {
  const rng = createRng(seed);
  return {
    x: randn([dims.B, dims.T, dims.D], rng),
    params: {
      wq: randn([dims.D, dims.d_k], rng, 0.6),
      wk: randn([dims.D, dims.d_k], rng, 0.6),
      wv: randn([dims.D, dims.d_v], rng, 0.6),
    },
    dout: randn([dims.B, dims.T, dims.d_v], rng),
  };
}

/** Every ledger tensor of one forward and backward pass, with initAttention's parameters. */
function runHead(dims: Dims, causal: boolean): Record<string, Tensor> {
  const { x, dout } = randomHead(dims, 7);
  const params = initAttention(dims, 8);
  const fwd = attentionForward(x, params, { causal });
  const grads = attentionBackward(x, params, fwd, dout, { causal });
  return { x, ...params, ...fwd, dout, ...grads };
}

/** x [B, T, D] @ w [D, n] -> [B, T, n], in plain loops. */
function plainProject(x: Tensor, w: Tensor): Tensor {
  const [B, T, D] = x.shape as [number, number, number];
  const n = w.shape[1]!;
  const out = zeros([B, T, n]);
  for (let r = 0; r < B * T; r++) {
    for (let j = 0; j < n; j++) {
      for (let p = 0; p < D; p++) out.data[r * n + j]! += x.data[r * D + p]! * w.data[p * n + j]!;
    }
  }
  return out;
}

/**
 * The trusted attention, in plain loops, independent of the module under test: masked keys are
 * skipped rather than set to −∞, and each row's weights are exp(s − max) / Σ exp(s − max).
 */
function plainAttention(x: Tensor, params: AttentionParams, causal: boolean): Record<'q' | 'k' | 'v' | 'scores' | 'weights' | 'out', Tensor> {
  const [B, T] = x.shape as [number, number, number];
  const q = plainProject(x, params.wq);
  const k = plainProject(x, params.wk);
  const v = plainProject(x, params.wv);
  const d_k = q.shape[2]!;
  const d_v = v.shape[2]!;
  const scores = zeros([B, T, T]);
  const weights = zeros([B, T, T]);
  const out = zeros([B, T, d_v]);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < T; i++) {
      const row = (b * T + i) * T;
      for (let j = 0; j < T; j++) {
        let dot = 0;
        for (let c = 0; c < d_k; c++) dot += q.data[(b * T + i) * d_k + c]! * k.data[(b * T + j) * d_k + c]!;
        scores.data[row + j] = dot / Math.sqrt(d_k);
      }
      const last = causal ? i : T - 1;
      let max = -Infinity;
      for (let j = 0; j <= last; j++) max = Math.max(max, scores.data[row + j]!);
      let total = 0;
      for (let j = 0; j <= last; j++) total += Math.exp(scores.data[row + j]! - max);
      for (let j = 0; j <= last; j++) {
        const w = Math.exp(scores.data[row + j]! - max) / total;
        weights.data[row + j] = w;
        for (let c = 0; c < d_v; c++) out.data[(b * T + i) * d_v + c]! += w * v.data[(b * T + j) * d_v + c]!;
      }
    }
  }
  return { q, k, v, scores, weights, out };
}

/** The trusted loss for gradient checks: L = Σ G ⊙ out with the plain-loop attention, so dL/dout = G. */
function weightedOutputSum(x: Tensor, params: AttentionParams, G: Tensor, causal: boolean): number {
  const { out } = plainAttention(x, params, causal);
  let loss = 0;
  for (let i = 0; i < out.data.length; i++) loss += G.data[i]! * out.data[i]!;
  return loss;
}

/** The root mean square of a tensor's values: its standard deviation when the mean is 0. */
function rms(t: Tensor): number {
  return Math.sqrt(t.data.reduce((s, v) => s + v * v, 0) / t.data.length);
}

/** The row sums of a [B, T, T] tensor, as [B, T]. */
function rowSums(t: Tensor): number[][] {
  const [B, T, n] = t.shape as [number, number, number];
  return Array.from({ length: B }, (_, b) =>
    Array.from({ length: T }, (_, i) => {
      let s = 0;
      for (let j = 0; j < n; j++) s += t.data[(b * T + i) * n + j]!;
      return s;
    }),
  );
}

/** Tokens of every sequence reordered: token t of the result is token perm[t] of x. */
function permuteTokens(x: Tensor, perm: number[]): Tensor {
  const [B, T, n] = x.shape as [number, number, number];
  const out = zeros(x.shape);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) out.data.set(x.data.subarray((b * T + perm[t]!) * n, (b * T + perm[t]! + 1) * n), (b * T + t) * n);
  }
  return out;
}

/** The values of x at token t of sequence b. */
function token(x: Tensor, b: number, t: number): number[] {
  const [, T, n] = x.shape as [number, number, number];
  return Array.from(x.data.subarray((b * T + t) * n, (b * T + t + 1) * n));
}

function handHead(): { x: Tensor; params: AttentionParams } {
  const hand = spec.example('hand');
  const t = (key: string) => fromNested(hand[key] as number[][]);
  return { x: t('x'), params: { wq: t('wq'), wk: t('wk'), wv: t('wv') } };
}

const HAND_TOLERANCE = { rtol: 1e-10, atol: 1e-11 };

/** The spec's readout example (its method worked on another operation), against closed forms. */
function expectReadoutExample(part: 'memory' | 'flops'): void {
  const n = (key: string) => spec.number('readout', key);
  const [B, T, D] = [n('B'), n('T'), n('D')];
  if (part === 'memory') {
    expect(n('params'), 'spec readout params (u is [D, 1])').toBe(D);
    expect(n('param_bytes_fp32'), 'spec readout param_bytes_fp32').toBe(D * bytesPerElement('fp32'));
    expect(n('saved_values'), 'spec readout saved_values (x)').toBe(B * T * D);
    expect(n('saved_bytes_fp32'), 'spec readout saved_bytes_fp32').toBe(B * T * D * bytesPerElement('fp32'));
  } else {
    expect(n('matmul_flops'), 'spec readout matmul_flops ([B·T, D] @ [D, 1])').toBe(2 * B * T * D);
    expect(n('scale_flops'), 'spec readout scale_flops').toBe(B * T);
    expect(n('total_flops'), 'spec readout total_flops').toBe(2 * B * T * D + B * T);
  }
}

function workedDims(): Dims {
  const n = (key: string) => spec.number('worked', key);
  return { B: n('B'), T: n('T'), D: n('D'), d_k: n('d_k'), d_v: n('d_v') };
}

describe('shapes', { tags: ['shapes'] }, () => {
  for (const row of spec.ledger) {
    it(`${row.symbol} has shape ${row.shape}`, () => {
      DIM_CASES.forEach((dims, i) => expectLedgerShape(row, dims, runHead(dims, i % 2 === 1)[row.symbol]));
    });
  }

  it('batchedMatmul throws a ShapeError naming both shapes when the inner dims differ', () => {
    const call = () => batchedMatmul(zeros([2, 3, 4]), zeros([2, 5, 6]));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/\[2, 3, 4\][\s\S]*\[2, 5, 6\]/);
  });

  it('batchedMatmul throws a ShapeError naming both shapes when the batch sizes differ', () => {
    const call = () => batchedMatmul(zeros([2, 3, 4]), zeros([3, 4, 5]));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/\[2, 3, 4\][\s\S]*\[3, 4, 5\]/);
  });

  it('batchedMatmul throws a ShapeError when an input is not 3-D, and batchedTranspose turns [B, m, n] into [B, n, m]', () => {
    expect(() => batchedMatmul(zeros([3, 4]), zeros([1, 4, 5]))).toThrow(ShapeError);
    expect(() => batchedMatmul(zeros([1, 3, 4]), zeros([4, 5]))).toThrow(ShapeError);
    expect(batchedTranspose(zeros([2, 3, 5])).shape).toEqual([2, 5, 3]);
    expect(batchedMatmul(zeros([2, 3, 4]), zeros([2, 4, 5])).shape).toEqual([2, 3, 5]);
  });

  it('attentionForward throws a ShapeError naming x, wq, wk and wv when x has the wrong D', () => {
    const params = { wq: zeros([4, 3]), wk: zeros([4, 3]), wv: zeros([4, 2]) };
    const call = () => attentionForward(zeros([2, 5, 6]), params, NO_MASK);
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/\[2, 5, 6\][\s\S]*\[4, 3\][\s\S]*\[4, 3\][\s\S]*\[4, 2\]/);
  });

  it('attentionForward throws a ShapeError naming every shape when wq and wk disagree on d_k', () => {
    const params = { wq: zeros([4, 3]), wk: zeros([4, 5]), wv: zeros([4, 2]) };
    const call = () => attentionForward(zeros([2, 5, 4]), params, CAUSAL);
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/\[2, 5, 4\][\s\S]*\[4, 3\][\s\S]*\[4, 5\][\s\S]*\[4, 2\]/);
  });

  it('attentionBackward throws a ShapeError naming dOut when it is not [B, T, d_v]', () => {
    const dims = { B: 2, T: 3, D: 4, d_k: 5, d_v: 6 };
    const { x, params } = randomHead(dims, 1);
    const fwd = attentionForward(x, params, NO_MASK);
    const call = () => attentionBackward(x, params, fwd, zeros([2, 3, 5]), NO_MASK);
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/\[2, 3, 5\]/);
  });
});

/** The number of elements of a ledger tensor at these dims. */
function elementsOf(symbol: string, dims: Dims): number {
  return ledgerShape(spec.row(symbol), dims).reduce((a, b) => a * b, 1);
}

describe('memory', { tags: ['memory'] }, () => {
  const worked = workedDims();

  it('attentionMemory counts the parameter bytes of wq, wk and wv (wv is [D, d_v], not [D, d_k]), as in the worked example', () => {
    expectReadoutExample('memory');
    const table = spec.example('worked').param_bytes as Record<string, number>;
    for (const dtype of DTYPES) {
      expect(table[dtype], `spec param_bytes.${dtype}`).toBe(spec.number('worked', 'params') * bytesPerElement(dtype));
      expect(attentionMemory(worked, dtype).params, `params in ${dtype}`).toBe(table[dtype]);
    }
    expect(attentionMemory({ B: 1, T: 1, D: 3, d_k: 5, d_v: 7 }, 'int8').params, 'D=3, d_k=5, d_v=7 (d_v, not d_k, for wv)').toBe(51);
    for (const dims of DIM_CASES) {
      const params = attentionMemory(dims, 'fp32').params;
      expect(attentionMemory({ ...dims, B: 3 * dims.B, T: 5 * dims.T }, 'fp32').params, `params ignore B and T (${JSON.stringify(dims)}): the same weights serve every token`).toBe(params);
    }
  });

  it('attentionMemory counts the bytes of one [B, T, T] score tensor, as in the worked example', () => {
    const table = spec.example('worked').score_bytes as Record<string, number>;
    expect(spec.number('worked', 'score_values'), 'spec score_values: the scores ledger row').toBe(elementsOf('scores', worked));
    for (const dtype of DTYPES) {
      expect(table[dtype], `spec score_bytes.${dtype}`).toBe(spec.number('worked', 'score_values') * bytesPerElement(dtype));
      const got = attentionMemory(worked, dtype).scores;
      const why = got === 2 * table[dtype]! ? ': that is two such tensors (the scores and the weights together); one is asked for' : '';
      expect(got, `scores in ${dtype}${why}`).toBe(table[dtype]);
    }
  });

  it('doubling T multiplies the score bytes by 4 and leaves the parameter bytes unchanged', () => {
    for (const dims of [...DIM_CASES, worked]) {
      for (const dtype of DTYPES) {
        const base = attentionMemory(dims, dtype);
        const doubled = attentionMemory({ ...dims, T: 2 * dims.T }, dtype);
        const label = `T=${dims.T} -> ${2 * dims.T}, ${dtype}`;
        expect(base.scores, `scores at T=${dims.T}, ${dtype}: one value per entry of the scores ledger row`).toBe(elementsOf('scores', dims) * bytesPerElement(dtype));
        expect(doubled.scores, `scores at ${label}`).toBe(4 * base.scores);
        expect(doubled.params, `params at ${label}`).toBe(base.params);
      }
    }
  });

  it('attentionMemory counts what backward saves (x, q, k, v and weights; not scores, not out), as in the worked example', () => {
    const small = { B: 2, T: 3, D: 4, d_k: 5, d_v: 7 };
    const got = attentionMemory(small, 'fp64').saved / 8;
    const missing = (['x', 'q', 'k', 'v', 'weights'] as const).filter((name) => got === 144 - elementsOf(name, small));
    const extra = (['scores', 'out'] as const).filter((name) => got === 144 + elementsOf(name, small));
    const qAndK = got === 144 - elementsOf('q', small) - elementsOf('k', small);
    const why = qAndK ? ': q and k are missing' : missing.length ? `: ${missing.join(' or ')} is missing` : extra.length ? `: ${extra.join(' or ')} is counted too, which backward does not read` : '';
    expect(got, `values saved for ${JSON.stringify(small)}${why}`).toBe(144);
    const table = spec.example('worked').saved_bytes as Record<string, number>;
    for (const dtype of DTYPES) {
      expect(table[dtype], `spec saved_bytes.${dtype}: the int8 count at ${bytesPerElement(dtype)} bytes a value`).toBe(table.int8! * bytesPerElement(dtype));
      expect(table[dtype], `spec saved_bytes.${dtype}: saved_values at ${bytesPerElement(dtype)} bytes`).toBe(spec.number('worked', 'saved_values') * bytesPerElement(dtype));
      expect(attentionMemory(worked, dtype).saved, `saved in ${dtype}`).toBe(table[dtype]);
    }
  });

  it('attentionBackward needs only what is saved (x, q, k, v, weights): it gives the same gradients with scores and out blanked', () => {
    for (const [opts, dims] of [[NO_MASK, DIM_CASES[3]!], [CAUSAL, DIM_CASES[1]!]] as const) {
      const { x, params, dout } = randomHead(dims, 21);
      const fwd = attentionForward(x, params, opts);
      const full = attentionBackward(x, params, fwd, dout, opts);
      const blank = (t: Tensor): Tensor => ({ shape: [...t.shape], data: new Float64Array(t.data.length).fill(NaN) });
      const savedOnly = attentionBackward(x, params, { ...fwd, scores: blank(fwd.scores), out: blank(fwd.out) }, dout, opts);
      for (const name of ['dx', 'dwq', 'dwk', 'dwv'] as const) {
        expect(Array.from(full[name].data).every(Number.isFinite), `${name} is finite (causal ${opts.causal})`).toBe(true);
        expectClose(`${name} without scores and out (causal ${opts.causal})`, savedOnly[name], full[name]);
      }
    }
  });
});

type FlopsCase = Dims & { projections: number; scores: number; softmax: number; mix: number; total: number };

describe('flops', { tags: ['flops'] }, () => {
  const worked = workedDims();
  const cases = spec.example('flops_cases').cases as FlopsCase[];
  const dimsOf = ({ B, T, D, d_k, d_v }: FlopsCase): Dims => ({ B, T, D, d_k, d_v });
  /** Scores a causal head leaves visible: the convention counts the masked ones too. */
  const visible = (d: Dims) => (d.B * d.T * (d.T + 1)) / 2;

  it('attentionFlops projections count the three matmuls that make q, k and v from x viewed as [B·T, D]', () => {
    expect(cases.length, 'spec flops_cases').toBeGreaterThan(0);
    for (const c of cases) expect(attentionFlops(dimsOf(c)).projections, `projections for ${JSON.stringify(dimsOf(c))}: three matmuls, q and k d_k wide and v d_v wide`).toBe(c.projections);
  });

  it('attentionFlops scores count q @ kᵀ plus one FLOP per score for the 1/√d_k scaling', () => {
    for (const c of cases) {
      const got = attentionFlops(dimsOf(c)).scores;
      const perScore = elementsOf('scores', dimsOf(c));
      const why = got === c.scores - perScore ? `: the scaling by 1/√d_k, one FLOP per score (${perScore} here), is missing` : '';
      expect(got, `scores for ${JSON.stringify(dimsOf(c))}${why}`).toBe(c.scores);
    }
  });

  it('attentionFlops softmax counts 3 per score and mix counts weights @ v (masked entries still count)', () => {
    for (const c of cases) {
      const d = dimsOf(c);
      const flops = attentionFlops(d);
      const scores = elementsOf('scores', d);
      const softmaxWhy = flops.softmax === 3 * visible(d) && visible(d) !== scores ? ': only the unmasked scores are counted, and the convention counts every one' : '';
      expect(flops.softmax, `softmax for ${JSON.stringify(d)}: 3 FLOPs for each of the ${scores} scores${softmaxWhy}`).toBe(c.softmax);
      expect(flops.mix, `mix for ${JSON.stringify(d)}: weights @ v, [B, T, T] @ [B, T, d_v]`).toBe(c.mix);
    }
  });

  it('attentionFlops total is projections + scores + softmax + mix', () => {
    for (const c of cases) {
      const f = attentionFlops(dimsOf(c));
      expect(f.total, `total for ${JSON.stringify(dimsOf(c))}: the sum of your four parts`).toBe(f.projections + f.scores + f.softmax + f.mix);
      expect(f.total, `total for ${JSON.stringify(dimsOf(c))}`).toBe(c.total);
    }
  });

  it('attentionFlops matches the worked example', () => {
    expectReadoutExample('flops');
    const flops = attentionFlops(worked);
    for (const part of ['projections', 'scores', 'softmax', 'mix'] as const) expect(flops[part], part).toBe(spec.number('worked', `${part}_flops`));
    expect(flops.total, 'total').toBe(spec.number('worked', 'total_flops'));
  });

  it('doubling T doubles the projections and multiplies scores, softmax and mix by 4', () => {
    for (const dims of DIM_CASES) {
      const base = attentionFlops(dims);
      const doubled = attentionFlops({ ...dims, T: 2 * dims.T });
      expect(doubled.projections, `projections, T=${dims.T}`).toBe(2 * base.projections);
      for (const part of ['scores', 'softmax', 'mix'] as const) expect(doubled[part], `${part}, T=${dims.T}`).toBe(4 * base[part]);
    }
  });

  it('beyond the crossover T of the spec, scores + softmax + mix outweigh the projections, and not one token before', () => {
    const crossover = spec.example('crossover').cases as Dims[];
    expect(crossover.length).toBeGreaterThan(0);
    for (const { D, d_k, d_v, T } of crossover) {
      for (const B of [1, 4]) {
        const quadratic = (t: number) => {
          const f = attentionFlops({ B, T: t, D, d_k, d_v });
          return { t2: f.scores + f.softmax + f.mix, projections: f.projections };
        };
        const before = quadratic(T - 1);
        const at = quadratic(T);
        expect(before.t2, `T² terms at T=${T - 1}, D=${D}, B=${B}`).toBeLessThanOrEqual(before.projections);
        expect(at.t2, `T² terms at T=${T}, D=${D}, B=${B}`).toBeGreaterThan(at.projections);
      }
    }
  });
});

describe('gradients', { tags: ['gradients'] }, () => {
  const dims = { B: 2, T: 4, D: 5, d_k: 3, d_v: 2 };

  for (const opts of [NO_MASK, CAUSAL]) {
    const mask = opts.causal ? 'with the causal mask' : 'without a mask';

    it(`dx matches central differences ${mask} (x feeds q, k and v: three terms)`, () => {
      const { x, params, dout } = randomHead(dims, opts.causal ? 31 : 32);
      const { dx } = attentionBackward(x, params, attentionForward(x, params, opts), dout, opts);
      expectGradient('dx', (t) => weightedOutputSum(t, params, dout, opts.causal), x, dx);
    });

    it(`dwq matches central differences ${mask} (through the softmax, whose weights in a row are tied together by summing to 1)`, () => {
      const { x, params, dout } = randomHead(dims, opts.causal ? 33 : 34);
      const { dwq } = attentionBackward(x, params, attentionForward(x, params, opts), dout, opts);
      expectGradient('dwq', (w) => weightedOutputSum(x, { ...params, wq: w }, dout, opts.causal), params.wq, dwq);
    });

    it(`dwk matches central differences ${mask} (a key reaches the loss through every query's score against it)`, () => {
      const { x, params, dout } = randomHead(dims, opts.causal ? 35 : 36);
      const { dwk } = attentionBackward(x, params, attentionForward(x, params, opts), dout, opts);
      expectGradient('dwk', (w) => weightedOutputSum(x, { ...params, wk: w }, dout, opts.causal), params.wk, dwk);
    });

    it(`dwv matches central differences ${mask} (values reach the loss through weights @ v only, not through the softmax)`, () => {
      const { x, params, dout } = randomHead(dims, opts.causal ? 37 : 38);
      const { dwv } = attentionBackward(x, params, attentionForward(x, params, opts), dout, opts);
      expectGradient('dwv', (w) => weightedOutputSum(x, { ...params, wv: w }, dout, opts.causal), params.wv, dwv);
    });
  }
});

describe('numerics', { tags: ['numerics'] }, () => {
  it('inputs of large magnitude still give finite weights that sum to 1 (subtract the row max before exp)', () => {
    const dims = { B: 2, T: 5, D: 4, d_k: 3, d_v: 2 };
    const { x, params } = randomHead(dims, 41);
    const big = { shape: x.shape, data: x.data.map((v) => v * 1e4) }; // scores of order 1e8
    for (const opts of [NO_MASK, CAUSAL]) {
      const { weights, out } = attentionForward(big, params, opts);
      expect(Array.from(weights.data).every(Number.isFinite), `weights finite (causal ${opts.causal})`).toBe(true);
      expect(Array.from(out.data).every(Number.isFinite), `out finite (causal ${opts.causal})`).toBe(true);
      expectClose(`row sums of weights (causal ${opts.causal})`, fromNested(rowSums(weights)), fromNested(rowSums(weights).map((r) => r.map(() => 1))));
    }
  });

  it('with scores near 1e10 the causal weights above the diagonal are still exactly 0 (set −∞, do not add −1e9)', () => {
    const dims = { B: 2, T: 6, D: 4, d_k: 3, d_v: 2 };
    const { x, params } = randomHead(dims, 42);
    const huge = { shape: x.shape, data: x.data.map((v) => v * 1e5) };
    const { weights } = attentionForward(huge, params, CAUSAL);
    for (let b = 0; b < dims.B; b++) {
      for (let i = 0; i < dims.T; i++) {
        for (let j = i + 1; j < dims.T; j++) expect(weights.data[(b * dims.T + i) * dims.T + j], `weights[${b}, ${i}, ${j}]`).toBe(0);
      }
    }
  });

  it('initAttention draws wq, wk and wv with std 1/√D, so fresh queries and keys of unit-variance tokens have unit variance', () => {
    const dims = { D: 256, d_k: 64, d_v: 16 };
    const params = initAttention(dims, 5);
    for (const name of ['wq', 'wk', 'wv'] as const) expectCloseNumber(`std of ${name}`, rms(params[name]), 1 / Math.sqrt(dims.D), { rtol: 0.05 });
  });

  it('scores are scaled by 1/√d_k: with fresh weights and unit-variance tokens their std is near 1 (1/d_k gives about 1/8, no scaling about 8)', () => {
    const dims = { B: 2, T: 32, D: 256, d_k: 64, d_v: 16 };
    // Weights drawn here with std 1/√D, so this check does not depend on initAttention.
    const rng = createRng(5);
    const std = 1 / Math.sqrt(dims.D);
    const params = { wq: randn([dims.D, dims.d_k], rng, std), wk: randn([dims.D, dims.d_k], rng, std), wv: randn([dims.D, dims.d_v], rng, std) };
    const x = randn([dims.B, dims.T, dims.D], createRng(6));
    const scoreStd = rms(attentionForward(x, params, NO_MASK).scores);
    expect(scoreStd, 'std of the scores (1/d_k would give about 1/8)').toBeGreaterThan(0.75);
    expect(scoreStd, 'std of the scores (no scaling would give about 8)').toBeLessThan(1.33);
  });
});

describe('behaviour', { tags: ['behaviour'] }, () => {
  it('batchedMatmul multiplies each batch element by its own matrix, and batchedTranspose swaps the last two axes', () => {
    const a = fromNested([[[1, 2], [3, 4]], [[0, 1], [-1, 0]]]);
    const b = fromNested([[[1, 0, 2], [0, 1, 1]], [[2, 3, 4], [5, 6, 7]]]);
    expectClose('batchedMatmul(a, b)', batchedMatmul(a, b), [[[1, 2, 4], [3, 4, 10]], [[5, 6, 7], [-2, -3, -4]]]);
    expectClose('batchedTranspose(b)', batchedTranspose(b), [[[1, 0], [0, 1], [2, 1]], [[2, 5], [3, 6], [4, 7]]]);
  });

  it('q, k and v match the head worked by hand (each is x times its own weight matrix)', () => {
    const hand = spec.example('hand');
    const { x, params } = handHead();
    const trusted = plainAttention(x, params, false);
    const fwd = attentionForward(x, params, NO_MASK);
    for (const name of ['q', 'k', 'v'] as const) {
      expectClose(`spec ${name}`, fromNested(hand[name] as number[][][]), trusted[name]);
      expectClose(name, fwd[name], fromNested(hand[name] as number[][][]));
    }
  });

  it('scores are q @ kᵀ scaled by 1/√d_k, as in the head worked by hand (dividing by d_k would halve them there, no scaling double them)', () => {
    const hand = spec.example('hand');
    const { x, params } = handHead();
    const expected = fromNested(hand.scores as number[][][]);
    expectClose('spec scores', expected, plainAttention(x, params, false).scores);
    const { scores } = attentionForward(x, params, NO_MASK);
    expect(scores.shape, 'scores shape').toEqual(expected.shape);
    const everyScore = (factor: number) => expected.data.every((e, i) => Math.abs(scores.data[i]! - factor * e) < 1e-9);
    expect(everyScore(0.5), 'every score is half the hand example\'s: divided by d_k = 4 instead of √d_k = 2').toBe(false);
    expect(everyScore(2), 'every score is twice the hand example\'s: q · k not divided by √d_k = 2').toBe(false);
    expectClose('scores', scores, expected);
  });

  it('initAttention draws wq, then wk, then wv from createRng(seed), each with randn and std 1/√D (the order the spec fixes)', () => {
    const dims = { D: 5, d_k: 3, d_v: 4 };
    const rng = createRng(13);
    const std = 1 / Math.sqrt(dims.D);
    const expected = { wq: randn([dims.D, dims.d_k], rng, std), wk: randn([dims.D, dims.d_k], rng, std), wv: randn([dims.D, dims.d_v], rng, std) };
    const params = initAttention(dims, 13);
    for (const name of ['wq', 'wk', 'wv'] as const) expectClose(`${name} (drawn ${name === 'wq' ? 'first' : name === 'wk' ? 'second' : 'third'})`, params[name], expected[name], { rtol: 1e-12, atol: 0 });
  });

  it('weights and out match the head worked by hand without a mask (softmax over each row, the key axis)', () => {
    const hand = spec.example('hand');
    const { x, params } = handHead();
    const trusted = plainAttention(x, params, false);
    const fwd = attentionForward(x, params, NO_MASK);
    for (const name of ['weights', 'out'] as const) {
      expectClose(`spec ${name}`, fromNested(hand[name] as number[][][]), trusted[name], HAND_TOLERANCE);
      expectClose(name, fwd[name], fromNested(hand[name] as number[][][]), HAND_TOLERANCE);
    }
  });

  it('weights and out match the head worked by hand with the causal mask', () => {
    const hand = spec.example('hand');
    const { x, params } = handHead();
    const trusted = plainAttention(x, params, true);
    const fwd = attentionForward(x, params, CAUSAL);
    expectClose('spec causal_weights', fromNested(hand.causal_weights as number[][][]), trusted.weights, HAND_TOLERANCE);
    expectClose('spec causal_out', fromNested(hand.causal_out as number[][][]), trusted.out, HAND_TOLERANCE);
    expectClose('causal weights', fwd.weights, fromNested(hand.causal_weights as number[][][]), HAND_TOLERANCE);
    expectClose('causal out', fwd.out, fromNested(hand.causal_out as number[][][]), HAND_TOLERANCE);
  });

  it('every tensor of the forward pass matches plain loops on random batches, causal and not (no mixing across sequences)', () => {
    const { x, params } = randomHead({ B: 3, T: 5, D: 4, d_k: 3, d_v: 2 }, 51);
    for (const opts of [NO_MASK, CAUSAL]) {
      const trusted = plainAttention(x, params, opts.causal);
      const fwd = attentionForward(x, params, opts);
      for (const name of ['q', 'k', 'v', 'scores', 'weights', 'out'] as const) expectClose(`${name} (causal ${opts.causal})`, fwd[name], trusted[name]);
    }
  });

  it('scores are returned before the mask: the same with and without it', () => {
    const { x, params } = randomHead({ B: 2, T: 4, D: 3, d_k: 2, d_v: 3 }, 52);
    expectClose('causal scores', attentionForward(x, params, CAUSAL).scores, attentionForward(x, params, NO_MASK).scores);
  });

  it('with the causal mask, the weights above the diagonal (key j > query i) are exactly 0', () => {
    const dims = { B: 2, T: 5, D: 3, d_k: 4, d_v: 2 };
    const { x, params } = randomHead(dims, 53);
    const { weights } = attentionForward(x, params, CAUSAL);
    for (let b = 0; b < dims.B; b++) {
      for (let i = 0; i < dims.T; i++) {
        for (let j = i + 1; j < dims.T; j++) expect(weights.data[(b * dims.T + i) * dims.T + j], `weights[${b}, ${i}, ${j}]`).toBe(0);
      }
    }
  });

  it('without a mask, every row of weights sums to 1 over the keys (softmax along the last axis, not over the queries)', () => {
    const { x, params } = randomHead({ B: 2, T: 5, D: 3, d_k: 4, d_v: 2 }, 54);
    const sums = rowSums(attentionForward(x, params, NO_MASK).weights);
    expectClose('row sums of weights', fromNested(sums), fromNested(sums.map((r) => r.map(() => 1))));
  });

  it('with the causal mask, every row of weights still sums to 1 (the mask acts before the softmax, not after)', () => {
    const { x, params } = randomHead({ B: 2, T: 5, D: 3, d_k: 4, d_v: 2 }, 55);
    const sums = rowSums(attentionForward(x, params, CAUSAL).weights);
    expectClose('row sums of causal weights', fromNested(sums), fromNested(sums.map((r) => r.map(() => 1))));
  });

  it('under the causal mask position 0 attends only to itself: its weights are [1, 0, ...] and out at t = 0 equals v at t = 0', () => {
    const dims = { B: 3, T: 4, D: 3, d_k: 2, d_v: 5 };
    const { x, params } = randomHead(dims, 56);
    const { weights, v, out } = attentionForward(x, params, CAUSAL);
    for (let b = 0; b < dims.B; b++) {
      expectClose(`weights[${b}, 0]`, fromNested(token(weights, b, 0)), [1, 0, 0, 0]);
      expectClose(`out[${b}, 0]`, fromNested(token(out, b, 0)), fromNested(token(v, b, 0)));
    }
  });

  it('the causal mask keeps the diagonal: every token gives itself a positive weight', () => {
    const dims = { B: 2, T: 5, D: 3, d_k: 2, d_v: 2 };
    const { x, params } = randomHead(dims, 57);
    const { weights } = attentionForward(x, params, CAUSAL);
    for (let b = 0; b < dims.B; b++) {
      for (let i = 0; i < dims.T; i++) expect(weights.data[(b * dims.T + i) * dims.T + i], `weights[${b}, ${i}, ${i}]`).toBeGreaterThan(0);
    }
  });

  it('without a mask, permuting the tokens permutes the outputs the same way', () => {
    const { x, params } = randomHead({ B: 2, T: 5, D: 3, d_k: 4, d_v: 2 }, 58);
    const perm = [3, 0, 4, 1, 2];
    const out = attentionForward(x, params, NO_MASK).out;
    expectClose('out of the permuted tokens', attentionForward(permuteTokens(x, perm), params, NO_MASK).out, permuteTokens(out, perm));
  });

  it('with the causal mask, changing a later token changes no earlier output (and does change its own)', () => {
    const dims = { B: 2, T: 6, D: 3, d_k: 4, d_v: 2 };
    const { x, params } = randomHead(dims, 59);
    const before = attentionForward(x, params, CAUSAL).out;
    const changedAt = 3;
    const changed = clone(x);
    for (let b = 0; b < dims.B; b++) {
      for (let c = 0; c < dims.D; c++) changed.data[(b * dims.T + changedAt) * dims.D + c]! += 1.5;
    }
    const after = attentionForward(changed, params, CAUSAL).out;
    for (let b = 0; b < dims.B; b++) {
      for (let t = 0; t < changedAt; t++) expect(token(after, b, t), `out[${b}, ${t}] after changing token ${changedAt}`).toEqual(token(before, b, t));
      expect(token(after, b, changedAt), `out[${b}, ${changedAt}] after changing token ${changedAt}`).not.toEqual(token(before, b, changedAt));
    }
  });

  it('initAttention gives the same weights for the same seed and different ones for another seed', () => {
    const dims = { D: 4, d_k: 3, d_v: 2 };
    const a = initAttention(dims, 11);
    const b = initAttention(dims, 11);
    const c = initAttention(dims, 12);
    for (const name of ['wq', 'wk', 'wv'] as const) {
      expectClose(`${name} (same seed)`, b[name], a[name]);
      expect(Array.from(c[name].data), `${name} (another seed)`).not.toEqual(Array.from(a[name].data));
    }
    expect(Array.from(a.wq.data), 'wq and wk are different draws').not.toEqual(Array.from(a.wk.data));
  });

  it('attentionForward and attentionBackward leave their inputs unchanged (x, the weights, dOut and the saved forward tensors)', () => {
    const { x, params, dout } = randomHead({ B: 2, T: 3, D: 4, d_k: 2, d_v: 3 }, 60);
    const weights = { 'params.wq': params.wq, 'params.wk': params.wk, 'params.wv': params.wv };
    const fwd = expectUnchanged({ x, ...weights }, () => attentionForward(x, params, CAUSAL));
    const saved = { 'fwd.q': fwd.q, 'fwd.k': fwd.k, 'fwd.v': fwd.v, 'fwd.scores': fwd.scores, 'fwd.weights': fwd.weights, 'fwd.out': fwd.out };
    expectUnchanged({ x, ...weights, dOut: dout, ...saved }, () => attentionBackward(x, params, fwd, dout, CAUSAL));
  });
});
