/**
 * Week 4: autoregressive inference with a KV cache. The cache keeps, for every layer, the keys and
 * values of every position seen so far, [B, n_heads, t, d_head] each, so a decode step computes
 * q, k, v for the one new token only and attends to the rest from memory.
 */
import { bytesPerElement, formatShape, ShapeError, zeros, type DType, type Tensor } from '../../harness/runtime/index.ts';
import { decoderBlock, decoderForward, decoderHead, embed, type DecoderConfig, type DecoderParams } from './decoder.ts';

/** Per layer, K and V of the t positions filled so far: each [B, n_heads, t, d_head]. */
export type KVCache = { config: DecoderConfig; B: number; layers: { k: Tensor; v: Tensor }[] };

export function createKVCache(config: DecoderConfig, B: number): KVCache {
  const d_head = config.D / config.n_heads;
  const empty = () => zeros([B, config.n_heads, 0, d_head]); // t = 0
  return { config: { ...config }, B, layers: Array.from({ length: config.n_layers }, () => ({ k: empty(), v: empty() })) };
}

/** t, read off the cached tensors themselves: the size of the position axis. */
export function cacheLength(cache: KVCache): number {
  return cache.layers[0]?.k.shape[2] ?? 0;
}

function describeCache(cache: KVCache): string {
  const first = cache.layers[0];
  return first ? `cache k and v ${formatShape(first.k.shape, ['B', 'n_heads', 't', 'd_head'])} in each of ${cache.layers.length} layers` : 'an empty cache';
}

/**
 * Runs T new positions per sequence after the t cached ones through the same embed, decoderBlock and
 * decoderHead as decoderForward, returns their logits [B, T, V], and only then appends their K and V
 * to every layer: an error anywhere leaves the cache as it was.
 */
function extend(params: DecoderParams, tokens: number[][], cache: KVCache, caller: string): Tensor {
  if (tokens.length !== cache.B) {
    throw new ShapeError(`${caller}: tokens must be [B=${cache.B}][T] for ${describeCache(cache)}, got ${tokens.length} rows; the cache is unchanged`);
  }
  const t = cacheLength(cache); // read before appending: the new positions are t, t + 1, ...
  let x: Tensor;
  try {
    x = embed(params, tokens, t); // [B, T, D]
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    throw new ShapeError(`${caller} with t=${t} positions cached (${describeCache(cache)}): ${error.message}; the cache is unchanged`);
  }
  const updated = params.layers.map((layer, l) => {
    const block = decoderBlock(x, layer, params.config.n_heads, cache.layers[l]);
    x = block.out;
    return { k: block.k, v: block.v }; // [B, n_heads, t + T, d_head]
  });
  const logits = decoderHead(params, x); // [B, T, V]
  updated.forEach((kv, l) => (cache.layers[l] = kv));
  return logits;
}

/** Runs a prompt [B][T] (causal, like decoderForward), appends all its K and V, returns logits [B, T, V]. */
export function prefill(params: DecoderParams, tokens: number[][], cache: KVCache): Tensor {
  return extend(params, tokens, cache, 'prefill');
}

/** One new token per sequence at position t: logits [B, V]; appends one position to every layer's K and V. */
export function decodeStep(params: DecoderParams, tokens: number[], cache: KVCache): Tensor {
  const logits = extend(params, tokens.map((id) => [id]), cache, 'decodeStep'); // [B, 1, V]
  return { shape: [tokens.length, params.config.V], data: logits.data };
}

/** The first index of the largest logit in each row of the last position: [B, T, V] -> B token ids. */
function greedyLast(logits: Tensor): number[] {
  const [B, T, V] = logits.shape.length === 3 ? (logits.shape as [number, number, number]) : [logits.shape[0]!, 1, logits.shape[1]!];
  return Array.from({ length: B }, (_, b) => {
    const row = (b * T + T - 1) * V;
    let best = 0;
    for (let j = 1; j < V; j++) if (logits.data[row + j]! > logits.data[row + best]!) best = j;
    return best;
  });
}

/** Greedy decoding: each sequence is its prompt followed by `steps` new tokens. */
export function generate(params: DecoderParams, prompt: number[][], steps: number, opts: { cache: boolean }): number[][] {
  const sequences = prompt.map((row) => [...row]);
  if (steps <= 0) return sequences;
  const cache = createKVCache(params.config, prompt.length);
  let next = greedyLast(opts.cache ? prefill(params, prompt, cache) : decoderForward(params, sequences));
  for (let step = 1; step <= steps; step++) {
    sequences.forEach((row, b) => row.push(next[b]!));
    if (step === steps) break;
    next = greedyLast(opts.cache ? decodeStep(params, next, cache) : decoderForward(params, sequences));
  }
  return sequences;
}

/** 2 (K and V) · B · T · n_layers · n_kv_heads · d_head · bytes per element. */
export function kvCacheBytes(dims: { B: number; T: number; n_layers: number; n_kv_heads: number; d_head: number }, dtype: DType): number {
  const { B, T, n_layers, n_kv_heads, d_head } = dims;
  return 2 * B * T * n_layers * n_kv_heads * d_head * bytesPerElement(dtype);
}

/** Every value of every cached K and V tensor, counted from their shapes, times the bytes per element. */
export function kvCacheBytesHeld(cache: KVCache, dtype: DType): number {
  const count = (t: Tensor) => t.shape.reduce((n, d) => n * d, 1);
  const values = cache.layers.reduce((sum, { k, v }) => sum + count(k) + count(v), 0);
  return values * bytesPerElement(dtype);
}

/**
 * FLOPs for the next token's logits with t tokens in context, one sequence (the spec's derivation):
 * P = 8D + 2DV + n_layers·(8D² + 4·D·D_ff + 2·D_ff + 17D) per processed position,
 * A = n_layers·(4D + 4·n_heads) per (query, key) pair;
 * with the cache P + (t + 1)·A; without it decoderForward on t + 1 tokens, (t + 1)·P + (t + 1)²·A.
 */
export function decodeStepFlops(config: DecoderConfig, t: number, opts: { cache: boolean }): number {
  const { V, D, n_heads, D_ff, n_layers } = config;
  const layerNormFlops = 7 * D; // mean, subtract, square, sum, divide, gain, bias
  const perLayer = 2 * layerNormFlops + 4 * 2 * D * D + (2 * D * D_ff + D_ff + D_ff + 2 * D_ff * D + D) + 2 * D;
  const P = D + layerNormFlops + 2 * D * V + n_layers * perLayer; // position add, final LN, head
  const A = n_layers * (2 * D + n_heads + 3 * n_heads + 2 * D); // scores, scaling, softmax, mix
  const T = t + 1;
  return opts.cache ? P + T * A : T * P + T * T * A;
}
