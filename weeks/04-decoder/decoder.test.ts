import { describe, expect, it } from 'vitest';
import { createRng, fromNested, randn, ShapeError, type Tensor } from '../../harness/runtime/index.ts';
import { expectClose } from '../../harness/testing/close.ts';
import { expectLedgerShape, readWeekSpec } from '../../harness/testing/spec.ts';
import {
  decoderBlock,
  decoderForward,
  decoderHead,
  decoderParamCount,
  embed,
  initDecoder,
  layerNorm,
  multiHeadAttention,
  type DecoderConfig,
  type DecoderLayer,
  type DecoderParams,
  type LayerNormParams,
} from './decoder.ts';

const spec = readWeekSpec(import.meta.url);

type Case = { config: DecoderConfig; B: number; T: number };

/** n_heads = 1 with B = 1 and T = 1; several heads and layers; T = T_max with D_ff < D. */
const CASES: Case[] = [
  { config: { V: 7, T_max: 5, D: 6, n_heads: 1, D_ff: 4, n_layers: 1 }, B: 1, T: 1 },
  { config: { V: 11, T_max: 12, D: 8, n_heads: 2, D_ff: 16, n_layers: 2 }, B: 2, T: 5 },
  { config: { V: 5, T_max: 4, D: 12, n_heads: 4, D_ff: 6, n_layers: 3 }, B: 3, T: 4 },
];

const SMALL: DecoderConfig = { V: 11, T_max: 12, D: 8, n_heads: 2, D_ff: 16, n_layers: 2 };

function randomTokens(B: number, T: number, V: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: B }, () => Array.from({ length: T }, () => rng.int(V)));
}

function configOf(example: string): DecoderConfig {
  const n = (key: string) => spec.number(example, key);
  return { V: n('V'), T_max: n('T_max'), D: n('D'), n_heads: n('n_heads'), D_ff: n('D_ff'), n_layers: n('n_layers') };
}

/** Every Float64Array reachable from `value`, each counted once: what initDecoder actually allocated. */
function countValues(value: unknown, seen = new Set<Float64Array>()): number {
  if (value instanceof Float64Array) {
    if (seen.has(value)) return 0;
    seen.add(value);
    return value.length;
  }
  if (typeof value !== 'object' || value === null) return 0;
  return Object.values(value).reduce((n: number, v) => n + countValues(v, seen), 0);
}

/** Overwrites every parameter with seeded normals, so gains, biases and the head all matter. */
function randomiseParams(params: DecoderParams, seed: number): DecoderParams {
  const rng = createRng(seed);
  const walk = (value: unknown): void => {
    if (value instanceof Float64Array) value.forEach((_, i) => (value[i] = 0.5 * rng.normal()));
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
  };
  walk(params);
  return params;
}

// ---- A trusted decoder, written out row by row with plain arrays (never the code under test). ----

function vecMat(x: number[], w: Tensor): number[] {
  const n = w.shape[1]!;
  const out = new Array<number>(n).fill(0);
  x.forEach((xp, p) => {
    for (let j = 0; j < n; j++) out[j]! += xp * w.data[p * n + j]!;
  });
  return out;
}

function trustedLayerNorm(x: number[], { gain, bias }: LayerNormParams): number[] {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length;
  return x.map((xi, i) => ((xi - mean) / Math.sqrt(variance + 1e-5)) * gain.data[i]! + bias.data[i]!);
}

/** Causal attention of every position i over keys j ≤ i, head by head, for one sequence of rows [T][D]. */
function trustedAttention(q: number[][], k: number[][], v: number[][], n_heads: number): number[][] {
  const d_head = q[0]!.length / n_heads;
  return q.map((qi, i) => {
    const row = new Array<number>(qi.length).fill(0);
    for (let h = 0; h < n_heads; h++) {
      const cols = Array.from({ length: d_head }, (_, c) => h * d_head + c);
      const scores = k.slice(0, i + 1).map((kj) => cols.reduce((s, c) => s + qi[c]! * kj[c]!, 0) / Math.sqrt(d_head));
      const max = Math.max(...scores);
      const exps = scores.map((s) => Math.exp(s - max));
      const total = exps.reduce((a, b) => a + b, 0);
      exps.forEach((e, j) => cols.forEach((c) => (row[c]! += (e / total) * v[j]![c]!)));
    }
    return row;
  });
}

/** Row r of a [rows, D] parameter, or of the flattened positions of a [B, T, D] tensor, as a plain array. */
function rowOf(t: Tensor, r: number): number[] {
  const D = t.shape[t.shape.length - 1]!;
  return Array.from(t.data.subarray(r * D, (r + 1) * D));
}

/** Sequence b of a [B, T, D] tensor as rows [T][D]. */
function sequenceOf(x: Tensor, b: number): number[][] {
  const T = x.shape[1]!;
  return Array.from({ length: T }, (_, p) => rowOf(x, b * T + p));
}

/** token row + position row i, for one sequence: [T][D]. */
function trustedEmbed(params: DecoderParams, sequence: number[], start: number): number[][] {
  return sequence.map((id, i) => rowOf(params.tokenEmbedding, id).map((e, j) => e + rowOf(params.positionEmbedding, start + i)[j]!));
}

/** One pre-LayerNorm block over a whole sequence of rows [T][D]; k and v are the rows before the head split. */
function trustedBlock(h: number[][], layer: DecoderLayer, n_heads: number): { out: number[][]; k: number[][]; v: number[][] } {
  const addRows = (a: number[][], b: number[][]) => a.map((r, i) => r.map((x, j) => x + b[i]![j]!));
  const a = h.map((r) => trustedLayerNorm(r, layer.ln1));
  const [q, k, v] = [layer.wq, layer.wk, layer.wv].map((w) => a.map((r) => vecMat(r, w))) as [number[][], number[][], number[][]];
  const mid = addRows(h, trustedAttention(q, k, v, n_heads).map((r) => vecMat(r, layer.wo)));
  const hidden = mid.map((r) => vecMat(trustedLayerNorm(r, layer.ln2), layer.w1).map((z, j) => Math.max(0, z + layer.b1.data[j]!)));
  return { out: addRows(mid, hidden.map((r) => vecMat(r, layer.w2).map((z, j) => z + layer.b2.data[j]!))), k, v };
}

function trustedHead(params: DecoderParams, h: number[][]): number[][] {
  return h.map((r) => vecMat(trustedLayerNorm(r, params.lnFinal), params.head));
}

function trustedLogits(params: DecoderParams, sequence: number[]): number[][] {
  let h = trustedEmbed(params, sequence, 0);
  for (const layer of params.layers) h = trustedBlock(h, layer, params.config.n_heads).out;
  return trustedHead(params, h);
}

/** Rows [T][D] -> [n_heads][T][d_head]: head h owns columns h·d_head ... (h + 1)·d_head − 1. */
function splitRows(rows: number[][], n_heads: number): number[][][] {
  const d_head = rows[0]!.length / n_heads;
  return Array.from({ length: n_heads }, (_, h) => rows.map((r) => r.slice(h * d_head, (h + 1) * d_head)));
}

/** t[..., from:to, ...] along one axis, copied. */
function sliceAxis(t: Tensor, axis: number, from: number, to: number): Tensor {
  const outer = t.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = t.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = t.shape[axis]!;
  const data = new Float64Array(outer * (to - from) * inner);
  for (let o = 0; o < outer; o++) data.set(t.data.subarray((o * n + from) * inner, (o * n + to) * inner), o * (to - from) * inner);
  return { shape: t.shape.map((d, i) => (i === axis ? to - from : d)), data };
}

/** Every decoder tensor the ledger names (not the cache's: kvcache.test.ts checks those), per layer where it repeats. */
function decoderTensors({ config, B, T }: Case): Record<string, Tensor[]> {
  const params = initDecoder(config, 1);
  const layers = params.layers;
  const norms = [...layers.flatMap((l) => [l.ln1, l.ln2]), params.lnFinal];
  const attention = multiHeadAttention(randn([B, T, config.D], createRng(2)), layers[0]!, config.n_heads);
  const tokens = randomTokens(B, T, config.V, 3);
  let x = embed(params, tokens, 0);
  const stream = [x];
  const blocks = layers.map((layer) => {
    const block = decoderBlock(x, layer, config.n_heads);
    stream.push((x = block.out));
    return block;
  });
  return {
    tokenEmbedding: [params.tokenEmbedding],
    positionEmbedding: [params.positionEmbedding],
    'ln1.gain': norms.map((n) => n.gain),
    'ln1.bias': norms.map((n) => n.bias),
    wq: layers.map((l) => l.wq),
    wk: layers.map((l) => l.wk),
    wv: layers.map((l) => l.wv),
    wo: layers.map((l) => l.wo),
    w1: layers.map((l) => l.w1),
    b1: layers.map((l) => l.b1),
    w2: layers.map((l) => l.w2),
    b2: layers.map((l) => l.b2),
    head: [params.head],
    x: stream,
    q: [attention.q],
    k: [attention.k, ...blocks.map((b) => b.k)],
    v: [attention.v, ...blocks.map((b) => b.v)],
    scores: [attention.scores],
    weights: [attention.weights],
    out: [attention.out],
    logits: [decoderForward(params, tokens), decoderHead(params, x)],
  };
}

const computed = new Map<Case, Record<string, Tensor[]>>();

/** decoderTensors once per case, shared by the ledger rows (computed inside a test, so a stub fails that test). */
function memoised(c: Case): Record<string, Tensor[]> {
  if (!computed.has(c)) computed.set(c, decoderTensors(c));
  return computed.get(c)!;
}

function dimsOf({ config, B, T }: Case): Record<string, number> {
  return { ...config, B, T, d_head: config.D / config.n_heads };
}

describe('shapes', { tags: ['shapes'] }, () => {
  for (const row of spec.ledger.filter((r) => !/^(cache|step)\./.test(r.symbol))) {
    it(`${row.symbol} has shape ${row.shape}`, () => {
      for (const c of CASES) {
        const tensors = memoised(c)[row.symbol];
        expect(tensors?.length, `tensors for ${row.symbol}`).toBeGreaterThan(0);
        for (const t of tensors ?? []) expectLedgerShape(row, dimsOf(c), t);
      }
    });
  }

  it('initDecoder creates one block per layer', () => {
    for (const { config } of CASES) expect(initDecoder(config, 1).layers, `n_layers=${config.n_layers}`).toHaveLength(config.n_layers);
  });

  it('initDecoder throws a ShapeError naming D and n_heads when D is not divisible by n_heads', () => {
    const call = () => initDecoder({ ...SMALL, D: 10, n_heads: 3 }, 1);
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/\bD\s*=\s*10\b[\s\S]*\bn_heads\s*=\s*3\b/);
  });

  it('decoderForward throws a ShapeError naming T_max when the sequence is longer than T_max', () => {
    const params = initDecoder(SMALL, 1);
    const call = () => decoderForward(params, randomTokens(1, SMALL.T_max + 1, SMALL.V, 4));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/\bT_max\s*=\s*12\b/);
  });

  it('embed throws a ShapeError naming T_max when positions start … start + T − 1 pass T_max, and accepts a chunk ending at T_max − 1', () => {
    const params = initDecoder(SMALL, 1);
    const tokens = randomTokens(2, 3, SMALL.V, 29);
    expect(embed(params, tokens, SMALL.T_max - 3).shape, 'positions 9 ... 11 fit').toEqual([2, 3, SMALL.D]);
    for (const start of [SMALL.T_max - 2, SMALL.T_max]) {
      const call = () => embed(params, tokens, start);
      expect(call, `start=${start}`).toThrow(ShapeError);
      expect(call, `start=${start}`).toThrow(/\bT_max\s*=\s*12\b/);
    }
  });

  it('embed throws a ShapeError naming V for a token id outside the vocabulary, and one naming the row lengths for ragged tokens', () => {
    const params = initDecoder(SMALL, 1);
    for (const bad of [SMALL.V, -1, 1.5]) {
      const call = () => embed(params, [[0, bad]], 0);
      expect(call, `id ${bad}`).toThrow(ShapeError);
      expect(call, `id ${bad}`).toThrow(/\bV\s*=\s*11\b/);
    }
    const ragged = () => embed(params, [[1, 2, 3], [4, 5]], 0);
    expect(ragged).toThrow(ShapeError);
    expect(ragged).toThrow(/\[3, 2\]/);
  });

  it('layerNorm throws a ShapeError naming both shapes when gain does not match the last axis', () => {
    const x = randn([2, 3, 4], createRng(5));
    const call = () => layerNorm(x, fromNested([1, 1, 1]), fromNested([0, 0, 0, 0]));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/\[2, 3, 4\][\s\S]*\[3\]/);
  });
});

describe('memory', { tags: ['memory'] }, () => {
  it('decoderParamCount equals the number of values initDecoder creates, counted by walking the params', () => {
    for (const { config } of CASES) {
      expect(decoderParamCount(config), JSON.stringify(config)).toBe(countValues(initDecoder(config, 1)));
    }
  });

  it('decoderParamCount matches the tiny configuration counted by hand in the spec', () => {
    const config = configOf('params_tiny');
    expect(countValues(initDecoder(config, 1)), 'the spec example against the values the reference layout allocates').toBe(spec.number('params_tiny', 'params'));
    expect(decoderParamCount(config), 'every row of the parameter table, the per-layer rows n_layers times').toBe(spec.number('params_tiny', 'params'));
  });

  it("decoderParamCount is GPT-2 small's published count without attention biases and with an untied head", () => {
    const config = configOf('params_gpt2');
    const { V, D, n_layers } = config;
    expect(spec.number('params_gpt2', 'attention_biases'), 'q, k, v and output biases: 4·D per layer').toBe(n_layers * 4 * D);
    expect(spec.number('params_gpt2', 'untied_head'), 'an untied head: D·V').toBe(D * V);
    const expected = 124_439_808 - n_layers * 4 * D + D * V;
    expect(spec.number('params_gpt2', 'published')).toBe(124_439_808);
    expect(spec.number('params_gpt2', 'params')).toBe(expected);
    expect(decoderParamCount(config)).toBe(expected);
  });
});

describe('behaviour', { tags: ['behaviour'] }, () => {
  it('layerNorm reproduces the example worked by hand in the spec', () => {
    const example = spec.example('layernorm');
    const y = layerNorm(fromNested(example.x as number[][]), fromNested(example.gain as number[]), fromNested(example.bias as number[]));
    expectClose('layerNorm(x)', y, fromNested(example.y as number[][]), { rtol: 1e-9, atol: 1e-10 });
  });

  it('layerNorm normalises each row of the last axis, divides the variance by D (not D − 1) and uses eps 1e-5', () => {
    const x = randn([2, 3, 5], createRng(6));
    const gain = randn([5], createRng(7));
    const bias = randn([5], createRng(8));
    const expected = Array.from({ length: 6 }, (_, r) => trustedLayerNorm(Array.from(x.data.subarray(r * 5, r * 5 + 5)), { gain, bias }));
    expectClose('layerNorm(x)', layerNorm(x, gain, bias), { shape: [2, 3, 5], data: Float64Array.from(expected.flat()) });
  });

  it('initDecoder is deterministic for a seed and differs between seeds', () => {
    const a = initDecoder(SMALL, 42);
    expectClose('wq with the same seed', initDecoder(SMALL, 42).layers[1]!.wq, a.layers[1]!.wq, { rtol: 0, atol: 0 });
    expectClose('head with the same seed', initDecoder(SMALL, 42).head, a.head, { rtol: 0, atol: 0 });
    expect(Array.from(initDecoder(SMALL, 43).head.data)).not.toEqual(Array.from(a.head.data));
  });

  it('initDecoder starts gains at 1 and biases at 0, and draws each weight matrix with std 1/√fan_in', () => {
    const config: DecoderConfig = { V: 50, T_max: 8, D: 64, n_heads: 4, D_ff: 128, n_layers: 1 };
    const params = initDecoder(config, 9);
    const layer = params.layers[0]!;
    for (const norm of [layer.ln1, layer.ln2, params.lnFinal]) {
      expect(Array.from(norm.gain.data).every((g) => g === 1), 'gains are 1').toBe(true);
      expect(Array.from(norm.bias.data).every((b) => b === 0), 'LayerNorm biases are 0').toBe(true);
    }
    expect(Array.from(layer.b1.data).concat(Array.from(layer.b2.data)).every((b) => b === 0), 'b1 and b2 are 0').toBe(true);
    const std = (t: Tensor) => Math.sqrt(t.data.reduce((s, v) => s + v * v, 0) / t.data.length);
    for (const [name, w, fanIn] of [['wq', layer.wq, 64], ['wo', layer.wo, 64], ['w1', layer.w1, 64], ['w2', layer.w2, 128], ['head', params.head, 64]] as const) {
      expect(Math.abs(std(w) * Math.sqrt(fanIn) - 1), `${name}: std ${std(w)} should be near 1/√${fanIn}`).toBeLessThan(0.1);
    }
  });

  it('multiHeadAttention splits q into heads: q[b][h][p][i] is (x @ wq)[b][p][h·d_head + i]', () => {
    const params = initDecoder(SMALL, 10);
    const x = randn([2, 3, SMALL.D], createRng(11));
    const { q } = multiHeadAttention(x, params.layers[0]!, SMALL.n_heads);
    const d_head = SMALL.D / SMALL.n_heads;
    const expected: number[][][][] = [0, 1].map((b) =>
      [0, 1].map((h) => [0, 1, 2].map((p) => vecMat(Array.from(x.data.subarray((b * 3 + p) * 8, (b * 3 + p + 1) * 8)), params.layers[0]!.wq).slice(h * d_head, (h + 1) * d_head))),
    );
    expectClose('q', q, expected);
  });

  it('multiHeadAttention weights are exactly 0 above the diagonal and every row sums to 1', () => {
    const params = randomiseParams(initDecoder(SMALL, 12), 13);
    const T = 5;
    const { weights } = multiHeadAttention(randn([2, T, SMALL.D], createRng(14)), params.layers[0]!, SMALL.n_heads);
    for (let row = 0; row < weights.data.length / T; row++) {
      const i = row % T;
      const values = Array.from(weights.data.subarray(row * T, row * T + T));
      expect(values.slice(i + 1).every((w) => w === 0), `row ${row} (query ${i}) above the diagonal: ${values}`).toBe(true);
      expect(Math.abs(values.reduce((a, b) => a + b, 0) - 1), `row ${row} sums to 1`).toBeLessThan(1e-12);
    }
  });

  it('multiHeadAttention with a past of t positions gives the last rows of the full causal attention: query i sees keys 0 … t + i, its own included', () => {
    const params = randomiseParams(initDecoder(SMALL, 26), 27);
    const layer = params.layers[0]!;
    const x = randn([2, 6, SMALL.D], createRng(28));
    const full = multiHeadAttention(x, layer, SMALL.n_heads);
    const first = multiHeadAttention(sliceAxis(x, 1, 0, 3), layer, SMALL.n_heads);
    const rest = multiHeadAttention(sliceAxis(x, 1, 3, 6), layer, SMALL.n_heads, { k: first.k, v: first.v });
    expectClose('k, past then new', rest.k, full.k);
    expectClose('v, past then new', rest.v, full.v);
    expectClose('weights of positions 3-5', rest.weights, sliceAxis(full.weights, 2, 3, 6));
    expectClose('out of positions 3-5', rest.out, sliceAxis(full.out, 1, 3, 6));
  });

  it('embed adds token row tokens[b][i] and position row start + i: a chunk that starts at t gets position rows t … t + T − 1', () => {
    const params = randomiseParams(initDecoder(SMALL, 30), 31);
    const tokens = randomTokens(2, 4, SMALL.V, 32);
    for (const start of [0, 3, SMALL.T_max - 4]) {
      expectClose(`embed at start=${start}`, embed(params, tokens, start), tokens.map((sequence) => trustedEmbed(params, sequence, start)));
    }
  });

  it('decoderBlock matches a pre-LayerNorm block written out in loops: x + attention(LN1(x)), then + MLP(LN2(·)), with the K and V of every position split into heads', () => {
    const params = randomiseParams(initDecoder(SMALL, 33), 34);
    const x = randn([2, 5, SMALL.D], createRng(35));
    for (const [l, layer] of params.layers.entries()) {
      const block = decoderBlock(x, layer, SMALL.n_heads);
      const expected = [0, 1].map((b) => trustedBlock(sequenceOf(x, b), layer, SMALL.n_heads));
      expectClose(`layer ${l} out`, block.out, expected.map((e) => e.out));
      expectClose(`layer ${l} k`, block.k, expected.map((e) => splitRows(e.k, SMALL.n_heads)));
      expectClose(`layer ${l} v`, block.v, expected.map((e) => splitRows(e.v, SMALL.n_heads)));
    }
  });

  it('decoderBlock with a past of t positions gives the last T rows of the block over all t + T positions, and the K and V of all of them', () => {
    const params = randomiseParams(initDecoder(SMALL, 36), 37);
    const layer = params.layers[1]!;
    const x = randn([2, 6, SMALL.D], createRng(38));
    const full = decoderBlock(x, layer, SMALL.n_heads);
    for (const t of [1, 3, 5]) {
      const first = decoderBlock(sliceAxis(x, 1, 0, t), layer, SMALL.n_heads);
      const rest = decoderBlock(sliceAxis(x, 1, t, 6), layer, SMALL.n_heads, { k: first.k, v: first.v });
      expectClose(`out of positions ${t}-5 after a past of ${t}`, rest.out, sliceAxis(full.out, 1, t, 6));
      expectClose(`k, past then new (t=${t})`, rest.k, full.k);
      expectClose(`v, past then new (t=${t})`, rest.v, full.v);
    }
  });

  it('decoderHead is the final LayerNorm followed by the untied head: logits[b][p] = LN_final(x[b][p]) @ head', () => {
    const params = randomiseParams(initDecoder(SMALL, 39), 40);
    const x = randn([2, 3, SMALL.D], createRng(41));
    expectClose('decoderHead(x)', decoderHead(params, x), [0, 1].map((b) => trustedHead(params, sequenceOf(x, b))));
  });

  it('decoderForward matches a decoder written out in loops: pre-LayerNorm blocks, residuals, final LayerNorm, untied head', () => {
    const params = randomiseParams(initDecoder(SMALL, 15), 16);
    const tokens = randomTokens(2, 6, SMALL.V, 17);
    const expected = tokens.map((sequence) => trustedLogits(params, sequence));
    expectClose('logits', decoderForward(params, tokens), expected);
  });

  it('decoderForward is causal: changing the last token changes only the last position', () => {
    const params = randomiseParams(initDecoder(SMALL, 18), 19);
    const tokens = randomTokens(1, 6, SMALL.V, 20);
    const changed = [[...tokens[0]!.slice(0, 5), (tokens[0]![5]! + 1) % SMALL.V]];
    const before = decoderForward(params, tokens);
    const after = decoderForward(params, changed);
    const V = SMALL.V;
    expectClose('logits at positions 0-4', { shape: [5, V], data: after.data.slice(0, 5 * V) }, { shape: [5, V], data: before.data.slice(0, 5 * V) });
    const lastMoved = Math.max(...Array.from(after.data.slice(5 * V), (a, j) => Math.abs(a - before.data[5 * V + j]!)));
    expect(lastMoved, 'the last position sees the changed token').toBeGreaterThan(1e-6);
  });
});

describe('numerics', { tags: ['numerics'] }, () => {
  it('layerNorm of a constant row is exactly its bias (eps keeps 0 / 0 away), also at 1e9', () => {
    const gain = fromNested([1.5, -2, 0.25, 3]);
    const bias = fromNested([0.1, -0.2, 0.3, -0.4]);
    const y = layerNorm(fromNested([[0, 0, 0, 0], [7, 7, 7, 7], [1e9, 1e9, 1e9, 1e9]]), gain, bias);
    expectClose('layerNorm of constant rows', y, [[0.1, -0.2, 0.3, -0.4], [0.1, -0.2, 0.3, -0.4], [0.1, -0.2, 0.3, -0.4]], { rtol: 0, atol: 1e-12 });
  });

  it('layerNorm subtracts the mean before squaring: rows near 1e9 normalise like rows near 0', () => {
    const gain = fromNested([1, 1, 1, 1]);
    const bias = fromNested([0, 0, 0, 0]);
    const near = layerNorm(fromNested([[1, 2, 3, 4]]), gain, bias);
    const far = layerNorm(fromNested([[1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4]]), gain, bias);
    expectClose('layerNorm(1e9 + [1, 2, 3, 4])', far, near, { rtol: 1e-6, atol: 1e-6 });
  });

  it('decoderForward gives finite logits for embeddings of magnitude 1e8', () => {
    const params = initDecoder(SMALL, 21);
    params.tokenEmbedding.data.forEach((e, i) => (params.tokenEmbedding.data[i] = e * 1e8));
    const logits = decoderForward(params, randomTokens(2, 6, SMALL.V, 22));
    const bad = Array.from(logits.data).findIndex((v) => !Number.isFinite(v));
    expect(bad, `logits[${bad}] is ${logits.data[bad]}`).toBe(-1);
  });

  it('decoderForward logits do not move when every embedding value is shifted by 1e9 (each LayerNorm removes it)', () => {
    const params = randomiseParams(initDecoder(SMALL, 23), 24);
    const tokens = randomTokens(2, 6, SMALL.V, 25);
    const expected = decoderForward(params, tokens);
    params.tokenEmbedding.data.forEach((e, i) => (params.tokenEmbedding.data[i] = e + 1e9));
    expectClose('logits with shifted embeddings', decoderForward(params, tokens), expected, { rtol: 1e-4, atol: 1e-4 });
  });
});
