/**
 * Week 3: single-head attention, out = softmax(mask(q @ kᵀ / √d_k)) @ v, its backward pass, and
 * what it costs. Shapes: x [B, T, D], wq and wk [D, d_k], wv [D, d_v], scores [B, T, T], out [B, T, d_v].
 */
import { bytesPerElement, clone, createRng, formatShape, randn, ShapeError, zeros, type DType, type Tensor } from '../../harness/runtime/index.ts';
import { matmul, transpose } from '../01-linear/linear.ts';
import { softmax } from '../02-training/nonlinear.ts';

/** [B, m, k] @ [B, k, n] -> [B, m, n]: one matmul per batch element, same cache-friendly loop order as week 1. */
export function batchedMatmul(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 3 || b.shape.length !== 3 || a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
    throw new ShapeError(`batchedMatmul needs [B, m, k] @ [B, k, n], got a ${formatShape(a.shape)} @ b ${formatShape(b.shape)}`);
  }
  const [B, m, k] = a.shape as [number, number, number];
  const n = b.shape[2]!;
  const out = zeros([B, m, n]);
  for (let batch = 0; batch < B; batch++) {
    const aBase = batch * m * k;
    const bBase = batch * k * n;
    const outBase = batch * m * n;
    for (let i = 0; i < m; i++) {
      for (let p = 0; p < k; p++) {
        const aip = a.data[aBase + i * k + p]!;
        const bRow = bBase + p * n;
        const outRow = outBase + i * n;
        for (let j = 0; j < n; j++) out.data[outRow + j]! += aip * b.data[bRow + j]!;
      }
    }
  }
  return out;
}

/** [B, m, n] -> [B, n, m]. */
export function batchedTranspose(a: Tensor): Tensor {
  if (a.shape.length !== 3) throw new ShapeError(`batchedTranspose needs [B, m, n], got ${formatShape(a.shape)}`);
  const [B, m, n] = a.shape as [number, number, number];
  const out = zeros([B, n, m]);
  for (let batch = 0; batch < B; batch++) {
    const base = batch * m * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) out.data[base + j * m + i] = a.data[base + i * n + j]!;
    }
  }
  return out;
}

/** wq and wk [D, d_k], wv [D, d_v]. */
export type AttentionParams = { wq: Tensor; wk: Tensor; wv: Tensor };

/** Normal weights with std 1/√D, drawn in the order wq, wk, wv, so q·k starts out of order d_k, not D·d_k. */
export function initAttention(dims: { D: number; d_k: number; d_v: number }, seed: number): AttentionParams {
  const rng = createRng(seed);
  const std = 1 / Math.sqrt(dims.D);
  return {
    wq: randn([dims.D, dims.d_k], rng, std),
    wk: randn([dims.D, dims.d_k], rng, std),
    wv: randn([dims.D, dims.d_v], rng, std),
  };
}

/** The same row-major data seen with another shape: reshaping moves no numbers. */
function view(t: Tensor, shape: number[]): Tensor {
  return { shape, data: t.data };
}

/** [B, T, D] @ [D, n] -> [B, T, n]: week 1's matmul on x viewed as [B·T, D]. */
function project(x: Tensor, w: Tensor): Tensor {
  const [B, T, D] = x.shape as [number, number, number];
  const flat = matmul(view(x, [B * T, D]), w); // [B·T, D] @ [D, n] -> [B·T, n]
  return view(flat, [B, T, w.shape[1]!]);
}

/** Σ over batch and sequence of xᵀ @ g: [D, B·T] @ [B·T, n] -> [D, n]. */
function projectionWeightGrad(x: Tensor, g: Tensor): Tensor {
  const [B, T, D] = x.shape as [number, number, number];
  return matmul(transpose(view(x, [B * T, D])), view(g, [B * T, g.shape[2]!]));
}

/** g @ wᵀ: [B, T, n] @ [n, D] -> [B, T, D], one projection's share of dx. */
function projectionInputGrad(g: Tensor, w: Tensor): Tensor {
  const [B, T, n] = g.shape as [number, number, number];
  return view(matmul(view(g, [B * T, n]), transpose(w)), [B, T, w.shape[0]!]);
}

/** 1/√d_k brings q·k, whose variance grows like d_k, back to variance 1. Forward and backward share it. */
function scoreScale(d_k: number): number {
  return 1 / Math.sqrt(d_k);
}

function scaled(t: Tensor, factor: number): Tensor {
  return { shape: [...t.shape], data: t.data.map((v) => v * factor) };
}

function sum(...ts: Tensor[]): Tensor {
  const out = zeros(ts[0]!.shape);
  for (const t of ts) for (let i = 0; i < t.data.length; i++) out.data[i]! += t.data[i]!;
  return out;
}

/** Key j > query i becomes -Infinity: exp(-Infinity) is exactly 0, whatever the size of the other scores. */
function causallyMasked(scores: Tensor): Tensor {
  const [B, T] = scores.shape as [number, number, number];
  const out = clone(scores); // the returned scores stay unmasked
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < T; i++) {
      for (let j = i + 1; j < T; j++) out.data[(b * T + i) * T + j] = -Infinity;
    }
  }
  return out;
}

function checkForwardShapes(x: Tensor, { wq, wk, wv }: AttentionParams): void {
  const D = x.shape[2];
  const ok =
    x.shape.length === 3 &&
    [wq, wk, wv].every((w) => w.shape.length === 2 && w.shape[0] === D) &&
    wq.shape[1] === wk.shape[1];
  if (!ok) {
    throw new ShapeError(
      `attention needs x [B, T, D], wq [D, d_k], wk [D, d_k], wv [D, d_v]; got x ${formatShape(x.shape)}, ` +
        `wq ${formatShape(wq.shape)}, wk ${formatShape(wk.shape)}, wv ${formatShape(wv.shape)}`,
    );
  }
}

/**
 * scores = q @ kᵀ / √d_k (before the mask), weights = softmax over keys of the masked scores,
 * out = weights @ v.
 */
export function attentionForward(
  x: Tensor,
  params: AttentionParams,
  opts: { causal: boolean },
): { q: Tensor; k: Tensor; v: Tensor; scores: Tensor; weights: Tensor; out: Tensor } {
  checkForwardShapes(x, params);
  const q = project(x, params.wq); // [B, T, D] @ [D, d_k] -> [B, T, d_k]
  const k = project(x, params.wk); // [B, T, D] @ [D, d_k] -> [B, T, d_k]
  const v = project(x, params.wv); // [B, T, D] @ [D, d_v] -> [B, T, d_v]
  const scores = scaled(batchedMatmul(q, batchedTranspose(k)), scoreScale(q.shape[2]!)); // [B, T, d_k] @ [B, d_k, T] -> [B, T, T]
  const weights = softmax(opts.causal ? causallyMasked(scores) : scores); // [B, T, T], over the key axis
  const out = batchedMatmul(weights, v); // [B, T, T] @ [B, T, d_v] -> [B, T, d_v]
  return { q, k, v, scores, weights, out };
}

/** Softmax backward per row: dscores = weights ⊙ (dweights − Σ_j weights ⊙ dweights). Masked weights are 0, so are their dscores. */
function softmaxBackward(weights: Tensor, dweights: Tensor): Tensor {
  const T = weights.shape[2]!;
  const dscores = zeros(weights.shape);
  for (let row = 0; row < weights.data.length; row += T) {
    let rowdot = 0;
    for (let j = 0; j < T; j++) rowdot += weights.data[row + j]! * dweights.data[row + j]!;
    for (let j = 0; j < T; j++) dscores.data[row + j] = weights.data[row + j]! * (dweights.data[row + j]! - rowdot);
  }
  return dscores;
}

/**
 * Reads only what attentionMemory counts as saved: x, q, k, v and weights (not scores, not out).
 * opts.causal changes nothing here: the mask is already in fwd.weights as zeros, and a zero weight
 * gives a zero dscores entry.
 */
export function attentionBackward(
  x: Tensor,
  params: AttentionParams,
  fwd: ReturnType<typeof attentionForward>,
  dOut: Tensor,
  opts: { causal: boolean },
): { dx: Tensor; dwq: Tensor; dwk: Tensor; dwv: Tensor } {
  checkForwardShapes(x, params);
  const [B, T] = x.shape as [number, number, number];
  const expected = [B, T, params.wv.shape[1]!];
  if (dOut.shape.join() !== expected.join()) {
    throw new ShapeError(
      `attentionBackward needs dOut ${formatShape(expected, ['B', 'T', 'd_v'])} for x ${formatShape(x.shape)} and wv ${formatShape(params.wv.shape)}, got ${formatShape(dOut.shape)}`,
    );
  }
  const { q, k, v, weights } = fwd;
  const scale = scoreScale(q.shape[2]!);
  const dv = batchedMatmul(batchedTranspose(weights), dOut); // [B, T, T] @ [B, T, d_v] -> [B, T, d_v]
  const dweights = batchedMatmul(dOut, batchedTranspose(v)); // [B, T, d_v] @ [B, d_v, T] -> [B, T, T]
  const dscores = softmaxBackward(weights, dweights); // [B, T, T]
  const dq = scaled(batchedMatmul(dscores, k), scale); // [B, T, T] @ [B, T, d_k] -> [B, T, d_k]
  const dk = scaled(batchedMatmul(batchedTranspose(dscores), q), scale); // [B, T, T] @ [B, T, d_k] -> [B, T, d_k]
  return {
    dx: sum(projectionInputGrad(dq, params.wq), projectionInputGrad(dk, params.wk), projectionInputGrad(dv, params.wv)), // [B, T, D]
    dwq: projectionWeightGrad(x, dq), // [D, B·T] @ [B·T, d_k] -> [D, d_k]
    dwk: projectionWeightGrad(x, dk), // [D, B·T] @ [B·T, d_k] -> [D, d_k]
    dwv: projectionWeightGrad(x, dv), // [D, B·T] @ [B·T, d_v] -> [D, d_v]
  };
}

/** Projections 2·B·T·D·(2·d_k + d_v); scores 2·B·T²·d_k + B·T² (the scaling); softmax 3·B·T²; mix 2·B·T²·d_v. */
export function attentionFlops(dims: { B: number; T: number; D: number; d_k: number; d_v: number }): {
  projections: number;
  scores: number;
  softmax: number;
  mix: number;
  total: number;
} {
  const { B, T, D, d_k, d_v } = dims;
  const pairs = B * T * T; // one per score, masked or not
  const projections = 2 * B * T * D * (2 * d_k + d_v);
  const scores = 2 * pairs * d_k + pairs;
  const softmaxFlops = 3 * pairs;
  const mix = 2 * pairs * d_v;
  return { projections, scores, softmax: softmaxFlops, mix, total: projections + scores + softmaxFlops + mix };
}

/** Bytes of wq, wk, wv; of one [B, T, T] score tensor; and of x, q, k, v, weights kept for backward. */
export function attentionMemory(
  dims: { B: number; T: number; D: number; d_k: number; d_v: number },
  dtype: DType,
): { params: number; scores: number; saved: number } {
  const { B, T, D, d_k, d_v } = dims;
  const bytes = bytesPerElement(dtype);
  const saved = B * T * (D + 2 * d_k + d_v) + B * T * T; // x, q, k, v, then weights
  return { params: (2 * D * d_k + D * d_v) * bytes, scores: B * T * T * bytes, saved: saved * bytes };
}
