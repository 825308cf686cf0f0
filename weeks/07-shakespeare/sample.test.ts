import { describe, expect, it } from 'vitest';
import { createRng, type Rng, type Tensor } from '../../harness/runtime/index.ts';
import { readWeekSpec } from '../../harness/testing/spec.ts';
import { initDecoder, type DecoderConfig, type DecoderParams } from '../04-decoder/decoder.ts';
import { sampleFromLogits, sampleTokens } from './sample.ts';

const spec = readWeekSpec(import.meta.url);

const CONFIG: DecoderConfig = { V: 9, T_max: 6, D: 8, n_heads: 2, D_ff: 12, n_layers: 2 };

/** A generator that returns the given uniforms in order (and counts how many were drawn). */
function scripted(values: number[]): Rng & { drawn: number } {
  const rng = {
    drawn: 0,
    uniform: () => values[rng.drawn++]!,
    normal: () => 0,
    int: (n: number) => Math.floor(values[rng.drawn++]! * n),
  };
  return rng;
}

function leaves(tree: unknown): Tensor[] {
  if (tree && typeof tree === 'object' && 'data' in tree && (tree as Tensor).data instanceof Float64Array) return [tree as Tensor];
  if (!tree || typeof tree !== 'object') return [];
  return Object.entries(tree).flatMap(([key, value]) => (key === 'config' ? [] : leaves(value)));
}

/** Week 4's init with every value scaled, so the next-token distributions are neither flat nor one-hot. */
function model(seed: number): DecoderParams {
  const params = initDecoder(CONFIG, seed);
  for (const t of leaves(params)) t.data.forEach((v, i) => (t.data[i] = v * 1.5));
  return params;
}

describe('behaviour', { tags: ['behaviour'] }, () => {
  it("sampleFromLogits reproduces the spec's example: top-k keeps the k largest, then the kept ids are walked in increasing order until the cumulative probability exceeds u", () => {
    const ex = spec.example('pick');
    const opts = { temperature: spec.number('pick', 'temperature'), topK: spec.number('pick', 'topK') };
    (ex.u as number[]).forEach((u, n) => {
      const rng = scripted([u]);
      expect(sampleFromLogits(ex.logits as number[], opts, rng), `u = ${u}`).toBe((ex.ids as number[])[n]);
      expect(rng.drawn, 'uniforms drawn for one token').toBe(1);
    });
  });

  it('sampleFromLogits with topK = 1 is greedy: the largest logit, ties to the lower id', () => {
    const rng = createRng(1);
    for (let trial = 0; trial < 20; trial++) {
      const logits = Array.from({ length: 7 }, () => rng.normal());
      expect(sampleFromLogits(logits, { temperature: 1, topK: 1 }, createRng(trial))).toBe(logits.indexOf(Math.max(...logits)));
    }
    expect(sampleFromLogits([0, 2, 2, 1], { temperature: 1, topK: 1 }, createRng(1))).toBe(1);
  });

  it('sampleFromLogits never draws outside the topK largest logits', () => {
    const logits = [0.5, -1, 2, 0.4, 1.9, -3, 0.45];
    const rng = createRng(2);
    const seen = new Set(Array.from({ length: 400 }, () => sampleFromLogits(logits, { temperature: 3, topK: 3 }, rng)));
    expect([...seen].sort()).toEqual([0, 2, 4]);
  });

  it('sampleFromLogits draws each id about as often as softmax(logits / temperature) says', () => {
    const logits = [1, 0, 2, -1];
    for (const temperature of [0.5, 1, 2]) {
      const rng = createRng(3);
      const counts = [0, 0, 0, 0];
      const draws = 4000;
      for (let n = 0; n < draws; n++) counts[sampleFromLogits(logits, { temperature }, rng)]!++;
      const weights = logits.map((l) => Math.exp(l / temperature));
      const total = weights.reduce((a, b) => a + b, 0);
      counts.forEach((c, i) => expect(Math.abs(c / draws - weights[i]! / total), `id ${i} at temperature ${temperature}`).toBeLessThan(0.03));
    }
  });

  it("cached sampling with week 4's KV cache draws the same ids as recomputing every window, for the same seed, across window restarts", () => {
    const params = model(4);
    for (const prompt of [[3], [1, 4, 1, 5, 2, 6]]) {
      for (const seed of [1, 2]) {
        const opts = { temperature: 0.9, topK: 5, seed };
        const cached = sampleTokens(params, prompt, 17, { ...opts, cache: true });
        const uncached = sampleTokens(params, prompt, 17, { ...opts, cache: false });
        expect(cached, `prompt ${prompt.join(',')}, seed ${seed}`).toEqual(uncached);
      }
    }
  });

  it('sampleTokens returns `steps` ids in [0, V), the same for the same seed and different for another', () => {
    const params = model(5);
    const a = sampleTokens(params, [0, 1], 20, { temperature: 1, seed: 7, cache: true });
    expect(a).toHaveLength(20);
    expect(a.every((id) => Number.isInteger(id) && id >= 0 && id < CONFIG.V)).toBe(true);
    expect(sampleTokens(params, [0, 1], 20, { temperature: 1, seed: 7, cache: true })).toEqual(a);
    expect(sampleTokens(params, [0, 1], 20, { temperature: 1, seed: 8, cache: true })).not.toEqual(a);
  });

  it('sampleTokens without the cache and topK = 1 follows the greedy argmax of the window it sees', () => {
    const params = model(6);
    const greedy = sampleTokens(params, [2], 4, { temperature: 1, topK: 1, seed: 1, cache: false });
    const again = sampleTokens(params, [2], 4, { temperature: 0.1, topK: 1, seed: 99, cache: true });
    expect(again).toEqual(greedy);
  });
});
