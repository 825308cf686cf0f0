/**
 * Week 3: single-head attention, out = softmax(mask(q @ kᵀ / √d_k)) @ v, its backward pass, and
 * what it costs. Shapes: x [B, T, D], wq and wk [D, d_k], wv [D, d_v], scores [B, T, T],
 * out [B, T, d_v]. Read spec.md first, and answer predictions.yaml before you write the code.
 */
import { formatShape, NotImplemented, ShapeError, type DType, type Tensor } from '../../harness/runtime/index.ts';
// The parts you built in weeks 1 and 2, ready to use. A projection [B, T, D] @ [D, n] is matmul on
// x viewed as [B·T, D]: { shape: [B * T, D], data: x.data } moves no numbers.
import { matmul, transpose } from '../01-linear/linear.ts';
import { softmax } from '../02-training/nonlinear.ts';
// Shape errors: throw new ShapeError(...) and name every shape with formatShape, e.g. [2, 3].

/**
 * Batched matrix product: [B, m, k] @ [B, k, n] -> [B, m, n], one matmul per batch element:
 *   out[b][i][j] = Σ_p a[b][i][p] · b[b][p][j].
 * Throw a ShapeError naming both shapes (formatShape) when either input is not 3-D, the batch sizes
 * differ or the inner dims differ.
 */
export function batchedMatmul(a: Tensor, b: Tensor): Tensor {
  throw new NotImplemented('batchedMatmul', 3);
}

/** Batched transpose of the last two axes: [B, m, n] -> [B, n, m], out[b][j][i] = a[b][i][j]. */
export function batchedTranspose(a: Tensor): Tensor {
  throw new NotImplemented('batchedTranspose', 3);
}

/** The head's parameters: wq and wk [D, d_k], wv [D, d_v]. */
export type AttentionParams = { wq: Tensor; wk: Tensor; wv: Tensor };

/**
 * Normal weights with standard deviation 1/√D, drawn from createRng(seed) with randn in the order
 * wq [D, d_k], wk [D, d_k], wv [D, d_v]. The same seed gives the same weights.
 */
export function initAttention(dims: { D: number; d_k: number; d_v: number }, seed: number): AttentionParams {
  throw new NotImplemented('initAttention', 3);
}

/**
 * Forward pass, x [B, T, D]:
 *   q = x @ wq, k = x @ wk            [B, T, d_k]
 *   v = x @ wv                        [B, T, d_v]
 *   scores = q @ kᵀ / √d_k            [B, T, d_k] @ [B, d_k, T] -> [B, T, T]   (returned before the mask)
 *   weights = softmax over the last (key) axis of the scores, with key j > query i set to −∞
 *             first when opts.causal: masked weights are exactly 0, every row sums to 1
 *   out = weights @ v                 [B, T, T] @ [B, T, d_v] -> [B, T, d_v]
 * Throw a ShapeError naming x, wq, wk and wv, in that order, when their shapes do not fit together.
 * Leave x and the weights unchanged: build new tensors (mask a copy of the scores).
 */
export function attentionForward(
  x: Tensor,
  params: AttentionParams,
  opts: { causal: boolean },
): { q: Tensor; k: Tensor; v: Tensor; scores: Tensor; weights: Tensor; out: Tensor } {
  throw new NotImplemented('attentionForward', 3);
}

/**
 * Backward pass, given dOut [B, T, d_v] = ∂L/∂out: return ∂L/∂x [B, T, D], ∂L/∂wq and ∂L/∂wk
 * [D, d_k] and ∂L/∂wv [D, d_v]; every gradient has the shape of what it differentiates.
 * Walk the forward pass in reverse, one named value at a time (spec.md, "The backward pass"):
 * through out = weights @ v, through the softmax of each row (its weights are tied together by
 * summing to 1), through the scaled scores, and through the three projections. x feeds all three
 * projections; the sums over the batch and the sequence happen inside one matmul when x is viewed
 * as [B·T, D]. The mask needs no backward of its own: a masked weight is exactly 0.
 * Read only x, params and fwd's q, k, v and weights (what attentionMemory counts as saved): the
 * tests blank fwd.scores and fwd.out. Leave every input, fwd's tensors included, unchanged.
 * Throw a ShapeError naming dOut's shape and the expected [B, T, d_v] when they differ.
 */
export function attentionBackward(
  x: Tensor,
  params: AttentionParams,
  fwd: ReturnType<typeof attentionForward>,
  dOut: Tensor,
  opts: { causal: boolean },
): { dx: Tensor; dwq: Tensor; dwk: Tensor; dwv: Tensor } {
  throw new NotImplemented('attentionBackward', 3);
}

/**
 * FLOPs of one forward pass, in four parts and their total (spec.md, "FLOPs"):
 *   projections   making q, k and v from x
 *   scores        q @ kᵀ, then the scaling of every score by 1/√d_k
 *   softmax       the weights from the scores
 *   mix           weights @ v
 *   total         the sum of the four
 * Convention: a matmul [m, k] @ [k, n] costs 2·m·k·n (a batched one, once per batch element); an
 * elementwise op 1 per output element; softmax 3 per element. Masked entries are still computed, so
 * they count. Derive each part from the shapes in the ledger; the worked example checks you.
 */
export function attentionFlops(dims: { B: number; T: number; D: number; d_k: number; d_v: number }): {
  projections: number;
  scores: number;
  softmax: number;
  mix: number;
  total: number;
} {
  throw new NotImplemented('attentionFlops', 3);
}

/**
 * Bytes, at bytesPerElement(dtype) per value (spec.md, "Memory"):
 *   params   wq, wk and wv
 *   scores   one [B, T, T] tensor
 *   saved    what attentionBackward reads from the forward pass: x, q, k, v and weights
 * Count each tensor's values from its ledger shape; the worked example checks you.
 */
export function attentionMemory(
  dims: { B: number; T: number; D: number; d_k: number; d_v: number },
  dtype: DType,
): { params: number; scores: number; saved: number } {
  throw new NotImplemented('attentionMemory', 3);
}
