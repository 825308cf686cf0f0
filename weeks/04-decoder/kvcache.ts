/**
 * Week 4: autoregressive inference with a KV cache. The cache keeps, for every layer, the keys and
 * values of every position seen so far, [B, n_heads, t, d_head] each, so a decode step computes
 * q, k, v for the one new token only and attends to the rest from memory. Read spec.md first;
 * reuse decoder.ts: the cached path runs the same embed, decoderBlock (with `past`) and decoderHead
 * as decoderForward, so write none of them again here.
 */
import { NotImplemented, type DType, type Tensor } from '../../harness/runtime/index.ts';
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
 * naming T_max and leave the cache unchanged.
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

/** 2 (K and V) · B · T · n_layers · n_kv_heads · d_head · bytesPerElement(dtype). */
export function kvCacheBytes(dims: { B: number; T: number; n_layers: number; n_kv_heads: number; d_head: number }, dtype: DType): number {
  throw new NotImplemented('kvCacheBytes', 4);
}

/** Bytes of the K and V values the cache holds, counted from its tensors: Σ over layers of numel(k) + numel(v), times the dtype's bytes. */
export function kvCacheBytesHeld(cache: KVCache, dtype: DType): number {
  throw new NotImplemented('kvCacheBytesHeld', 4);
}

/**
 * FLOPs for the next token's logits with t tokens in context, one sequence (the spec derives both):
 *   P = 8D + 2DV + n_layers·(8D² + 4·D·D_ff + 2·D_ff + 17D)   per processed position
 *   A = n_layers·(4D + 4·n_heads)                             per (query, key) pair
 *   cache: P + (t + 1)·A;  no cache (decoderForward on t + 1 tokens): (t + 1)·P + (t + 1)²·A
 */
export function decodeStepFlops(config: DecoderConfig, t: number, opts: { cache: boolean }): number {
  throw new NotImplemented('decodeStepFlops', 4);
}
