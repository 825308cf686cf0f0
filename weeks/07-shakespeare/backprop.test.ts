import { describe, expect, it } from 'vitest';
import { createRng, randn, ShapeError, zeros, type Tensor } from '../../harness/runtime/index.ts';
import { expectCloseNumber, expectUnchanged } from '../../harness/testing/close.ts';
import { expectGradient } from '../../harness/testing/gradcheck.ts';
import { expectLedgerShape, readWeekSpec } from '../../harness/testing/spec.ts';
import { crossEntropy } from '../02-training/loss.ts';
import { decoderBlock, decoderForward, initDecoder, type DecoderConfig, type DecoderLayer, type DecoderParams } from '../04-decoder/decoder.ts';
import { adamwStep, createAdamW } from './adamw.ts';
import { decoderBlockBackward, decoderLossAndGrads, type DecoderGrads } from './backprop.ts';

const spec = readWeekSpec(import.meta.url);

/** Two layers and two heads, small enough for central differences on every parameter. */
const TINY: DecoderConfig = { V: 5, T_max: 4, D: 4, n_heads: 2, D_ff: 6, n_layers: 2 };

function randomTokens(B: number, T: number, V: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: B }, () => Array.from({ length: T }, () => rng.int(V)));
}

/** Every Float64Array of a params-like tree with its path, in a fixed order. */
function leaves(tree: unknown, path = ''): Array<[string, Tensor]> {
  if (tree && typeof tree === 'object' && 'data' in tree && (tree as Tensor).data instanceof Float64Array) return [[path, tree as Tensor]];
  if (!tree || typeof tree !== 'object') return [];
  return Object.entries(tree).flatMap(([key, value]) => (key === 'config' ? [] : leaves(value, path ? `${path}.${key}` : key)));
}

/** Seeded normals of std 0.5 in every parameter, so gains, biases and the head all matter. */
function randomParams(config: DecoderConfig, seed: number): DecoderParams {
  const params = initDecoder(config, seed);
  const rng = createRng(seed + 100);
  for (const [, t] of leaves(params)) t.data.forEach((_, i) => (t.data[i] = 0.5 * rng.normal()));
  return params;
}

/** The trusted loss: week 2's crossEntropy of week 4's logits, flattened to [B·T, V]. */
function trustedLoss(params: DecoderParams, inputs: number[][], targets: number[][]): number {
  const logits = decoderForward(params, inputs);
  return crossEntropy({ shape: [logits.data.length / params.config.V, params.config.V], data: logits.data }, targets.flat());
}

function gradOf(grads: DecoderGrads, path: string): Tensor | undefined {
  return leaves(grads).find(([p]) => p === path)?.[1];
}

const LEDGER_TENSORS: Record<string, (g: DecoderGrads) => Tensor[]> = {
  'grads.tokenEmbedding': (g) => [g.tokenEmbedding],
  'grads.positionEmbedding': (g) => [g.positionEmbedding],
  'grads.wq': (g) => g.layers.flatMap((l) => [l.wq, l.wk, l.wv, l.wo]),
  'grads.w1': (g) => g.layers.map((l) => l.w1),
  'grads.b1': (g) => g.layers.map((l) => l.b1),
  'grads.w2': (g) => g.layers.map((l) => l.w2),
  'grads.ln1.gain': (g) => [...g.layers.flatMap((l) => [l.ln1.gain, l.ln1.bias, l.ln2.gain, l.ln2.bias, l.b2]), g.lnFinal.gain, g.lnFinal.bias],
  'grads.head': (g) => [g.head],
};

describe('shapes', { tags: ['shapes'] }, () => {
  const config: DecoderConfig = { V: 7, T_max: 6, D: 8, n_heads: 2, D_ff: 12, n_layers: 2 };
  const [B, T] = [2, 5];
  for (const [symbol, pick] of Object.entries(LEDGER_TENSORS)) {
    it(`decoderLossAndGrads returns ${symbol} with shape ${spec.row(symbol).shape}`, () => {
      const inputs = randomTokens(B, T, config.V, 1);
      const { grads } = decoderLossAndGrads(initDecoder(config, 1), inputs, randomTokens(B, T, config.V, 2));
      for (const t of pick(grads)) expectLedgerShape(spec.row(symbol), { ...config, B, T }, t);
    });
  }

  it('decoderLossAndGrads returns one gradient per parameter, with its shape, and no config', () => {
    const params = initDecoder(TINY, 2);
    const { grads } = decoderLossAndGrads(params, randomTokens(2, 3, TINY.V, 3), randomTokens(2, 3, TINY.V, 4));
    expect(leaves(grads).map(([p, t]) => `${p} ${t.shape.join(',')}`)).toEqual(leaves(params).map(([p, t]) => `${p} ${t.shape.join(',')}`));
    expect(Object.keys(grads)).not.toContain('config');
  });

  it('decoderLossAndGrads throws a ShapeError when targets must have the shape of inputs [B][T] but do not', () => {
    const params = initDecoder(TINY, 2);
    expect(() => decoderLossAndGrads(params, randomTokens(2, 3, TINY.V, 3), randomTokens(2, 2, TINY.V, 4))).toThrow(ShapeError);
    expect(() => decoderLossAndGrads(params, randomTokens(2, 3, TINY.V, 3), randomTokens(1, 3, TINY.V, 4))).toThrow(ShapeError);
  });
});

describe('gradients', { tags: ['gradients'] }, () => {
  it("decoderBlockBackward's dx and every parameter gradient of one block match central differences of week 4's decoderBlock", () => {
    const layer = randomParams({ ...TINY, n_layers: 1 }, 5).layers[0]!;
    const rng = createRng(6);
    const x = randn([2, 3, TINY.D], rng);
    const dOut = randn([2, 3, TINY.D], rng);
    const weighted = (input: Tensor, l: DecoderLayer) => decoderBlock(input, l, TINY.n_heads).out.data.reduce((s, v, i) => s + v * dOut.data[i]!, 0);
    const { dx, grads } = decoderBlockBackward(dOut, x, layer, TINY.n_heads);
    expectGradient('dx', (t) => weighted(t, layer), x, dx);
    for (const [path, param] of leaves(layer)) {
      const analytic = leaves(grads).find(([p]) => p === path)?.[1];
      expect(analytic, `grads.${path}`).toBeDefined();
      expectGradient(`grads.${path}`, () => weighted(x, layer), param, analytic!);
    }
  });

  it("decoderLossAndGrads matches central differences of week 2's crossEntropy of week 4's decoderForward for every parameter of a two-layer decoder", () => {
    const params = randomParams(TINY, 7);
    const inputs = randomTokens(2, 4, TINY.V, 8);
    const targets = randomTokens(2, 4, TINY.V, 9);
    const { grads } = decoderLossAndGrads(params, inputs, targets);
    for (const [path, param] of leaves(params)) {
      const analytic = gradOf(grads, path);
      expect(analytic, `grads.${path}`).toBeDefined();
      expectGradient(`grads.${path}`, () => trustedLoss(params, inputs, targets), param, analytic!);
    }
  });
});

describe('behaviour', { tags: ['behaviour'] }, () => {
  it("decoderLossAndGrads's loss is week 2's crossEntropy of week 4's logits over all B·T positions: a mean, not a sum", () => {
    const params = randomParams({ V: 9, T_max: 6, D: 8, n_heads: 4, D_ff: 10, n_layers: 2 }, 11);
    for (const [B, T] of [[1, 1], [3, 6], [2, 4]] as const) {
      const inputs = randomTokens(B, T, 9, B * 10 + T);
      const targets = randomTokens(B, T, 9, B * 10 + T + 1);
      expectCloseNumber(`loss for B=${B}, T=${T}`, decoderLossAndGrads(params, inputs, targets).loss, trustedLoss(params, inputs, targets), { rtol: 1e-10 });
    }
  });

  it('with a head of zeros every logit is 0 and the loss is exactly ln V, whatever B and T', () => {
    for (const [B, T] of [[1, 1], [4, 6]] as const) {
      const params = initDecoder({ V: 13, T_max: 6, D: 8, n_heads: 2, D_ff: 16, n_layers: 1 }, 12);
      params.head = zeros(params.head.shape);
      const { loss } = decoderLossAndGrads(params, randomTokens(B, T, 13, 13), randomTokens(B, T, 13, 14));
      expectCloseNumber(`loss for B=${B}, T=${T}`, loss, Math.log(13), { rtol: 1e-12 });
    }
  });

  it("with week 4's initialisation the loss at step 0 is near ln V: above it, by less than 1", () => {
    const config: DecoderConfig = { V: 65, T_max: 16, D: 32, n_heads: 4, D_ff: 64, n_layers: 2 };
    const { loss } = decoderLossAndGrads(initDecoder(config, 15), randomTokens(4, 16, 65, 16), randomTokens(4, 16, 65, 17));
    expect(loss, `ln V = ${Math.log(65)}`).toBeGreaterThan(Math.log(65));
    expect(loss, `ln V = ${Math.log(65)}`).toBeLessThan(Math.log(65) + 1);
  });

  it("decoderLossAndGrads and adamwStep overfit the spec's short text below its loss within its number of steps", () => {
    const ex = spec.example('overfit');
    const n = (key: string) => spec.number('overfit', key);
    const text = ex.text as string;
    const vocab = [...new Set(text)].sort();
    const ids = [...text].map((c) => vocab.indexOf(c));
    const T = n('T');
    const starts = ex.starts as number[];
    const inputs = starts.map((s) => ids.slice(s, s + T));
    const targets = starts.map((s) => ids.slice(s + 1, s + T + 1));
    const params = initDecoder({ V: vocab.length, T_max: T, D: n('D'), n_heads: n('n_heads'), D_ff: n('D_ff'), n_layers: n('n_layers') }, n('seed'));
    const state = createAdamW(params);
    const hp = { lr: n('lr'), beta1: n('beta1'), beta2: n('beta2'), eps: n('eps'), weightDecay: n('weightDecay') };
    const losses: number[] = [];
    for (let step = 0; step < n('steps'); step++) {
      const { loss, grads } = decoderLossAndGrads(params, inputs, targets);
      losses.push(loss);
      adamwStep(params, grads, state, hp);
    }
    const final = decoderLossAndGrads(params, inputs, targets).loss;
    expect(final, `loss every 10 steps: ${losses.filter((_, i) => i % 10 === 0).map((l) => l.toFixed(3)).join(', ')}`).toBeLessThan(n('below'));
  });

  it('decoderLossAndGrads leaves the parameters unchanged', () => {
    const params = randomParams(TINY, 18);
    expectUnchanged(Object.fromEntries(leaves(params)), () => decoderLossAndGrads(params, randomTokens(2, 3, TINY.V, 19), randomTokens(2, 3, TINY.V, 20)));
  });
});

describe('numerics', { tags: ['numerics'] }, () => {
  it('the loss and every gradient stay finite with logits in the thousands', () => {
    const params = initDecoder(TINY, 21);
    params.head.data.forEach((v, i) => (params.head.data[i] = v * 3000));
    const { loss, grads } = decoderLossAndGrads(params, randomTokens(2, 4, TINY.V, 22), randomTokens(2, 4, TINY.V, 23));
    expect(Number.isFinite(loss), `loss ${loss}`).toBe(true);
    for (const [path, g] of leaves(grads)) expect(g.data.every(Number.isFinite), `grads.${path} has a non-finite value`).toBe(true);
  });
});
