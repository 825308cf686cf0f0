/**
 * Week 1: a linear layer, Y = X @ W + b, its backward pass, and what it costs.
 * Shapes: X [B, D_in], W [D_in, D_out], b [D_out], Y [B, D_out]. Read spec.md first.
 */
import { NotImplemented, type DType, type Tensor } from '../../harness/runtime/index.ts';

/**
 * Matrix product: [m, k] @ [k, n] -> [m, n], out[i][j] = Σ_p a[i][p] · b[p][j].
 * Throw a ShapeError naming both shapes when either input is not 2-D or the inner dims differ.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  throw new NotImplemented('matmul', 1);
}

/** Transpose: [m, n] -> [n, m], out[j][i] = a[i][j]. */
export function transpose(a: Tensor): Tensor {
  throw new NotImplemented('transpose', 1);
}

/** Sum over the first axis: [m, n] -> [n], out[j] = Σ_i a[i][j]. */
export function sumAxis0(a: Tensor): Tensor {
  throw new NotImplemented('sumAxis0', 1);
}

/** Forward pass: Y = X @ W + b, [B, D_in] @ [D_in, D_out] -> [B, D_out], b [D_out] added to every row. */
export function linearForward(x: Tensor, w: Tensor, b: Tensor): Tensor {
  throw new NotImplemented('linearForward', 1);
}

/**
 * Backward pass, given the upstream gradient dY [B, D_out]:
 *   dX = dY @ Wᵀ   [B, D_in]
 *   dW = Xᵀ @ dY   [D_in, D_out]
 *   db = Σ_batch dY [D_out]
 */
export function linearBackward(x: Tensor, w: Tensor, dy: Tensor): { dx: Tensor; dw: Tensor; db: Tensor } {
  throw new NotImplemented('linearBackward', 1);
}

/** Number of trainable values: D_in·D_out weights plus D_out biases. */
export function linearParamCount(dims: { D_in: number; D_out: number }): number {
  throw new NotImplemented('linearParamCount', 1);
}

/**
 * Bytes, at `bytesPerElement(dtype)` each:
 *   params = (D_in·D_out + D_out) · bytes
 *   grads  = one gradient per parameter
 *   saved  = what forward keeps for backward: X, B·D_in values
 */
export function linearMemory(
  dims: { B: number; D_in: number; D_out: number },
  dtype: DType,
): { params: number; grads: number; saved: number } {
  throw new NotImplemented('linearMemory', 1);
}

/**
 * FLOPs (a matmul [m, k] @ [k, n] costs 2·m·k·n; an elementwise op 1 per output; a reduction 1 per input):
 *   forward  = 2·B·D_in·D_out + B·D_out           (X @ W, then + b)
 *   backward = 4·B·D_in·D_out + B·D_out           (dX and dW, then db)
 */
export function linearFlops(dims: { B: number; D_in: number; D_out: number }): { forward: number; backward: number } {
  throw new NotImplemented('linearFlops', 1);
}
