import { describe, expect, it } from 'vitest';
import { bytesPerElement, createRng, DTYPES, GiB, randn, ShapeError, type DType, type Tensor } from '../../harness/runtime/index.ts';
import { expectClose } from '../../harness/testing/close.ts';
import { evalDim } from '../../harness/course/dims.ts';
import { expectLedgerShape, readWeekSpec } from '../../harness/testing/spec.ts';
import { decoderForward, initDecoder, multiHeadAttention, type DecoderConfig, type DecoderParams } from './decoder.ts';
import {
  cacheLength,
  createKVCache,
  decodeStep,
  decodeStepFlops,
  generate,
  kvCacheBytes,
  kvCacheBytesHeld,
  prefill,
  type KVCache,
} from './kvcache.ts';

const spec = readWeekSpec(import.meta.url);

const SMALL: DecoderConfig = { V: 11, T_max: 12, D: 8, n_heads: 2, D_ff: 16, n_layers: 2 };

type Case = { config: DecoderConfig; B: number; T: number };

const CASES: Case[] = [
  { config: { V: 7, T_max: 5, D: 6, n_heads: 1, D_ff: 4, n_layers: 1 }, B: 1, T: 1 },
  { config: SMALL, B: 2, T: 5 },
  { config: { V: 5, T_max: 6, D: 12, n_heads: 4, D_ff: 6, n_layers: 3 }, B: 3, T: 4 },
];

function randomTokens(B: number, T: number, V: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: B }, () => Array.from({ length: T }, () => rng.int(V)));
}

/** Overwrites every parameter with seeded normals, so gains, biases and positions all matter. */
function randomParams(config: DecoderConfig, seed: number): DecoderParams {
  const params = initDecoder(config, seed);
  const rng = createRng(seed + 1000);
  const walk = (value: unknown): void => {
    if (value instanceof Float64Array) value.forEach((_, i) => (value[i] = 0.5 * rng.normal()));
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
  };
  walk(params);
  return params;
}

function configOf(example: string): DecoderConfig {
  const n = (key: string) => spec.number(example, key);
  return { V: n('V'), T_max: n('T_max'), D: n('D'), n_heads: n('n_heads'), D_ff: n('D_ff'), n_layers: n('n_layers') };
}

/** logits[:, position, :] of a [B, T, V] tensor, as [B, V]. */
function atPosition(logits: Tensor, position: number): Tensor {
  const [B, T, V] = logits.shape as [number, number, number];
  const out = new Float64Array(B * V);
  for (let b = 0; b < B; b++) out.set(logits.data.subarray((b * T + position) * V, (b * T + position + 1) * V), b * V);
  return { shape: [B, V], data: out };
}

function maxAbsDifference(a: Tensor, b: Tensor): number {
  expect(a.shape, 'shapes to compare').toEqual(b.shape);
  return Math.max(...Array.from(a.data, (x, i) => Math.abs(x - b.data[i]!)));
}

/** A deep copy of what the cache holds, to compare before and after. */
function snapshot(cache: KVCache): { shape: number[]; data: number[] }[] {
  return cache.layers.flatMap(({ k, v }) => [k, v].map((t) => ({ shape: [...t.shape], data: Array.from(t.data) })));
}

/** The bytes of the ledger's cache.k and cache.v tensors, every layer, counted from their shapes: a trusted count. */
function ledgerCacheBytes(dims: { B: number; T: number; n_layers: number; n_kv_heads: number; d_head: number }, dtype: DType): number {
  const values = (symbol: string) => spec.row(symbol).dims.reduce((n, d) => n * evalDim(d, { ...dims, n_heads: dims.n_kv_heads, t: dims.T }), 1);
  return dims.n_layers * (values('cache.k') + values('cache.v')) * bytesPerElement(dtype);
}

/** The growth of decodeStepFlops with the cache from t − 1 to t, for t = 1 ... 7. */
function cachedSteps(config: DecoderConfig): number[] {
  const costs = Array.from({ length: 8 }, (_, t) => decodeStepFlops(config, t, { cache: true }));
  return costs.slice(1).map((c, t) => c - costs[t]!);
}

describe('shapes', { tags: ['shapes'] }, () => {
  /** The ledger's cache and decode-step tensors after a prefill of T tokens (so t = T). */
  function cacheTensors({ config, B, T }: Case): Record<string, Tensor[]> {
    const params = initDecoder(config, 1);
    const cache = createKVCache(config, B);
    prefill(params, randomTokens(B, T, config.V, 2), cache);
    const step = multiHeadAttention(randn([B, 1, config.D], createRng(3)), params.layers[0]!, config.n_heads, cache.layers[0]);
    return {
      'cache.k': cache.layers.map((l) => l.k),
      'cache.v': cache.layers.map((l) => l.v),
      'step.q': [step.q],
      'step.scores': [step.scores],
      'step.logits': [decodeStep(params, randomTokens(1, B, config.V, 4)[0]!, cache)],
    };
  }

  const computed = new Map<Case, Record<string, Tensor[]>>();
  const memoised = (c: Case) => computed.get(c) ?? computed.set(c, cacheTensors(c)).get(c)!;

  for (const row of spec.ledger.filter((r) => /^(cache|step)\./.test(r.symbol))) {
    it(`${row.symbol} has shape ${row.shape}`, () => {
      for (const c of CASES) {
        const dims = { ...c.config, B: c.B, T: c.T, t: c.T, d_head: c.config.D / c.config.n_heads };
        const tensors = memoised(c)[row.symbol];
        expect(tensors?.length, `tensors for ${row.symbol}`).toBeGreaterThan(0);
        for (const t of tensors ?? []) expectLedgerShape(row, dims, t);
      }
    });
  }

  it('createKVCache starts empty: every layer holds k and v of shape [B, n_heads, 0, d_head]', () => {
    const cache = createKVCache(SMALL, 3);
    expect(cacheLength(cache)).toBe(0);
    expect(cache.layers).toHaveLength(SMALL.n_layers);
    for (const { k, v } of cache.layers) {
      expect(k.shape).toEqual([3, 2, 0, 4]);
      expect(v.shape).toEqual([3, 2, 0, 4]);
    }
  });

  it('decodeStep throws a ShapeError naming B when it gets a token count other than B', () => {
    const params = initDecoder(SMALL, 5);
    const cache = createKVCache(SMALL, 2);
    prefill(params, randomTokens(2, 3, SMALL.V, 6), cache);
    const call = () => decodeStep(params, [1, 2, 3], cache);
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/\bB\s*=\s*2\b/);
  });
});

describe('behaviour', { tags: ['behaviour'] }, () => {
  /** Built inside each test, so that an unfinished initDecoder fails the test rather than the file. */
  const model = () => randomParams(SMALL, 7);

  it('prefill returns the same logits as decoderForward (the causal mask applies in prefill too)', () => {
    const params = model();
    const tokens = randomTokens(2, 7, SMALL.V, 8);
    const cache = createKVCache(SMALL, 2);
    expectClose('prefill logits', prefill(params, tokens, cache), decoderForward(params, tokens));
  });

  it('prefill followed by decode steps gives the logits of one full forward pass over the whole sequence', () => {
    const params = model();
    const tokens = randomTokens(2, SMALL.T_max, SMALL.V, 9);
    const full = decoderForward(params, tokens);
    const cache = createKVCache(SMALL, 2);
    const prompt = tokens.map((row) => row.slice(0, 4));
    expectClose('prefill logits (positions 0-3)', prefill(params, prompt, cache), decoderForward(params, prompt));
    for (let position = 4; position < SMALL.T_max; position++) {
      const logits = decodeStep(params, tokens.map((row) => row[position]!), cache);
      expectClose(`decodeStep logits at position ${position}`, logits, atPosition(full, position));
    }
  });

  it('at every step of a generation the cached logits equal a full recompute of the prefix (max abs difference < 1e-9)', () => {
    const params = model();
    const sequences = randomTokens(2, 3, SMALL.V, 10);
    const cache = createKVCache(SMALL, 2);
    let logits = atPosition(prefill(params, sequences, cache), 2);
    for (let t = 3; t < SMALL.T_max; t++) {
      const recomputed = atPosition(decoderForward(params, sequences), t - 1);
      expect(maxAbsDifference(logits, recomputed), `logits for the token after position ${t - 1}`).toBeLessThan(1e-9);
      const next = sequences.map((_, b) => {
        const row = Array.from(logits.data.subarray(b * SMALL.V, (b + 1) * SMALL.V));
        return row.indexOf(Math.max(...row));
      });
      sequences.forEach((row, b) => row.push(next[b]!));
      logits = decodeStep(params, next, cache);
    }
    expect(maxAbsDifference(logits, atPosition(decoderForward(params, sequences), SMALL.T_max - 1))).toBeLessThan(1e-9);
  });

  it('the cache grows by exactly one position per step, in every layer, for K and V', () => {
    const params = model();
    const cache = createKVCache(SMALL, 2);
    prefill(params, randomTokens(2, 4, SMALL.V, 11), cache);
    for (let t = 4; t <= SMALL.T_max; t++) {
      expect(cacheLength(cache), 'cacheLength').toBe(t);
      for (const [l, { k, v }] of cache.layers.entries()) {
        expect(k.shape, `layer ${l} k`).toEqual([2, SMALL.n_heads, t, SMALL.D / SMALL.n_heads]);
        expect(v.shape, `layer ${l} v`).toEqual([2, SMALL.n_heads, t, SMALL.D / SMALL.n_heads]);
      }
      if (t < SMALL.T_max) decodeStep(params, [t % SMALL.V, (t + 3) % SMALL.V], cache);
    }
  });

  it('decodeStep past T_max throws an error naming T_max and leaves the cache unchanged', () => {
    const params = model();
    const cache = createKVCache(SMALL, 2);
    prefill(params, randomTokens(2, SMALL.T_max, SMALL.V, 12), cache);
    const before = snapshot(cache);
    expect(() => decodeStep(params, [1, 2], cache)).toThrow(/\bT_max\s*=\s*12\b/);
    expect(cacheLength(cache)).toBe(SMALL.T_max);
    expect(snapshot(cache), 'every cached value').toEqual(before);
  });

  it('prefill of a prompt longer than T_max throws an error naming T_max and leaves the cache empty', () => {
    const params = model();
    const cache = createKVCache(SMALL, 1);
    expect(() => prefill(params, randomTokens(1, SMALL.T_max + 1, SMALL.V, 13), cache)).toThrow(/\bT_max\s*=\s*12\b/);
    expect(cacheLength(cache)).toBe(0);
  });

  it('generate returns each prompt followed by `steps` greedy tokens: the argmax of the last position', () => {
    const params = model();
    const prompt = randomTokens(2, 3, SMALL.V, 14);
    const generated = generate(params, prompt, 6, { cache: false });
    expect(generated.map((row) => row.slice(0, 3)), 'the prompts come first').toEqual(prompt);
    expect(generated.map((row) => row.length)).toEqual([9, 9]);
    for (let position = 3; position < 9; position++) {
      const logits = atPosition(decoderForward(params, generated.map((row) => row.slice(0, position))), position - 1);
      for (let b = 0; b < 2; b++) {
        const row = Array.from(logits.data.subarray(b * SMALL.V, (b + 1) * SMALL.V));
        expect(generated[b]![position], `sequence ${b}, position ${position}`).toBe(row.indexOf(Math.max(...row)));
      }
    }
  });

  it('generate with and without the cache returns identical tokens', () => {
    for (const seed of [15, 16, 17]) {
      const model = randomParams(SMALL, seed);
      const prompt = randomTokens(3, 2, SMALL.V, seed);
      const withCache = generate(model, prompt, SMALL.T_max - 2, { cache: true });
      expect(withCache.map((row) => row.length)).toEqual([12, 12, 12]);
      expect(withCache, `seed ${seed}`).toEqual(generate(model, prompt, SMALL.T_max - 2, { cache: false }));
    }
  });

  it('generate leaves the prompt unchanged', () => {
    const params = model();
    const prompt = randomTokens(2, 3, SMALL.V, 18);
    const copy = prompt.map((row) => [...row]);
    generate(params, prompt, 4, { cache: true });
    expect(prompt).toEqual(copy);
  });
});

describe('memory', { tags: ['memory'] }, () => {
  const DIMS_CASES = [
    { B: 1, T: 1, n_layers: 1, n_kv_heads: 1, d_head: 1 },
    { B: 3, T: 5, n_layers: 7, n_kv_heads: 2, d_head: 16 },
    { B: 2, T: 100, n_layers: 12, n_kv_heads: 12, d_head: 64 },
  ];

  it('kvCacheBytes is the bytes of the ledger\'s cache.k and cache.v in every layer, for every dtype', () => {
    for (const dims of DIMS_CASES) {
      for (const dtype of DTYPES) expect(kvCacheBytes(dims, dtype), `${JSON.stringify(dims)} in ${dtype}: cache.k and cache.v of every layer`).toBe(ledgerCacheBytes(dims, dtype));
    }
  });

  it('kvCacheBytes counts a K and a V value: one layer, one KV head, one position of one sequence with d_head 1 holds two values', () => {
    const unit = DIMS_CASES[0]!;
    for (const dtype of DTYPES) {
      expect(kvCacheBytes(unit, dtype) / bytesPerElement(dtype), `values held in ${dtype}: 1 is the keys alone, the values are missing`).toBe(2);
    }
  });

  it('kvCacheBytes counts every layer: n_layers layers hold n_layers times the cache of one', () => {
    for (const dims of DIMS_CASES) {
      const one = kvCacheBytes({ ...dims, n_layers: 1 }, 'fp16');
      expect(kvCacheBytes(dims, 'fp16'), `${JSON.stringify(dims)}: ${dims.n_layers} layers against one`).toBe(dims.n_layers * one);
    }
  });

  it('kvCacheBytes grows linearly in B, T and d_head: doubling any one of them doubles the cache', () => {
    for (const dims of DIMS_CASES) {
      const base = kvCacheBytes(dims, 'fp32');
      for (const key of ['B', 'T', 'd_head'] as const) {
        expect(kvCacheBytes({ ...dims, [key]: 2 * dims[key] }, 'fp32'), `${JSON.stringify(dims)} with ${key} doubled`).toBe(2 * base);
      }
    }
  });

  it("kvCacheBytes gives Llama-2-7B's published 524,288 bytes per token in fp16, and 2 GiB for 4096 tokens", () => {
    const n = (key: string) => spec.number('kv_llama2_7b', key);
    const dtype = spec.example('kv_llama2_7b').dtype as DType;
    expect(n('d_head'), 'd_head = D / n_heads').toBe(n('D') / n('n_heads'));
    expect(n('bytes_per_token'), 'the published figure').toBe(524_288);
    expect(n('bytes'), '2 GiB').toBe(2 * GiB);
    const dims = { n_layers: n('n_layers'), n_kv_heads: n('n_kv_heads'), d_head: n('d_head') };
    expect(kvCacheBytes({ ...dims, B: 1, T: 1 }, dtype)).toBe(n('bytes_per_token'));
    expect(kvCacheBytes({ ...dims, B: n('B'), T: n('T') }, dtype)).toBe(n('bytes'));
  });

  it('kvCacheBytes counts n_kv_heads, not n_heads, for grouped-query attention (Llama-2-70B: 8 KV heads for 64 query heads)', () => {
    const n = (key: string) => spec.number('kv_gqa', key);
    const dtype = spec.example('kv_gqa').dtype as DType;
    const groups = n('n_heads') / n('n_kv_heads');
    expect(n('bytes_per_token_if_counting_n_heads'), 'spec: counting n_heads overestimates by n_heads / n_kv_heads').toBe(groups * n('bytes_per_token'));
    expect(n('bytes'), 'spec: B·T tokens').toBe(n('B') * n('T') * n('bytes_per_token'));
    // The whole model configuration is passed, n_heads and D included, as real code would.
    const model = { n_layers: n('n_layers'), n_heads: n('n_heads'), n_kv_heads: n('n_kv_heads'), D: n('D'), d_head: n('d_head') };
    expect(kvCacheBytes({ ...model, B: 1, T: 1 }, dtype), `bytes per token (${n('bytes_per_token_if_counting_n_heads')} counts a K and V head for every query head)`).toBe(n('bytes_per_token'));
    expect(kvCacheBytes({ ...model, B: n('B'), T: n('T') }, dtype), 'B = 8, T = 4096').toBe(n('bytes'));
  });

  it('kvCacheBytesHeld equals kvCacheBytes after the prefill and after every decode step (the formula against what the cache keeps)', () => {
    const params = initDecoder(SMALL, 19);
    const cache = createKVCache(SMALL, 2);
    const formula = (T: number, dtype: DType) => kvCacheBytes({ B: 2, T, n_layers: SMALL.n_layers, n_kv_heads: SMALL.n_heads, d_head: SMALL.D / SMALL.n_heads }, dtype);
    expect(kvCacheBytesHeld(cache, 'fp32'), 'an empty cache holds nothing').toBe(0);
    prefill(params, randomTokens(2, 5, SMALL.V, 20), cache);
    for (let t = 5; t <= SMALL.T_max; t++) {
      for (const dtype of DTYPES) expect(kvCacheBytesHeld(cache, dtype), `t=${t}, ${dtype}`).toBe(formula(t, dtype));
      if (t < SMALL.T_max) decodeStep(params, [1, 2], cache);
    }
  });
});

describe('flops', { tags: ['flops'] }, () => {
  it('decodeStepFlops matches the tiny example worked by hand in the spec, with and without the cache', () => {
    // The spec's running-sum example (its method on a smaller operation), against its closed forms.
    const [D, tSum] = [spec.number('prefix_sum', 'D'), spec.number('prefix_sum', 't')];
    expect(spec.number('prefix_sum', 'recompute'), 'spec prefix_sum recompute: D·(t + 1)(t + 2)/2').toBe((D * (tSum + 1) * (tSum + 2)) / 2);
    expect(spec.number('prefix_sum', 'cached'), 'spec prefix_sum cached: D').toBe(D);
    const config = configOf('flops_tiny');
    const t = spec.number('flops_tiny', 't');
    expect(decodeStepFlops(config, t, { cache: true }), 'cached: one position (P, the head and the LayerNorms included) and t + 1 pairs (A, the softmax included)').toBe(spec.number('flops_tiny', 'cached'));
    expect(decodeStepFlops(config, t, { cache: false }), 'uncached: every position and every pair of the full pass').toBe(spec.number('flops_tiny', 'uncached'));
  });

  it('decodeStepFlops with the cache grows linearly in t: every extra token of context adds the same cost, one more (query, key) pair in every layer (the spec\'s A)', () => {
    for (const { config } of CASES) {
      const steps = cachedSteps(config);
      expect(steps, `growth per token of context, ${JSON.stringify(config)}`).toEqual(steps.map(() => steps[0]));
      expect(steps[0], 'one more pair costs something').toBeGreaterThan(0);
    }
    for (const example of ['flops_tiny', 'flops_gpt2']) {
      expect(cachedSteps(configOf(example))[0], `the cost of one pair in the spec's ${example}: A`).toBe(spec.number(example, 'A'));
    }
  });

  it('decodeStepFlops with an empty cache does the work of the full pass over one token: the new query meets its own key', () => {
    for (const { config } of CASES) {
      expect(decodeStepFlops(config, 0, { cache: true }), `t=0, ${JSON.stringify(config)}: with nothing in context both process one position and one pair`).toBe(decodeStepFlops(config, 0, { cache: false }));
    }
  });

  it('decodeStepFlops without the cache computes every pair of the [t + 1, t + 1] scores, masked ones too: quadratic in t, above the cached cost once t ≥ 1', () => {
    for (const { config } of CASES) {
      const A = cachedSteps(config)[0]!;
      const costs = Array.from({ length: 8 }, (_, t) => decodeStepFlops(config, t, { cache: false }));
      const secondDifferences = costs.slice(2).map((c, t) => c - 2 * costs[t + 1]! + costs[t]!);
      expect(secondDifferences, `second differences in t, ${JSON.stringify(config)}: half of this means only the unmasked pairs were counted`).toEqual(secondDifferences.map(() => 2 * A));
      for (let t = 1; t < 8; t++) expect(costs[t]!, `t=${t}`).toBeGreaterThan(decodeStepFlops(config, t, { cache: true }));
    }
  });

  it('decodeStepFlops matches the GPT-2 small example: at t = 1023 the uncached step costs 1024 times the cached one', () => {
    const config = configOf('flops_gpt2');
    const t = spec.number('flops_gpt2', 't');
    const cached = decodeStepFlops(config, t, { cache: true });
    const uncached = decodeStepFlops(config, t, { cache: false });
    expect(cached, 'cached').toBe(spec.number('flops_gpt2', 'cached'));
    expect(uncached, 'uncached').toBe(spec.number('flops_gpt2', 'uncached'));
    expect(uncached / cached).toBe(spec.number('flops_gpt2', 'ratio'));
  });
});
