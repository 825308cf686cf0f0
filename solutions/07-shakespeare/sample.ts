/**
 * Week 7: text from a trained decoder. Each new token is drawn from softmax(logits / temperature)
 * over the topK largest logits, with a seeded generator; the context slides in half-windows so week 4's
 * KV cache can carry it, and sampling with the cache draws the same tokens as recomputing.
 */
import { createRng, type Rng } from '../../harness/runtime/index.ts';
import { decoderForward, type DecoderParams } from '../04-decoder/decoder.ts';
import { createKVCache, decodeStep, prefill } from '../04-decoder/kvcache.ts';

export type SampleOptions = { temperature: number; topK?: number; seed: number; cache: boolean };

/**
 * One id from logits [V]: keep the topK largest (ties to the lower id; all V without topK), take
 * softmax(logit / temperature) over them, draw u = rng.uniform() and return the first id, in increasing
 * id order, whose cumulative probability exceeds u.
 */
export function sampleFromLogits(logits: ArrayLike<number>, opts: { temperature: number; topK?: number }, rng: Rng): number {
  const V = logits.length;
  const k = Math.min(opts.topK ?? V, V);
  if (!(opts.temperature > 0) || !Number.isInteger(k) || k < 1) {
    throw new RangeError(`sampleFromLogits needs temperature > 0 and a whole topK ≥ 1, got temperature ${opts.temperature} and topK ${opts.topK}`);
  }
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => logits[b]! - logits[a]! || a - b);
  const kept = order.slice(0, k).sort((a, b) => a - b);
  const max = logits[order[0]!]!;
  const weights = kept.map((i) => Math.exp((logits[i]! - max) / opts.temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  const u = rng.uniform();
  let cumulative = 0;
  for (let n = 0; n < kept.length; n++) {
    cumulative += weights[n]! / total;
    if (cumulative > u) return kept[n]!;
  }
  return kept[kept.length - 1]!; // u within rounding of 1
}

/**
 * `steps` new ids after `prompt` (1 ≤ prompt.length ≤ T_max). The context is the ids since the window's
 * start; when it holds T_max ids and one more is needed, the window restarts at its last ⌊T_max / 2⌋ ids.
 * With cache: prefill the window, then decodeStep; without: decoderForward on the window each step.
 */
export function sampleTokens(params: DecoderParams, prompt: number[], steps: number, opts: SampleOptions): number[] {
  const { T_max } = params.config;
  if (prompt.length < 1 || prompt.length > T_max) throw new RangeError(`sampleTokens needs a prompt of 1 … T_max=${T_max} ids, got ${prompt.length}`);
  const rng = createRng(opts.seed);
  const ids = [...prompt];
  let window = ids.slice(); // the context the next token sees
  let cache = createKVCache(params.config, 1);
  let logits = opts.cache ? lastRow(prefill(params, [window], cache)) : lastRow(decoderForward(params, [window]));
  const out: number[] = [];
  for (let step = 0; step < steps; step++) {
    const next = sampleFromLogits(logits, opts, rng);
    out.push(next);
    if (step === steps - 1) break;
    if (window.length === T_max) {
      window = window.slice(T_max - Math.floor(T_max / 2));
      cache = createKVCache(params.config, 1);
      if (opts.cache) prefill(params, [window], cache);
    }
    window.push(next);
    logits = opts.cache ? Array.from(decodeStep(params, [next], cache).data) : lastRow(decoderForward(params, [window]));
  }
  return out;
}

/** The logits of the last position of logits [1, T, V]. */
function lastRow(logits: { shape: number[]; data: Float64Array }): number[] {
  const V = logits.shape[logits.shape.length - 1]!;
  return Array.from(logits.data.subarray(logits.data.length - V));
}
