import { describe, expect, it } from 'vitest';
import { bytesPerElement, createRng, DTYPES, fromNested, randn, ShapeError, tensor, zeros, type Tensor } from '../../harness/runtime/index.ts';
import { expectClose, expectCloseNumber, expectUnchanged } from '../../harness/testing/close.ts';
import { expectGradient } from '../../harness/testing/gradcheck.ts';
import { expectLedgerShape, ledgerShape, readWeekSpec } from '../../harness/testing/spec.ts';
import { linearFlops, linearParamCount } from '../01-linear/linear.ts';
import { crossEntropyBackward } from './loss.ts';
import { initMlp, mlpBackward, mlpFlops, mlpForward, mlpParamCount, sgdStep, spirals, train, trainingMemory, type MlpParams } from './mlp.ts';
import { softmax } from './nonlinear.ts';

const spec = readWeekSpec(import.meta.url);

type Dims = { B: number; D_in: number; D_hidden: number; D_out: number };

/** B = 1, a hidden layer wider than the input, and one narrower. */
const DIM_CASES: Dims[] = [
  { B: 1, D_in: 3, D_hidden: 5, D_out: 2 },
  { B: 4, D_in: 2, D_hidden: 7, D_out: 3 },
  { B: 8, D_in: 6, D_hidden: 4, D_out: 5 },
];

const PARAM_NAMES = ['w1', 'b1', 'w2', 'b2'] as const;

// ---- trusted arithmetic, written out in loops: never the learner's code ----

/** [B, K] @ [K, N] + b, with an optional ReLU on the output. */
function affine(x: Tensor, w: Tensor, b: Tensor, reluOut: boolean): Tensor {
  const [B, K] = x.shape as [number, number];
  const N = w.shape[1]!;
  const out = zeros([B, N]);
  for (let i = 0; i < B; i++) {
    for (let j = 0; j < N; j++) {
      let v = b.data[j]!;
      for (let p = 0; p < K; p++) v += x.data[i * K + p]! * w.data[p * N + j]!;
      out.data[i * N + j] = reluOut ? Math.max(0, v) : v;
    }
  }
  return out;
}

function trustedLogits(p: MlpParams, x: Tensor): Tensor {
  return affine(affine(x, p.w1, p.b1, true), p.w2, p.b2, false);
}

/** The smallest |H| over the batch: a gradient check needs it well away from ReLU's kink. */
function closestToKink(p: MlpParams, x: Tensor): number {
  return Math.min(...Array.from(affine(x, p.w1, p.b1, false).data, Math.abs));
}

/** Cross-entropy by its definition, −log P[b, y_b] averaged over rows (the logits here stay moderate). */
function trustedCrossEntropy(logits: Tensor, y: number[]): number {
  const C = logits.shape[1]!;
  let total = 0;
  y.forEach((target, b) => {
    const row = Array.from(logits.data.slice(b * C, (b + 1) * C));
    total -= Math.log(Math.exp(row[target]!) / row.reduce((s, z) => s + Math.exp(z), 0));
  });
  return total / y.length;
}

function accuracy(logits: Tensor, y: number[]): number {
  const C = logits.shape[1]!;
  const right = y.filter((target, b) => {
    const row = Array.from(logits.data.slice(b * C, (b + 1) * C));
    return row.indexOf(Math.max(...row)) === target;
  });
  return right.length / y.length;
}

function std(t: Tensor): number {
  const mean = t.data.reduce((a, b) => a + b, 0) / t.data.length;
  return Math.sqrt(t.data.reduce((a, v) => a + (v - mean) ** 2, 0) / t.data.length);
}

/** Random parameters that do not depend on the learner's initMlp. */
function randomParams(dims: Dims, seed: number): { params: MlpParams; x: Tensor } {
  const rng = createRng(seed);
  const params = {
    w1: randn([dims.D_in, dims.D_hidden], rng),
    b1: randn([dims.D_hidden], rng),
    w2: randn([dims.D_hidden, dims.D_out], rng),
    b2: randn([dims.D_out], rng),
  };
  return { params, x: randn([dims.B, dims.D_in], rng) };
}

/** Every ledger tensor of one forward and backward pass through the learner's MLP. */
function runMlp(dims: Dims): Record<string, Tensor> {
  const rng = createRng(9);
  const params = initMlp(dims, 7);
  const { logits, cache } = mlpForward(params, randn([dims.B, dims.D_in], rng));
  const y = Array.from({ length: dims.B }, () => rng.int(dims.D_out));
  const dLogits = crossEntropyBackward(logits, y);
  const grads = mlpBackward(params, cache, dLogits);
  return {
    X: cache.x, W1: params.w1, b1: params.b1, H: cache.h, A: cache.a, W2: params.w2, b2: params.b2,
    logits, P: softmax(logits), dLogits, dW2: grads.w2, db2: grads.b2, dW1: grads.w1, db1: grads.b1,
  };
}

/** The spec's training run: spirals of `classes` classes, and an MLP with D_out = classes. */
const trainingSetup = () => {
  const num = (key: string) => spec.number('training', key);
  const classes = num('classes');
  const data = spirals({ classes, perClass: num('perClass'), seed: num('data_seed') });
  return { dims: { D_in: num('D_in'), D_hidden: num('D_hidden'), D_out: classes }, data, steps: num('steps'), lr: num('lr'), seed: num('seed'), classes };
};

/** The spec's training run, made once and shared (train throws on the stub, so each test still fails there). */
let trained: { params: MlpParams; losses: number[] } | undefined;
function specRun(): { params: MlpParams; losses: number[] } {
  trained ??= train(trainingSetup());
  return trained;
}

describe('shapes', { tags: ['shapes'] }, () => {
  for (const row of spec.ledger) {
    it(`${row.symbol} has shape ${row.shape}`, () => {
      for (const dims of DIM_CASES) expectLedgerShape(row, dims, runMlp(dims)[row.symbol]);
    });
  }

  it('mlpForward throws a ShapeError naming X\'s and W1\'s shapes when X is not [B, D_in]', () => {
    const params = initMlp({ D_in: 2, D_hidden: 5, D_out: 3 }, 1);
    const call = () => mlpForward(params, zeros([4, 3]));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/\[(?:B\s*=\s*)?4,\s*(?:D_in\s*=\s*)?3\]/);
    expect(call).toThrow(/\[(?:D_in\s*=\s*)?2,\s*(?:D_hidden\s*=\s*)?5\]/);
  });

  it('spirals returns x of shape [classes·perClass, 2] and one label per row', () => {
    const { x, y } = spirals({ classes: 4, perClass: 6, seed: 1 });
    expect(x.shape).toEqual([24, 2]);
    expect(x.data.length).toBe(48);
    expect(y).toHaveLength(24);
  });
});

/** The number of elements of a ledger tensor at these dims. */
function elementsOf(symbol: string, dims: Dims): number {
  return ledgerShape(spec.row(symbol), dims).reduce((a, b) => a * b, 1);
}

describe('memory', { tags: ['memory'] }, () => {
  const e = spec.example('memory');
  const dims: Dims = { B: spec.number('memory', 'B'), D_in: spec.number('memory', 'D_in'), D_hidden: spec.number('memory', 'D_hidden'), D_out: spec.number('memory', 'D_out') };
  const dtype = e.dtype as 'fp32';
  const P = spec.number('memory', 'params');

  it('mlpParamCount counts both layers\' weights and biases (the worked example)', () => {
    const got = mlpParamCount(dims);
    const why = got === P - elementsOf('b1', dims) - elementsOf('b2', dims) ? ': the biases b1 and b2 are missing' : '';
    expect(got, `params of the worked example${why}`).toBe(P);
    expect(mlpParamCount({ D_in: 2, D_hidden: 3, D_out: 4 }), 'a 2 → 3 → 4 MLP: 6 + 12 weights, 3 + 4 biases').toBe(25);
    expect(mlpParamCount({ D_in: 4, D_hidden: 3, D_out: 2 }), 'a 4 → 3 → 2 MLP: 12 + 6 weights, 3 + 2 biases').toBe(23);
    for (const d of DIM_CASES) {
      const layers = linearParamCount({ D_in: d.D_in, D_out: d.D_hidden }) + linearParamCount({ D_in: d.D_hidden, D_out: d.D_out });
      expect(mlpParamCount(d), `${JSON.stringify(d)}: the sum of week 1's count for each of the two layers`).toBe(layers);
    }
  });

  const copies = { sgd: 0, momentum: 1, adam: 2 } as const;
  const state = { sgd: 'no optimizer state', momentum: 'one velocity per parameter', adam: 'two moments (m, v) per parameter' };
  for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
    it(`trainingMemory with ${optimizer} keeps ${state[optimizer]} (the worked example)`, () => {
      const b = bytesPerElement(dtype);
      const table = e[optimizer] as Record<string, number>;
      // The spec's table hangs together: parameters at b bytes each, one gradient per parameter, the
      // optimizer's copies, activations the same for every optimizer, and a total that is the sum.
      expect([table.params, table.grads, table.optimizer], `spec memory.${optimizer}: params, grads, optimizer`).toEqual([P * b, P * b, copies[optimizer] * P * b]);
      expect(table.activations, `spec memory.${optimizer}.activations`).toBe((e.sgd as Record<string, number>).activations);
      expect(table.total, `spec memory.${optimizer}.total`).toBe(table.params! + table.grads! + table.optimizer! + table.activations!);
      expect(trainingMemory(dims, dtype, optimizer)).toEqual(table);
    });
  }

  it('trainingMemory\'s activations are the cache X, H and A, not the logits', () => {
    const small = { B: 2, D_in: 3, D_hidden: 5, D_out: 100 };
    for (const dt of DTYPES) {
      const got = trainingMemory(small, dt, 'sgd').activations;
      const b = bytesPerElement(dt);
      const why =
        got === (26 - 10) * b
          ? ': H is missing (the course counts the whole cache, H included)'
          : got === (26 + 200) * b
            ? ': the logits are counted too'
            : got === (26 - 10 + 200) * b
              ? ': H is missing and the logits are counted instead'
              : '';
      expect(got, `activations in ${dt} for ${JSON.stringify(small)}: X [2, 3], H [2, 5] and A [2, 5] are 26 values${why}`).toBe(26 * b);
    }
    for (const d of DIM_CASES) {
      const base = trainingMemory(d, 'fp32', 'sgd').activations;
      expect(trainingMemory({ ...d, B: 2 * d.B }, 'fp32', 'sgd').activations, `activations double when B doubles (${JSON.stringify(d)})`).toBe(2 * base);
      expect(trainingMemory({ ...d, D_out: 3 * d.D_out }, 'fp32', 'sgd').activations, `activations ignore D_out (${JSON.stringify(d)}): the logits are not kept`).toBe(base);
      const cache = elementsOf('X', d) + elementsOf('H', d) + elementsOf('A', d);
      expect(base, `activations of ${JSON.stringify(d)}: every value of the cache's ledger rows X, H and A`).toBe(cache * bytesPerElement('fp32'));
    }
  });

  it('trainingMemory scales with the dtype and its total is the sum of the four parts', () => {
    for (const dt of DTYPES) {
      const b = bytesPerElement(dt);
      const m = trainingMemory(dims, dt, 'adam');
      expect([m.params, m.grads, m.optimizer], `params, grads, optimizer in ${dt}`).toEqual([P * b, P * b, 2 * P * b]);
      expect(m.total, `total in ${dt}`).toBe(m.params + m.grads + m.optimizer + m.activations);
    }
  });
});

type FlopsCase = Dims & { forward: number; backward: number };

describe('flops', { tags: ['flops'] }, () => {
  const dimsOf = (name: string): Dims => ({ B: spec.number(name, 'B'), D_in: spec.number(name, 'D_in'), D_hidden: spec.number(name, 'D_hidden'), D_out: spec.number(name, 'D_out') });
  const cases = spec.example('flops_cases').cases as FlopsCase[];
  const layers = (d: Dims) => [linearFlops({ B: d.B, D_in: d.D_in, D_out: d.D_hidden }), linearFlops({ B: d.B, D_in: d.D_hidden, D_out: d.D_out })] as const;

  it('mlpFlops forward counts both layers\' matmul and bias plus one FLOP per element of H for ReLU (the loss is not counted)', () => {
    expect(cases.length, 'spec flops_cases').toBeGreaterThan(0);
    for (const { forward, backward: _, ...d } of cases) {
      const got = mlpFlops(d).forward;
      const relu = elementsOf('H', d);
      const loss = 3 * elementsOf('logits', d);
      const why = got === forward - relu ? `: ReLU's one FLOP per element of H (${relu} here) is missing` : got === forward + loss ? ': the loss\'s softmax over the logits is counted, and the loss is not part of mlpFlops' : '';
      expect(got, `forward for ${JSON.stringify(d)}${why}`).toBe(forward);
      const [first, second] = layers(d);
      expect(got - first.forward - second.forward, `forward for ${JSON.stringify(d)} minus week 1's count for each layer: the ReLU, one per element of H`).toBe(relu);
    }
  });

  it('mlpFlops backward counts both layers\' dX, dW and db plus one FLOP per element of dA for ReLU\'s mask', () => {
    for (const { backward, ...d } of cases) {
      const got = mlpFlops(d).backward;
      const [first, second] = layers(d);
      const relu = elementsOf('H', d);
      const dxOfLayer1 = first.forward - elementsOf('H', d); // the size of layer 1's forward matmul, which its dX matches
      const why = got === backward - relu ? `: ReLU's mask, one FLOP per element of dA (${relu} here), is missing` : got === backward - dxOfLayer1 ? ": layer 1's dX is missing (linearBackward computes it, so it counts)" : '';
      expect(got, `backward for ${JSON.stringify(d)}${why}`).toBe(backward);
      expect(got - first.backward - second.backward, `backward for ${JSON.stringify(d)} minus week 1's count for each layer: the ReLU's mask`).toBe(relu);
    }
  });

  it('mlpFlops matches the worked example for the MNIST-sized MLP', () => {
    expect(mlpFlops(dimsOf('flops'))).toEqual({ forward: spec.number('flops', 'forward'), backward: spec.number('flops', 'backward') });
  });

  it('forward + backward is within 1% of 6·B·N for GPT-2\'s MLP block (the 6N rule), and backward ≈ 2 × forward', () => {
    const dims = dimsOf('six_n');
    const N = spec.number('six_n', 'weights');
    expect(spec.number('six_n', 'six_n'), 'spec six_n is 6·B·N').toBe(6 * dims.B * N);
    const flops = mlpFlops(dims);
    expect(flops).toEqual({ forward: spec.number('six_n', 'forward'), backward: spec.number('six_n', 'backward') });
    expectCloseNumber('(forward + backward) / 6·B·N', (flops.forward + flops.backward) / (6 * dims.B * N), 1, { rtol: 0.01 });
    expectCloseNumber('backward / forward', flops.backward / flops.forward, 2, { rtol: 0.01 });
  });
});

describe('gradients', { tags: ['gradients'] }, () => {
  const dims: Dims = { B: 4, D_in: 3, D_hidden: 5, D_out: 3 };

  /** Checks one parameter's gradient for L = Σ G ⊙ logits, so dLogits = G. */
  function checkParam(name: (typeof PARAM_NAMES)[number], seed: number): void {
    const { params, x } = randomParams(dims, seed);
    expect(closestToKink(params, x), 'test data: every H away from the kink').toBeGreaterThan(1e-3);
    const g = randn([dims.B, dims.D_out], createRng(seed + 100));
    const loss = (p: Tensor) => {
      const logits = trustedLogits({ ...params, [name]: p }, x);
      return logits.data.reduce((s, v, i) => s + v * g.data[i]!, 0);
    };
    const grads = mlpBackward(params, mlpForward(params, x).cache, g);
    expectGradient(`gradient of ${name}`, loss, params[name], grads[name]);
  }

  it('mlpBackward gives the gradient of W1 (through the ReLU mask) matching central differences', () => checkParam('w1', 21));
  it('mlpBackward gives the gradient of b1 (do not forget b1) matching central differences', () => checkParam('b1', 22));
  it('mlpBackward gives the gradient of W2 (from A, not H) matching central differences', () => checkParam('w2', 27));
  it('mlpBackward gives the gradient of b2 matching central differences', () => checkParam('b2', 24));

  it('the full chain, cross-entropy through the MLP, gives every parameter\'s gradient matching central differences', () => {
    const { params, x } = randomParams(dims, 25);
    expect(closestToKink(params, x), 'test data: every H away from the kink').toBeGreaterThan(1e-3);
    const y = [2, 0, 1, 2];
    const { logits, cache } = mlpForward(params, x);
    const grads = mlpBackward(params, cache, crossEntropyBackward(logits, y));
    for (const name of PARAM_NAMES) {
      expectGradient(`gradient of ${name}`, (p) => trustedCrossEntropy(trustedLogits({ ...params, [name]: p }, x), y), params[name], grads[name]);
    }
  });
});

describe('behaviour', { tags: ['behaviour'] }, () => {
  const fwd = spec.example('mlp_forward');
  const bwd = spec.example('mlp_backward');
  const handParams = (): MlpParams => ({
    w1: fromNested(fwd.W1 as number[][]),
    b1: fromNested(fwd.b1 as number[]),
    w2: fromNested(fwd.W2 as number[][]),
    b2: fromNested(fwd.b2 as number[]),
  });

  it('mlpForward reproduces H, A and the logits of the forward pass worked by hand', () => {
    const { logits, cache } = mlpForward(handParams(), fromNested(fwd.X as number[][]));
    expectClose('cache.h', cache.h, fwd.H as number[][]);
    expectClose('cache.a', cache.a, fwd.A as number[][]);
    expectClose('logits', logits, fwd.logits as number[][]);
  });

  it('mlpBackward reproduces dW2, db2, dW1 and db1 of the backward pass worked by hand (a dead unit gets 0)', () => {
    const params = handParams();
    const dLogits = fromNested(bwd.dLogits as number[][]);
    // Check the spec's intermediate dA against a trusted product before trusting the text.
    const w2T = fromNested((fwd.W2 as number[][])[0]!.map((_, j) => (fwd.W2 as number[][]).map((row) => row[j]!)));
    expectClose('spec dA', affine(dLogits, w2T, zeros([3]), false), bwd.dA as number[][]);
    const grads = mlpBackward(params, mlpForward(params, fromNested(fwd.X as number[][])).cache, dLogits);
    expectClose('dW2', grads.w2, bwd.dW2 as number[][]);
    expectClose('db2', grads.b2, bwd.db2 as number[]);
    expectClose('dW1', grads.w1, bwd.dW1 as number[][]);
    expectClose('db1', grads.b1, bwd.db1 as number[]);
  });

  it('sgdStep subtracts lr times the gradient: w − 0.5·g (not w + 0.5·g)', () => {
    const params: MlpParams = { w1: tensor([1, 2], [1, 2]), b1: tensor([2], [0, -1]), w2: tensor([2, 1], [3, 4]), b2: tensor([1], [5]) };
    const grads: MlpParams = { w1: tensor([1, 2], [2, -2]), b1: tensor([2], [4, 0]), w2: tensor([2, 1], [-6, 1]), b2: tensor([1], [10]) };
    const next = sgdStep(params, grads, 0.5);
    expectClose('w1', next.w1, [[0, 3]]);
    expectClose('b1', next.b1, [-2, -1]);
    expectClose('w2', next.w2, [[6], [3.5]]);
    expectClose('b2', next.b2, [0]);
  });

  it('sgdStep leaves params and grads unchanged and returns new tensors', () => {
    const { params } = randomParams({ B: 1, D_in: 2, D_hidden: 3, D_out: 2 }, 31);
    const { params: grads } = randomParams({ B: 1, D_in: 2, D_hidden: 3, D_out: 2 }, 32);
    const named = Object.fromEntries(PARAM_NAMES.flatMap((n) => [[`params.${n}`, params[n]], [`grads.${n}`, grads[n]]]));
    const next = expectUnchanged(named, () => sgdStep(params, grads, 0.1));
    for (const n of PARAM_NAMES) {
      expect(next[n], `new ${n}`).not.toBe(params[n]);
      expect(next[n].data, `new ${n}.data`).not.toBe(params[n].data);
    }
  });

  it('mlpForward and mlpBackward leave the params and the input unchanged', () => {
    const { params, x } = randomParams({ B: 3, D_in: 2, D_hidden: 4, D_out: 3 }, 33);
    const named = Object.fromEntries(PARAM_NAMES.map((n) => [`params.${n}`, params[n]]));
    const { cache } = expectUnchanged({ ...named, x }, () => mlpForward(params, x));
    const dLogits = randn([3, 3], createRng(34));
    const kept = { 'cache.x': cache.x, 'cache.h': cache.h, 'cache.a': cache.a };
    expectUnchanged({ ...named, ...kept, dLogits }, () => mlpBackward(params, cache, dLogits));
  });

  it('initMlp is deterministic: the same seed gives identical parameters, another seed different ones', () => {
    const dims = { D_in: 3, D_hidden: 4, D_out: 2 };
    const a = initMlp(dims, 5);
    const b = initMlp(dims, 5);
    const c = initMlp(dims, 6);
    for (const n of PARAM_NAMES) expect(Array.from(b[n].data), `${n} for seed 5 twice`).toEqual(Array.from(a[n].data));
    expect(Array.from(c.w1.data), 'w1 for seeds 5 and 6').not.toEqual(Array.from(a.w1.data));
  });

  it('initMlp draws W1 with std sqrt(2 / D_in) and W2 with std 0.01, and zero biases', () => {
    const p = initMlp({ D_in: 64, D_hidden: 256, D_out: 64 }, 3);
    expectCloseNumber('std of W1', std(p.w1), Math.sqrt(2 / 64), { rtol: 0.05 });
    expectCloseNumber('std of W2', std(p.w2), 0.01, { rtol: 0.05 });
    expect(Array.from(p.b1.data).every((v) => v === 0) && Array.from(p.b2.data).every((v) => v === 0), 'b1 and b2 are all 0').toBe(true);
  });

  it('initMlp draws W1 first and W2 second from one createRng(seed), in the order the spec fixes', () => {
    const dims = { D_in: 3, D_hidden: 4, D_out: 2 };
    const rng = createRng(11);
    const w1 = randn([dims.D_in, dims.D_hidden], rng, Math.sqrt(2 / dims.D_in));
    const w2 = randn([dims.D_hidden, dims.D_out], rng, 0.01);
    const p = initMlp(dims, 11);
    expectClose('w1 (drawn first)', p.w1, w1, { rtol: 0, atol: 0 });
    expectClose('w2 (drawn second, from the same generator)', p.w2, w2, { rtol: 0, atol: 0 });
  });

  it('spirals puts point i of each class at radius i / (perClass − 1) near angle 4k + 4r, in class order', () => {
    const perClass = 20;
    const { x, y } = spirals({ classes: 3, perClass, seed: 4 });
    expect(y).toEqual([...new Array(perClass).fill(0), ...new Array(perClass).fill(1), ...new Array(perClass).fill(2)]);
    for (let row = 0; row < 3 * perClass; row++) {
      const k = Math.floor(row / perClass);
      const r = (row % perClass) / (perClass - 1);
      const [px, py] = [x.data[2 * row]!, x.data[2 * row + 1]!];
      expectCloseNumber(`radius of row ${row}`, Math.hypot(px, py), r, { atol: 1e-12 });
      if (r === 0) continue;
      // x = [r sin t, r cos t], so atan2(x, y) is t up to whole turns; noise 0.2·n stays well within 1.
      const off = Math.atan2(px, py) - (4 * k + 4 * r);
      const wrapped = off - 2 * Math.PI * Math.round(off / (2 * Math.PI));
      expect(Math.abs(wrapped), `angle of row ${row} off 4k + 4r by ${wrapped}`).toBeLessThan(1);
    }
  });

  it('spirals is deterministic: the same seed gives the same points, another seed different ones', () => {
    const a = spirals({ classes: 3, perClass: 10, seed: 8 });
    const b = spirals({ classes: 3, perClass: 10, seed: 8 });
    const c = spirals({ classes: 3, perClass: 10, seed: 9 });
    expect(Array.from(b.x.data)).toEqual(Array.from(a.x.data));
    expect(Array.from(c.x.data)).not.toEqual(Array.from(a.x.data));
  });

  it('train records the loss before each step: losses[0] is the loss of initMlp(dims, seed), one entry per step', () => {
    const setup = trainingSetup();
    const { losses } = specRun();
    expect(losses).toHaveLength(setup.steps);
    const initial = trustedCrossEntropy(trustedLogits(initMlp(setup.dims, setup.seed), setup.data.x), setup.data.y);
    expectCloseNumber('losses[0]', losses[0]!, initial, { rtol: 1e-9 });
  });

  it('training on spirals starts within 0.05 of ln C and ends below a third of it', () => {
    const { classes } = trainingSetup();
    const { losses } = specRun();
    expectCloseNumber('losses[0]', losses[0]!, Math.log(classes), { atol: 0.05, rtol: 0 });
    expect(losses.at(-1), `final loss (ln C / 3 = ${(Math.log(classes) / 3).toFixed(4)})`).toBeLessThan(Math.log(classes) / 3);
  });

  it('train returns the parameters after the last step: they classify at least 90% of the spirals right, with a loss below the last recorded one', () => {
    const setup = trainingSetup();
    const { params, losses } = specRun();
    const logits = trustedLogits(params, setup.data.x);
    expect(accuracy(logits, setup.data.y), 'training accuracy').toBeGreaterThanOrEqual(0.9);
    expect(trustedCrossEntropy(logits, setup.data.y), 'loss of the returned params').toBeLessThan(losses.at(-1)!);
  });

  it('train is deterministic: the same seed gives bit-identical losses', () => {
    const first = specRun();
    const second = train({ ...trainingSetup(), steps: 50 });
    expect(second.losses).toEqual(first.losses.slice(0, 50));
  });
});
