/**
 * Week 2: the losses. Mean squared error for regression, cross-entropy for classification.
 * Read spec.md, "Losses".
 * Shape errors: throw a ShapeError and name every shape with formatShape, e.g. [2, 3].
 */
import { formatShape, NotImplemented, ShapeError, type Tensor } from '../../harness/runtime/index.ts';

/**
 * Mean squared error over all N elements: (1/N) Σ (pred_i − target_i)².
 * Throw a ShapeError naming both shapes when pred and target differ in shape (not just in size).
 */
export function mse(pred: Tensor, target: Tensor): number {
  throw new NotImplemented('mse', 2);
}

/**
 * The gradient of mse(pred, target) with respect to pred: a new tensor of pred's shape.
 * Throw a ShapeError naming both shapes when pred and target differ in shape, as mse does.
 */
export function mseBackward(pred: Tensor, target: Tensor): Tensor {
  throw new NotImplemented('mseBackward', 2);
}

/**
 * Cross-entropy of logits [B, C] against one class index per row, the mean over B of
 * −log softmax(logits)[b, targets[b]]. It must stay finite and exact when a probability underflows:
 * spec.md, "Losses", shows how (never take the log of a softmax).
 * Throw a ShapeError naming the logits' shape when they are not 2-D or targets.length ≠ B, and a
 * RangeError naming the bad target and C (e.g. C = 3) when a target is not an integer in [0, C).
 */
export function crossEntropy(logits: Tensor, targets: number[]): number {
  throw new NotImplemented('crossEntropy', 2);
}

/**
 * The gradient of crossEntropy(logits, targets) with respect to the logits: [B, C].
 * The same ShapeError and RangeError checks as crossEntropy.
 */
export function crossEntropyBackward(logits: Tensor, targets: number[]): Tensor {
  throw new NotImplemented('crossEntropyBackward', 2);
}
