import { describe, expect, it } from 'vitest';
import { createRng, type Tensor } from '../../harness/runtime/index.ts';
import { expectCloseNumber } from '../../harness/testing/close.ts';
import { readWeekSpec } from '../../harness/testing/spec.ts';
import { initDecoder, type DecoderConfig, type DecoderParams } from '../04-decoder/decoder.ts';
import { adamwStep, clipGradNorm, createAdamW } from './adamw.ts';
import type { DecoderGrads } from './backprop.ts';

const spec = readWeekSpec(import.meta.url);

const CONFIG: DecoderConfig = { V: 3, T_max: 2, D: 4, n_heads: 2, D_ff: 5, n_layers: 2 };

/** Every tensor of a params-like tree with its path, in a fixed order (the config skipped). */
function leaves(tree: unknown, path = ''): Array<[string, Tensor]> {
  if (tree && typeof tree === 'object' && 'data' in tree && (tree as Tensor).data instanceof Float64Array) return [[path, tree as Tensor]];
  if (!tree || typeof tree !== 'object') return [];
  return Object.entries(tree).flatMap(([key, value]) => (key === 'config' ? [] : leaves(value, path ? `${path}.${key}` : key)));
}

/** A gradient tree shaped like params, every value `value`. */
function filledGrads(params: DecoderParams, value: number | (() => number)): DecoderGrads {
  const { config, ...rest } = structuredClone(params);
  void config;
  for (const [, t] of leaves(rest)) t.data.forEach((_, i) => (t.data[i] = typeof value === 'number' ? value : value()));
  return rest;
}

function fill(params: DecoderParams, value: number): DecoderParams {
  for (const [, t] of leaves(params)) t.data.fill(value);
  return params;
}

const isWeight = (t: Tensor) => t.shape.length === 2;

describe('behaviour', { tags: ['behaviour'] }, () => {
  it("adamwStep reproduces the spec's two steps worked by hand: weights decay, gains and biases do not", () => {
    const n = (key: string) => spec.number('adamw', key);
    const ex = spec.example('adamw');
    const hp = { lr: n('lr'), beta1: n('beta1'), beta2: n('beta2'), eps: n('eps'), weightDecay: n('weightDecay') };
    const params = fill(initDecoder(CONFIG, 1), n('start'));
    const state = createAdamW(params);
    (ex.gradients as number[]).forEach((g, step) => {
      adamwStep(params, filledGrads(params, g), state, hp);
      for (const [path, t] of leaves(params)) {
        const expected = (isWeight(t) ? (ex.weight as number[]) : (ex.gain as number[]))[step]!;
        t.data.forEach((v, i) => expectCloseNumber(`${path}[${i}] after step ${step + 1}`, v, expected, { rtol: 1e-12 }));
      }
    });
    expect(state.step).toBe(2);
  });

  it('the first AdamW step moves every parameter by lr against its gradient, whatever the gradient\'s scale (bias correction)', () => {
    const params = initDecoder(CONFIG, 2);
    const before = leaves(structuredClone(params));
    const rng = createRng(3);
    const grads = filledGrads(params, () => (rng.uniform() < 0.5 ? -1 : 1) * 10 ** (4 * rng.uniform() - 2));
    adamwStep(params, grads, createAdamW(params), { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-12, weightDecay: 0 });
    const g = leaves(grads);
    leaves(params).forEach(([path, t], n) => {
      t.data.forEach((v, i) => expectCloseNumber(`${path}[${i}] moved`, v - before[n]![1].data[i]!, -0.01 * Math.sign(g[n]![1].data[i]!), { rtol: 1e-8 }));
    });
  });

  it('createAdamW starts at step 0 with both moments zero, shaped like every parameter', () => {
    const params = initDecoder(CONFIG, 4);
    const state = createAdamW(params);
    expect(state.step).toBe(0);
    const shapes = leaves(params).map(([p, t]) => `${p} ${t.shape.join(',')}`);
    for (const moment of [state.m, state.v]) {
      expect(leaves(moment).map(([p, t]) => `${p} ${t.shape.join(',')}`)).toEqual(shapes);
      for (const [path, t] of leaves(moment)) expect(t.data.every((v) => v === 0), `${path} starts at 0`).toBe(true);
    }
    expect(leaves(state.m)[0]![1].data).not.toBe(leaves(state.v)[0]![1].data);
  });

  it('clipGradNorm returns the global L2 norm over every gradient and scales them all to maxNorm when it is larger', () => {
    const params = initDecoder(CONFIG, 5);
    const rng = createRng(6);
    const grads = filledGrads(params, () => rng.normal());
    const values = leaves(grads).flatMap(([, t]) => [...t.data]);
    const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0));
    expectCloseNumber('returned norm', clipGradNorm(grads, norm / 4), norm, { rtol: 1e-12 });
    const factor = norm / 4 / (norm + 1e-6);
    leaves(grads).flatMap(([, t]) => [...t.data]).forEach((v, i) => expectCloseNumber(`value ${i}`, v, values[i]! * factor, { rtol: 1e-12 }));
  });

  it('clipGradNorm leaves gradients whose norm is below maxNorm unchanged', () => {
    const params = initDecoder(CONFIG, 7);
    const rng = createRng(8);
    const grads = filledGrads(params, () => rng.normal());
    const values = leaves(grads).flatMap(([, t]) => [...t.data]);
    const norm = clipGradNorm(grads, 1e6);
    expect(norm).toBeGreaterThan(0);
    expect(leaves(grads).flatMap(([, t]) => [...t.data])).toEqual(values);
  });
});
