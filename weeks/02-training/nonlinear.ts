/**
 * Week 2: the nonlinearities. ReLU and its backward pass, and a numerically stable softmax.
 * Read spec.md, "ReLU" and "Softmax, and why it subtracts the maximum".
 */
import { NotImplemented, type Tensor } from '../../harness/runtime/index.ts';

/** relu(x) = max(0, x), elementwise, any shape: a new tensor of x's shape. */
export function relu(x: Tensor): Tensor {
  throw new NotImplemented('relu', 2);
}

/**
 * ReLU's backward pass: dx = dy where x > 0, else 0 (0 at the kink x = 0). x is ReLU's input.
 * Throw a ShapeError naming both shapes when x and dy differ in shape.
 */
export function reluBackward(x: Tensor, dy: Tensor): Tensor {
  throw new NotImplemented('reluBackward', 2);
}

/**
 * softmax over the last axis, for a tensor of any rank (a [B, T, T] tensor is B·T rows of T):
 *   y_j = exp(x_j − m) / Σ_k exp(x_k − m),   m = the row's maximum.
 * Subtracting m changes nothing mathematically and keeps exp from overflowing. Same shape out.
 */
export function softmax(x: Tensor): Tensor {
  throw new NotImplemented('softmax', 2);
}
