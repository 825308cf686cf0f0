/**
 * Week 4: a tiny GPT-style decoder. Token and position embeddings, n_layers pre-LayerNorm blocks
 * (causal multi-head attention and a ReLU MLP, each with a residual), a final LayerNorm and an
 * untied output head. Shapes: tokens [B][T] -> logits [B, T, V]; d_head = D / n_heads.
 * Read spec.md first, and answer predictions.yaml before you write the code. Reuse the earlier
 * weeks by importing them:
 *   import { linearForward, matmul } from '../01-linear/linear.ts';
 *   import { relu, softmax } from '../02-training/nonlinear.ts';
 *   import { batchedMatmul, batchedTranspose } from '../03-attention/attention.ts';
 */
import { formatShape, NotImplemented, ShapeError, type Tensor } from '../../harness/runtime/index.ts';
// Shape errors: throw new ShapeError(...) and name every shape with formatShape, e.g. [2, 3], and
// every dimension by its symbol, e.g. D=10 or T_max=12.

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

/**
 * The spec's parameter layout, deterministic for a seed (createRng(seed), randn):
 *   tokenEmbedding [V, D] and positionEmbedding [T_max, D]: normal, std 1
 *   per layer: ln1, ln2 gains 1 and biases 0; wq wk wv wo [D, D], w1 [D, D_ff]: std 1/√D;
 *              w2 [D_ff, D]: std 1/√D_ff; b1 [D_ff], b2 [D]: zeros
 *   lnFinal: gain 1, bias 0; head [D, V]: std 1/√D (untied from tokenEmbedding)
 * Throw a ShapeError naming D and n_heads (e.g. "D=10 is not divisible by n_heads=3") when D is
 * not divisible by n_heads.
 */
export function initDecoder(config: DecoderConfig, seed: number): DecoderParams {
  throw new NotImplemented('initDecoder', 4);
}

/**
 * Over the last axis, row by row (D = the last dim; gain and bias are [D]):
 *   mean = Σ x / D,  var = Σ (x − mean)² / D,  y = (x − mean) / √(var + eps) · gain + bias
 * Subtract the mean before squaring. A ShapeError naming x's shape, then the wrong one, if gain or
 * bias is not [D].
 */
export function layerNorm(x: Tensor, gain: Tensor, bias: Tensor, eps = 1e-5): Tensor {
  throw new NotImplemented('layerNorm', 4);
}

/**
 * Causal multi-head attention of T new positions, after t past ones (t = 0 without `past`):
 *   q, k, v = x @ wq, x @ wk, x @ wv                 // [B, T, D] each
 *   split heads                                      // [B, T, D] -> [B, n_heads, T, d_head]
 *   k, v = past followed by new                      // [B, n_heads, t + T, d_head]
 *   scores = q @ kᵀ / √d_head                        // [B, n_heads, T, t + T], before the mask
 *   weights = softmax over keys, key j > t + i masked // query i sits at position t + i
 *   out = merge heads (weights @ v) @ wo             // [B, n_heads, T, d_head] -> [B, T, D]
 */
export function multiHeadAttention(
  x: Tensor,
  layer: DecoderLayer,
  n_heads: number,
  past?: { k: Tensor; v: Tensor },
): { q: Tensor; k: Tensor; v: Tensor; scores: Tensor; weights: Tensor; out: Tensor } {
  throw new NotImplemented('multiHeadAttention', 4);
}

/**
 * Token rows plus position rows start ... start + T − 1: tokens [B][T] -> x [B, T, D], the residual stream.
 *   x[b][i] = tokenEmbedding[tokens[b][i]] + positionEmbedding[start + i]
 * decoderForward embeds at start = 0; a cached step embeds its new tokens at start = t.
 * Check before computing anything, with ShapeErrors: rows of one length (name the row lengths,
 * e.g. [3, 2]), T ≥ 1, integer ids in [0, V) (name V, e.g. V=11), and start + T ≤ T_max (name T_max,
 * e.g. T_max=12: past it there is no position row).
 */
export function embed(params: DecoderParams, tokens: number[][], start: number): Tensor {
  throw new NotImplemented('embed', 4);
}

/**
 * One pre-LayerNorm block on T new positions, after t past ones (t = 0 without `past`):
 *   a = multiHeadAttention(LN1(x), layer, n_heads, past)   // a.k, a.v: [B, n_heads, t + T, d_head]
 *   h = x + a.out                                          // [B, T, D], residual
 *   out = h + w2·relu(LN2(h)·w1 + b1) + b2                 // [B, T, D], residual
 * Returns { out, k: a.k, v: a.v }: the layer's keys and values of all t + T positions, for a cache.
 * decoderForward and the KV cache both run this one function, so their logits agree by construction.
 */
export function decoderBlock(x: Tensor, layer: DecoderLayer, n_heads: number, past?: { k: Tensor; v: Tensor }): { out: Tensor; k: Tensor; v: Tensor } {
  throw new NotImplemented('decoderBlock', 4);
}

/** The final LayerNorm and the untied head: logits = LN_final(x) @ head, x [B, T, D] -> [B, T, V]. */
export function decoderHead(params: DecoderParams, x: Tensor): Tensor {
  throw new NotImplemented('decoderHead', 4);
}

/**
 * tokens [B][T] -> logits [B, T, V], recomputing everything:
 *   x = embed(params, tokens, 0)                                    // [B, T, D]
 *   per layer: x = decoderBlock(x, layer, n_heads).out              // no past
 *   logits = decoderHead(params, x)                                 // [B, T, D] @ [D, V]
 * A ShapeError naming T_max when T > T_max (embed's check).
 */
export function decoderForward(params: DecoderParams, tokens: number[][]): Tensor {
  throw new NotImplemented('decoderForward', 4);
}

/**
 * The number of values initDecoder creates, from the config alone: walk the spec's parameter
 * layout tensor by tensor and count each one from its shape (spec.md, "Parameter layout"; the
 * tiny configuration there checks you).
 */
export function decoderParamCount(config: DecoderConfig): number {
  throw new NotImplemented('decoderParamCount', 4);
}
