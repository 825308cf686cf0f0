/**
 * Week 7: the optimiser. clipGradNorm caps the global L2 norm of the gradients (PyTorch's
 * clip_grad_norm_); adamwStep is PyTorch's AdamW: bias-corrected moments and decoupled weight decay,
 * applied to the rank-2 tensors (projections, embeddings, head) and never to gains and biases.
 */
import { zeros, type Tensor } from '../../harness/runtime/index.ts';
import type { DecoderParams } from '../04-decoder/decoder.ts';
import type { DecoderGrads } from './backprop.ts';

/** The step count t (0 before the first step) and the two moments, each with the params' shapes. */
export type AdamWState = { step: number; m: DecoderGrads; v: DecoderGrads };

export type AdamWHyper = { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number };

/** Every tensor of params or grads in one fixed order, so two trees pair up tensor by tensor. */
function tensorsOf(tree: DecoderGrads): Tensor[] {
  const out: Tensor[] = [tree.tokenEmbedding, tree.positionEmbedding];
  for (const l of tree.layers) out.push(l.ln1.gain, l.ln1.bias, l.wq, l.wk, l.wv, l.wo, l.ln2.gain, l.ln2.bias, l.w1, l.b1, l.w2, l.b2);
  out.push(tree.lnFinal.gain, tree.lnFinal.bias, tree.head);
  return out;
}

function zerosLike(params: DecoderParams): DecoderGrads {
  const z = (t: Tensor) => zeros(t.shape);
  return {
    tokenEmbedding: z(params.tokenEmbedding),
    positionEmbedding: z(params.positionEmbedding),
    layers: params.layers.map((l) => ({
      ln1: { gain: z(l.ln1.gain), bias: z(l.ln1.bias) },
      wq: z(l.wq),
      wk: z(l.wk),
      wv: z(l.wv),
      wo: z(l.wo),
      ln2: { gain: z(l.ln2.gain), bias: z(l.ln2.bias) },
      w1: z(l.w1),
      b1: z(l.b1),
      w2: z(l.w2),
      b2: z(l.b2),
    })),
    lnFinal: { gain: z(params.lnFinal.gain), bias: z(params.lnFinal.bias) },
    head: z(params.head),
  };
}

/** The global L2 norm over every gradient value; scales all of them in place by maxNorm / (norm + 1e-6) when that is below 1. */
export function clipGradNorm(grads: DecoderGrads, maxNorm: number): number {
  const tensors = tensorsOf(grads);
  let sum = 0;
  for (const t of tensors) for (let i = 0; i < t.data.length; i++) sum += t.data[i]! * t.data[i]!;
  const norm = Math.sqrt(sum);
  const factor = maxNorm / (norm + 1e-6);
  if (factor < 1) for (const t of tensors) for (let i = 0; i < t.data.length; i++) t.data[i]! *= factor;
  return norm;
}

/** Step 0 and both moments at zero. */
export function createAdamW(params: DecoderParams): AdamWState {
  return { step: 0, m: zerosLike(params), v: zerosLike(params) };
}

/** One AdamW step in place on every parameter; counts the step first, so the first step has t = 1. */
export function adamwStep(params: DecoderParams, grads: DecoderGrads, state: AdamWState, hp: AdamWHyper): void {
  const { lr, beta1, beta2, eps, weightDecay } = hp;
  state.step += 1;
  const c1 = 1 - beta1 ** state.step; // bias corrections: the moments start at 0
  const c2 = 1 - beta2 ** state.step;
  const ps = tensorsOf(params);
  const gs = tensorsOf(grads);
  const ms = tensorsOf(state.m);
  const vs = tensorsOf(state.v);
  ps.forEach((p, n) => {
    const [g, m, v] = [gs[n]!.data, ms[n]!.data, vs[n]!.data];
    const decay = p.shape.length === 2 ? 1 - lr * weightDecay : 1; // gains and biases are rank 1
    for (let i = 0; i < p.data.length; i++) {
      m[i] = beta1 * m[i]! + (1 - beta1) * g[i]!;
      v[i] = beta2 * v[i]! + (1 - beta2) * g[i]! * g[i]!;
      p.data[i] = p.data[i]! * decay - (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + eps);
    }
  });
}
