/**
 * Week 1: a linear layer, Y = X @ W + b, its backward pass, and what it costs.
 * Shapes: X [B, D_in], W [D_in, D_out], b [D_out], Y [B, D_out]. Read spec.md first.
 * Shape errors: throw a ShapeError and name every shape with formatShape, e.g. [2, 3].
 */
import { formatShape, NotImplemented, ShapeError, type DType, type Tensor } from '../../harness/runtime/index.ts';

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
 * Backward pass, given dY [B, D_out], the loss's gradient with respect to Y. Returns the loss's
 * gradients with respect to X, W and b, each of the shape of what it differentiates:
 *   dx [B, D_in],  dw [D_in, D_out],  db [D_out]
 * Build them from matmul, transpose and sumAxis0. spec.md, "The backward pass", derives dx and
 * leaves dw and db to you; "A backward pass by hand" has numbers to check against.
 */
export function linearBackward(x: Tensor, w: Tensor, dy: Tensor): { dx: Tensor; dw: Tensor; db: Tensor } {
  throw new NotImplemented('linearBackward', 1);
}

/** The number of trainable values in W [D_in, D_out] and b [D_out]. */
export function linearParamCount(dims: { D_in: number; D_out: number }): number {
  throw new NotImplemented('linearParamCount', 1);
}

/**
 * Bytes of one training step's layer, at bytesPerElement(dtype) per value:
 *   params = W and b
 *   grads  = one gradient per parameter
 *   saved  = what the forward pass must keep for your linearBackward: the activations it reads
 *            (parameters are counted already, and dY arrives only during backward)
 * spec.md, "Memory", works the same count for a different layer.
 */
export function linearMemory(
  dims: { B: number; D_in: number; D_out: number },
  dtype: DType,
): { params: number; grads: number; saved: number } {
  throw new NotImplemented('linearMemory', 1);
}

/**
 * FLOPs by the course convention: a matmul [m, k] @ [k, n] costs 2·m·k·n, an elementwise op 1 per
 * output element, a reduction 1 per input element, moving data (a transpose) nothing.
 *   forward  = X @ W, then the bias add
 *   backward = every operation your linearBackward performs (dx, dw and db)
 * spec.md, "FLOPs", works the counting for different operations; "Worked example" has the numbers.
 */
export function linearFlops(dims: { B: number; D_in: number; D_out: number }): { forward: number; backward: number } {
  throw new NotImplemented('linearFlops', 1);
}
