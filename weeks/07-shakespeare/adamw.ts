/**
 * Week 7: the optimiser. Read spec.md, "Gradient clipping" and "AdamW".
 * Every function walks all the tensors of a DecoderParams or DecoderGrads tree (the embeddings, each
 * layer's ln1, wq, wk, wv, wo, ln2, w1, b1, w2, b2, lnFinal, head); the config holds no parameters.
 */
import { NotImplemented, type Tensor } from '../../harness/runtime/index.ts';
import type { DecoderParams } from '../04-decoder/decoder.ts';
import type { DecoderGrads } from './backprop.ts';

/** The step count t (0 before the first step) and the two moments, each with the params' shapes. */
export type AdamWState = { step: number; m: DecoderGrads; v: DecoderGrads };

export type AdamWHyper = { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number };

/**
 * The global L2 norm over every value of every gradient (one norm, not one per tensor), returned as it
 * was before clipping. When maxNorm / (norm + 1e-6) is below 1, multiply every gradient in place by it
 * (PyTorch's clip_grad_norm_); otherwise leave them unchanged.
 */
export function clipGradNorm(grads: DecoderGrads, maxNorm: number): number {
  throw new NotImplemented('clipGradNorm', 7);
}

/** { step: 0, m, v }: m and v new zero tensors shaped like every parameter (two separate trees). */
export function createAdamW(params: DecoderParams): AdamWState {
  throw new NotImplemented('createAdamW', 7);
}

/**
 * One step of PyTorch's AdamW, in place on params and state, exactly the rule written out in the spec:
 * count the step first (the first call has t = 1), decoupled weight decay on the rank-2 tensors only
 * (never on gains and biases), both moments updated from grads, bias-corrected, then the update.
 * The spec's example is worked by hand for two steps.
 */
export function adamwStep(params: DecoderParams, grads: DecoderGrads, state: AdamWState, hp: AdamWHyper): void {
  throw new NotImplemented('adamwStep', 7);
}

