/**
 * Week 4: a tiny GPT-style decoder. Token and position embeddings, n_layers pre-LayerNorm blocks
 * (causal multi-head attention and a ReLU MLP, each with a residual), a final LayerNorm and an
 * untied output head. Shapes: tokens [B][T] -> logits [B, T, V]; d_head = D / n_heads.
 */
import { createRng, formatShape, full, randn, ShapeError, zeros, type Tensor } from '../../harness/runtime/index.ts';
import { linearForward, matmul } from '../01-linear/linear.ts';
import { relu, softmax } from '../02-training/nonlinear.ts';
import { batchedMatmul, batchedTranspose } from '../03-attention/attention.ts';

export type DecoderConfig = { V: number; T_max: number; D: number; n_heads: number; D_ff: number; n_layers: number };

/** A LayerNorm's parameters: gain [D] and bias [D]. */
export type LayerNormParams = { gain: Tensor; bias: Tensor };

/** One block: ln1, wq wk wv wo [D, D] (no biases), ln2, w1 [D, D_ff], b1 [D_ff], w2 [D_ff, D], b2 [D]. */
export type DecoderLayer = {
  ln1: LayerNormParams;
  wq: Tensor;
  wk: Tensor;
  wv: Tensor;
  wo: Tensor;
  ln2: LayerNormParams;
  w1: Tensor;
  b1: Tensor;
  w2: Tensor;
  b2: Tensor;
};

/** Everything initDecoder creates, plus the config (numbers, not parameters): n_heads cannot be read off the shapes. */
export type DecoderParams = {
  config: DecoderConfig;
  tokenEmbedding: Tensor;
  positionEmbedding: Tensor;
  layers: DecoderLayer[];
  lnFinal: LayerNormParams;
  head: Tensor;
};

function checkConfig(config: DecoderConfig): void {
  for (const [name, value] of Object.entries(config)) {
    if (!Number.isInteger(value) || value < 1) throw new ShapeError(`DecoderConfig.${name} must be a positive integer, got ${value}`);
  }
  if (config.D % config.n_heads !== 0) {
    throw new ShapeError(`D=${config.D} is not divisible by n_heads=${config.n_heads}: d_head = D / n_heads must be a whole number`);
  }
}

/** Gains start at 1 and biases at 0, so every LayerNorm starts as a plain normalisation. */
function initLayerNorm(D: number): LayerNormParams {
  return { gain: full([D], 1), bias: zeros([D]) };
}

export function initDecoder(config: DecoderConfig, seed: number): DecoderParams {
  checkConfig(config);
  const { V, T_max, D, D_ff, n_layers } = config;
  const rng = createRng(seed);
  // std 1/√fan_in keeps each projection's output at the scale of its (normalised) input.
  const weight = (fanIn: number, fanOut: number) => randn([fanIn, fanOut], rng, 1 / Math.sqrt(fanIn));
  const layer = (): DecoderLayer => ({
    ln1: initLayerNorm(D),
    wq: weight(D, D),
    wk: weight(D, D),
    wv: weight(D, D),
    wo: weight(D, D),
    ln2: initLayerNorm(D),
    w1: weight(D, D_ff),
    b1: zeros([D_ff]),
    w2: weight(D_ff, D),
    b2: zeros([D]),
  });
  return {
    config: { ...config },
    tokenEmbedding: randn([V, D], rng),
    positionEmbedding: randn([T_max, D], rng),
    layers: Array.from({ length: n_layers }, layer),
    lnFinal: initLayerNorm(D),
    head: weight(D, V),
  };
}

/** Over the last axis: (x − mean) / √(var + eps) · gain + bias, var = mean((x − mean)²) (two passes, divided by D). */
export function layerNorm(x: Tensor, gain: Tensor, bias: Tensor, eps = 1e-5): Tensor {
  const D = x.shape[x.shape.length - 1] ?? 0;
  if (gain.shape.join() !== `${D}` || bias.shape.join() !== `${D}`) {
    throw new ShapeError(`layerNorm needs gain [D=${D}] and bias [D=${D}] for x ${formatShape(x.shape)}, got gain ${formatShape(gain.shape)} and bias ${formatShape(bias.shape)}`);
  }
  const out = zeros(x.shape);
  for (let start = 0; start < x.data.length; start += D) {
    let mean = 0;
    for (let i = 0; i < D; i++) mean += x.data[start + i]!;
    mean /= D;
    let variance = 0;
    for (let i = 0; i < D; i++) variance += (x.data[start + i]! - mean) ** 2;
    const scale = 1 / Math.sqrt(variance / D + eps);
    for (let i = 0; i < D; i++) out.data[start + i] = (x.data[start + i]! - mean) * scale * gain.data[i]! + bias.data[i]!;
  }
  return out;
}

/** [B, T, D] -> [B, n_heads, T, d_head]: feature h·d_head + i of position p goes to head h, row p, column i. */
function splitHeads(x: Tensor, n_heads: number): Tensor {
  const [B, T, D] = x.shape as [number, number, number];
  const d_head = D / n_heads;
  const out = zeros([B, n_heads, T, d_head]);
  for (let b = 0; b < B; b++) {
    for (let p = 0; p < T; p++) {
      for (let h = 0; h < n_heads; h++) {
        const from = (b * T + p) * D + h * d_head;
        out.data.set(x.data.subarray(from, from + d_head), ((b * n_heads + h) * T + p) * d_head);
      }
    }
  }
  return out;
}

/** [B, n_heads, T, d_head] -> [B, T, D]: the inverse of splitHeads. */
function mergeHeads(x: Tensor): Tensor {
  const [B, n_heads, T, d_head] = x.shape as [number, number, number, number];
  const D = n_heads * d_head;
  const out = zeros([B, T, D]);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < n_heads; h++) {
      for (let p = 0; p < T; p++) {
        const from = ((b * n_heads + h) * T + p) * d_head;
        out.data.set(x.data.subarray(from, from + d_head), (b * T + p) * D + h * d_head);
      }
    }
  }
  return out;
}

/** [B, n_heads, t, d_head] and [B, n_heads, T, d_head] -> [B, n_heads, t + T, d_head]: past rows first. */
function concatPositions(past: Tensor, next: Tensor): Tensor {
  const [B, n_heads, t, d_head] = past.shape as [number, number, number, number];
  const T = next.shape[2]!;
  const out = zeros([B, n_heads, t + T, d_head]);
  for (let bh = 0; bh < B * n_heads; bh++) {
    out.data.set(past.data.subarray(bh * t * d_head, (bh + 1) * t * d_head), bh * (t + T) * d_head);
    out.data.set(next.data.subarray(bh * T * d_head, (bh + 1) * T * d_head), (bh * (t + T) + t) * d_head);
  }
  return out;
}

/** A view with the leading two axes folded into one, for week 3's batchedMatmul: [B, n_heads, m, n] -> [B·n_heads, m, n]. */
function foldHeads(x: Tensor): Tensor {
  const [B, n_heads, m, n] = x.shape as [number, number, number, number];
  return { shape: [B * n_heads, m, n], data: x.data };
}

function unfoldHeads(x: Tensor, B: number, n_heads: number): Tensor {
  return { shape: [B, n_heads, x.shape[1]!, x.shape[2]!], data: x.data };
}

/** [..., rows, D] @ [D, n] -> [..., rows, n], by flattening the leading axes (week 1's matmul is 2-D). */
function project(x: Tensor, w: Tensor): Tensor {
  const D = x.shape[x.shape.length - 1]!;
  const y = matmul({ shape: [x.data.length / D, D], data: x.data }, w);
  return { shape: [...x.shape.slice(0, -1), w.shape[1]!], data: y.data };
}

/** Query i of T new positions sits at position t + i and may see keys 0 ... t + i: later keys get −∞ (weight exactly 0). */
function causalMask(scores: Tensor, t: number): Tensor {
  const [, , T, keys] = scores.shape as [number, number, number, number];
  const masked = { shape: [...scores.shape], data: scores.data.slice() };
  for (let row = 0; row < masked.data.length / keys; row++) {
    const i = row % T;
    for (let j = t + i + 1; j < keys; j++) masked.data[row * keys + j] = -Infinity;
  }
  return masked;
}

function checkPast(x: Tensor, past: { k: Tensor; v: Tensor }, n_heads: number): void {
  const [B, , D] = x.shape as [number, number, number];
  const want = [B, n_heads, past.k.shape[2], D / n_heads].join();
  if (past.k.shape.length !== 4 || past.k.shape.join() !== want || past.v.shape.join() !== want) {
    throw new ShapeError(
      `past k and v must both be [B=${B}, n_heads=${n_heads}, t, d_head=${D / n_heads}] for x ${formatShape(x.shape)}, got k ${formatShape(past.k.shape)} and v ${formatShape(past.v.shape)}`,
    );
  }
}

/**
 * Causal multi-head attention of T new positions over t past ones (t = 0 without `past`).
 * x [B, T, D]; past k, v [B, n_heads, t, d_head]; returns q [B, n_heads, T, d_head], k and v
 * [B, n_heads, t + T, d_head] (past first), scores and weights [B, n_heads, T, t + T], out [B, T, D].
 */
export function multiHeadAttention(
  x: Tensor,
  layer: DecoderLayer,
  n_heads: number,
  past?: { k: Tensor; v: Tensor },
): { q: Tensor; k: Tensor; v: Tensor; scores: Tensor; weights: Tensor; out: Tensor } {
  const D = x.shape[2]!;
  if (x.shape.length !== 3 || layer.wq.shape.join() !== `${D},${D}` || D % n_heads !== 0) {
    throw new ShapeError(`multiHeadAttention needs x [B, T, D] with wq [D, D] and D divisible by n_heads=${n_heads}, got x ${formatShape(x.shape)} and wq ${formatShape(layer.wq.shape)}`);
  }
  if (past) checkPast(x, past, n_heads);
  const B = x.shape[0]!;
  const d_head = D / n_heads;
  const q = splitHeads(project(x, layer.wq), n_heads); // [B, T, D] -> [B, n_heads, T, d_head]
  const kNew = splitHeads(project(x, layer.wk), n_heads);
  const vNew = splitHeads(project(x, layer.wv), n_heads);
  const k = past ? concatPositions(past.k, kNew) : kNew; // [B, n_heads, t + T, d_head]
  const v = past ? concatPositions(past.v, vNew) : vNew;
  const raw = batchedMatmul(foldHeads(q), batchedTranspose(foldHeads(k))); // [B·n_heads, T, d_head] @ [B·n_heads, d_head, t + T]
  const scores = unfoldHeads(raw, B, n_heads);
  for (let i = 0; i < scores.data.length; i++) scores.data[i]! /= Math.sqrt(d_head);
  const weights = softmax(causalMask(scores, past ? past.k.shape[2]! : 0)); // softmax over the key axis
  const heads = batchedMatmul(foldHeads(weights), foldHeads(v)); // [B·n_heads, T, t + T] @ [B·n_heads, t + T, d_head]
  const out = project(mergeHeads(unfoldHeads(heads, B, n_heads)), layer.wo); // [B, T, D] @ [D, D]
  return { q, k, v, scores, weights, out };
}

function add(a: Tensor, b: Tensor): Tensor {
  const out = zeros(a.shape);
  for (let i = 0; i < a.data.length; i++) out.data[i] = a.data[i]! + b.data[i]!;
  return out;
}

/** linear, ReLU, linear at every position: [B, T, D] -> [B, T, D_ff] -> [B, T, D]. */
function mlp(x: Tensor, layer: DecoderLayer): Tensor {
  const [B, T, D] = x.shape as [number, number, number];
  const hidden = relu(linearForward({ shape: [B * T, D], data: x.data }, layer.w1, layer.b1)); // [B·T, D_ff]
  const y = linearForward(hidden, layer.w2, layer.b2); // [B·T, D]
  return { shape: [B, T, D], data: y.data };
}

/** Rows of one length, T ≥ 1, ids in [0, V), and positions start ... start + T − 1 below T_max: checked before anything is computed. */
function checkTokens(config: DecoderConfig, tokens: number[][], start: number): void {
  const T = tokens[0]?.length ?? 0;
  if (tokens.length === 0 || T === 0 || tokens.some((row) => row.length !== T)) {
    throw new ShapeError(`tokens must be [B][T] with B ≥ 1, T ≥ 1 and every row of one length, got rows of lengths [${tokens.map((r) => r.length).join(', ')}]`);
  }
  if (!Number.isInteger(start) || start < 0 || start + T > config.T_max) {
    throw new ShapeError(
      `positions ${start} ... ${start + T - 1} of tokens [B=${tokens.length}][T=${T}] do not fit: the position embedding is [T_max=${config.T_max}, D=${config.D}]`,
    );
  }
  const bad = tokens.flat().find((id) => !Number.isInteger(id) || id < 0 || id >= config.V);
  if (bad !== undefined) throw new ShapeError(`token id ${bad} is outside the vocabulary [0, V=${config.V}) of the token embedding [V=${config.V}, D=${config.D}]`);
}

/** Token rows plus position rows start ... start + T − 1: tokens [B][T] -> x [B, T, D]. */
export function embed(params: DecoderParams, tokens: number[][], start: number): Tensor {
  checkTokens(params.config, tokens, start);
  const { D } = params.config;
  const T = tokens[0]!.length;
  const x = zeros([tokens.length, T, D]);
  tokens.forEach((row, b) =>
    row.forEach((id, i) => {
      const at = (b * T + i) * D;
      for (let j = 0; j < D; j++) x.data[at + j] = params.tokenEmbedding.data[id * D + j]! + params.positionEmbedding.data[(start + i) * D + j]!;
    }),
  );
  return x;
}

/**
 * One pre-LayerNorm block on T new positions after t past ones (t = 0 without `past`):
 * x + attention(LN1(x)), then + MLP(LN2(·)). x [B, T, D] -> out [B, T, D]; k and v are the layer's
 * keys and values of all t + T positions, [B, n_heads, t + T, d_head], for a cache to keep.
 */
export function decoderBlock(x: Tensor, layer: DecoderLayer, n_heads: number, past?: { k: Tensor; v: Tensor }): { out: Tensor; k: Tensor; v: Tensor } {
  const attention = multiHeadAttention(layerNorm(x, layer.ln1.gain, layer.ln1.bias), layer, n_heads, past);
  const h = add(x, attention.out); // the residual stream after attention
  const out = add(h, mlp(layerNorm(h, layer.ln2.gain, layer.ln2.bias), layer));
  return { out, k: attention.k, v: attention.v };
}

/** The final LayerNorm and the untied head: x [B, T, D] -> logits [B, T, V]. */
export function decoderHead(params: DecoderParams, x: Tensor): Tensor {
  return project(layerNorm(x, params.lnFinal.gain, params.lnFinal.bias), params.head); // [B, T, D] @ [D, V]
}

/** tokens [B][T] -> logits [B, T, V], recomputing every position: embed at 0, every block without a past, the head. */
export function decoderForward(params: DecoderParams, tokens: number[][]): Tensor {
  let x = embed(params, tokens, 0); // [B, T, D]
  for (const layer of params.layers) x = decoderBlock(x, layer, params.config.n_heads).out;
  return decoderHead(params, x);
}

/** V·D + T_max·D + n_layers·(4·D² + 2·D·D_ff + D_ff + 5·D) + 2·D + D·V (the spec's layout table). */
export function decoderParamCount(config: DecoderConfig): number {
  const { V, T_max, D, D_ff, n_layers } = config;
  const perLayer = 2 * D + 4 * D * D + 2 * D + (D * D_ff + D_ff) + (D_ff * D + D);
  return V * D + T_max * D + n_layers * perLayer + 2 * D + D * V;
}
