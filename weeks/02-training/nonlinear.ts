/**
 * Week 2: the nonlinearities. ReLU and its backward pass, and a numerically stable softmax.
 * Read spec.md, "ReLU" and "Softmax, and why it subtracts the maximum".
 * Shape errors: throw a ShapeError and name every shape with formatShape, e.g. [2, 3].
 */
import { formatShape, NotImplemented, ShapeError, type Tensor } from '../../harness/runtime/index.ts';

/** relu(x) = max(0, x), elementwise, any shape: a new tensor of x's shape. */
export function relu(x: Tensor): Tensor {
  throw new NotImplemented('relu', 2);
}

/**
 * ReLU's backward pass: given x (ReLU's input) and dy (the loss's gradient with respect to relu(x)),
 * return the loss's gradient with respect to x, a new tensor of x's shape. At the kink x = 0 the
 * course takes the derivative to be 0 (spec.md, "ReLU").
 * Throw a ShapeError naming both shapes when x and dy differ in shape (not just in size).
 */
export function reluBackward(x: Tensor, dy: Tensor): Tensor {
  throw new NotImplemented('reluBackward', 2);
}

/**
 * softmax over the last axis, for a tensor of any rank (a [B, T, T] tensor is B·T rows of T): each
 * row's exponentials divided by their sum, so that every row is a probability distribution.
 * It must stay finite for scores like [1000, 1001, 1002]: spec.md shows how. A new tensor, same shape.
 */
export function softmax(x: Tensor): Tensor {
  throw new NotImplemented('softmax', 2);
}
