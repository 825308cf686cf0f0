/**
 * Week 2: the losses. Mean squared error for regression, cross-entropy for classification.
 * Read spec.md, "Losses".
 */
import { NotImplemented, type Tensor } from '../../harness/runtime/index.ts';

/**
 * Mean squared error over all N elements: (1/N) Σ (pred_i − target_i)².
 * Throw a ShapeError naming both shapes when pred and target differ in shape.
 */
export function mse(pred: Tensor, target: Tensor): number {
  throw new NotImplemented('mse', 2);
}

/** d mse / d pred = 2·(pred − target) / N, a tensor of pred's shape. */
export function mseBackward(pred: Tensor, target: Tensor): Tensor {
  throw new NotImplemented('mseBackward', 2);
}

/**
 * Cross-entropy of logits [B, C] against one class index per row, mean over B:
 *   (1/B) Σ_b ( m_b + log Σ_c exp(z_bc − m_b) − z_{b, t_b} ),   m_b = row b's maximum (log-sum-exp).
 * Throw a ShapeError naming the shapes when logits are not 2-D or targets.length ≠ B, and a
 * RangeError naming the bad target and C when a target is not an integer in [0, C).
 */
export function crossEntropy(logits: Tensor, targets: number[]): number {
  throw new NotImplemented('crossEntropy', 2);
}

/**
 * d CE / d logits = (softmax(logits) − onehot(targets)) / B: [B, C]. The same checks as crossEntropy.
 */
export function crossEntropyBackward(logits: Tensor, targets: number[]): Tensor {
  throw new NotImplemented('crossEntropyBackward', 2);
}
