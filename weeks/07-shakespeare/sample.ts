/**
 * Week 7: text from a trained decoder. Read spec.md, "Sampling text". Reuse week 4:
 *   import { decoderForward, type DecoderParams } from '../04-decoder/decoder.ts';
 *   import { createKVCache, decodeStep, prefill } from '../04-decoder/kvcache.ts';
 */
import { NotImplemented, type Rng } from '../../harness/runtime/index.ts';
import type { DecoderParams } from '../04-decoder/decoder.ts';
// createRng(seed) from the runtime draws the uniforms: import { createRng } from '../../harness/runtime/index.ts';

export type SampleOptions = { temperature: number; topK?: number; seed: number; cache: boolean };

/**
 * One id from a row of V logits: keep the topK largest (every id without topK; ties keep the lower
 * id), softmax(logit / temperature) over the kept ones, draw exactly one u = rng.uniform(), and return
 * the first kept id, in increasing id order, whose cumulative probability exceeds u. A RangeError
 * unless temperature > 0 and topK (when given) is a whole number ≥ 1.
 */
export function sampleFromLogits(logits: ArrayLike<number>, opts: { temperature: number; topK?: number }, rng: Rng): number {
  throw new NotImplemented('sampleFromLogits', 7);
}

/**
 * `steps` new ids after a prompt of 1 … T_max ids, drawn with sampleFromLogits and createRng(seed).
 * The context is a window that restarts with its last ⌊T_max / 2⌋ ids when it is full (spec.md).
 * cache: true runs week 4's prefill and decodeStep; cache: false runs decoderForward on the window.
 * Both must return the same ids for the same seed. A RangeError naming T_max for a bad prompt length.
 */
export function sampleTokens(params: DecoderParams, prompt: number[], steps: number, opts: SampleOptions): number[] {
  throw new NotImplemented('sampleTokens', 7);
}
