/**
 * Week 4: autoregressive inference with a KV cache. The cache keeps, for every layer, the keys and
 * values of every position seen so far, [B, n_heads, t, d_head] each, so a decode step computes
 * q, k, v for the one new token only and attends to the rest from memory. Read spec.md first, and
 * answer predictions.yaml before you write the code. Reuse decoder.ts: the cached path runs the
 * same embed, decoderBlock (with `past`) and decoderHead as decoderForward, so write none of them
 * again here.
 */
import { formatShape, NotImplemented, ShapeError, type DType, type Tensor } from '../../harness/runtime/index.ts';
// Shape errors: throw new ShapeError(...) and name every shape with formatShape, e.g. [2, 3], and
// every dimension by its symbol, e.g. B=2 or T_max=12.
import type { DecoderConfig, DecoderParams } from './decoder.ts';

/** Per layer, K and V of the t positions filled so far: each [B, n_heads, t, d_head]. */
export type KVCache = { config: DecoderConfig; B: number; layers: { k: Tensor; v: Tensor }[] };

/** An empty cache for B sequences: n_layers entries, k and v each [B, n_heads, 0, d_head]. */
export function createKVCache(config: DecoderConfig, B: number): KVCache {
  throw new NotImplemented('createKVCache', 4);
}

/** t, the number of positions the cache holds: the size of the cached tensors' position axis. */
export function cacheLength(cache: KVCache): number {
  throw new NotImplemented('cacheLength', 4);
}

/**
 * Runs a prompt [B][T] at positions t ... t + T − 1 (t = cacheLength, normally 0), causal like
 * decoderForward:
 *   x = embed(params, tokens, t)                                        // [B, T, D]
 *   per layer l: { out, k, v } = decoderBlock(x, layer, n_heads, cache.layers[l]); x = out
 *   logits = decoderHead(params, x)                                     // [B, T, V]
 * then replaces every layer's cached k, v with the block's (past and new: t + T positions).
 * Tokens not [B][T] for the cache's B, or past T_max: a ShapeError naming B or T_max and the cache's
 * shapes, with the cache unchanged.
 */
export function prefill(params: DecoderParams, tokens: number[][], cache: KVCache): Tensor {
  throw new NotImplemented('prefill', 4);
}

/**
 * One new token per sequence (B of them) at position t = cacheLength(cache), read before appending:
 * prefill's path with T = 1 (share the code):
 *   x = embed(params, [[token] per sequence], t)                        // [B, 1, D], position row t
 *   per layer: decoderBlock with that layer's cache as `past`: q, k, v of the new token only;
 *              its query attends to all t + 1 keys                     // scores [B, n_heads, 1, t + 1]
 *   logits = decoderHead(params, x)                                     // [B, 1, V] -> [B, V]
 * Commit the new K and V only after every layer succeeded. When t = T_max, throw a clear error
 * naming T_max and leave the cache unchanged; likewise a ShapeError naming B (e.g. B=2) when
 * tokens does not hold one token for each of the cache's B sequences.
 */
export function decodeStep(params: DecoderParams, tokens: number[], cache: KVCache): Tensor {
  throw new NotImplemented('decodeStep', 4);
}

/**
 * Greedy decoding: each sequence is its prompt followed by `steps` new tokens, each the first index
 * of the largest logit at the last position. With the cache: prefill, then decodeStep; without it:
 * decoderForward on the whole sequence every time. Both give identical tokens. The prompt is not modified.
 */
export function generate(params: DecoderParams, prompt: number[][], steps: number, opts: { cache: boolean }): number[][] {
  throw new NotImplemented('generate', 4);
}

/**
 * Bytes of the K and V that a cache of B sequences of T positions holds, at bytesPerElement(dtype)
 * per value, for a model with n_layers layers and n_kv_heads key/value heads of width d_head
 * (spec.md, "Memory: what the cache holds"). Derive it from what one layer keeps; dims may carry
 * more fields (n_heads, D) than the ones you need.
 */
export function kvCacheBytes(dims: { B: number; T: number; n_layers: number; n_kv_heads: number; d_head: number }, dtype: DType): number {
  throw new NotImplemented('kvCacheBytes', 4);
}

/** Bytes of the K and V values the cache holds, counted from its tensors: Σ over layers of numel(k) + numel(v), times the dtype's bytes. */
export function kvCacheBytesHeld(cache: KVCache, dtype: DType): number {
  throw new NotImplemented('kvCacheBytesHeld', 4);
}

/**
 * FLOPs to produce the next token's logits with t tokens already in context, for one sequence
 * (spec.md, "FLOPs: one token with and without the cache"):
 *   cache: true    one decode step: the new token alone through every layer, its query against
 *                  the t cached keys and its own
 *   cache: false   decoderForward on all t + 1 tokens, every position's logits included
 * Convention: a matmul [m, k] @ [k, n] costs 2·m·k·n; elementwise ops 1 per output element; softmax
 * 3 per element; LayerNorm 7 per element; embedding lookups and the argmax are free; masked scores
 * are still computed. Split the cost into a part paid once per processed position and a part paid
 * once per (query, key) pair, and derive both; the spec's tiny example checks you.
 */
export function decodeStepFlops(config: DecoderConfig, t: number, opts: { cache: boolean }): number {
  throw new NotImplemented('decodeStepFlops', 4);
}
