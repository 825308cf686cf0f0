/**
 * Week 2: the losses. Mean squared error for regression, cross-entropy for classification.
 */
import { formatShape, sameShape, ShapeError, zeros, type Tensor } from '../../harness/runtime/index.ts';
import { softmax } from './nonlinear.ts';

function checkSameShape(fn: string, pred: Tensor, target: Tensor): void {
  if (!sameShape(pred.shape, target.shape)) {
    throw new ShapeError(`${fn} needs pred and target of one shape, got pred ${formatShape(pred.shape)} and target ${formatShape(target.shape)}`);
  }
}

/** mean((pred − target)²) over all N elements. */
export function mse(pred: Tensor, target: Tensor): number {
  checkSameShape('mse', pred, target);
  let sum = 0;
  for (let i = 0; i < pred.data.length; i++) {
    const diff = pred.data[i]! - target.data[i]!;
    sum += diff * diff;
  }
  return sum / pred.data.length;
}

/** 2·(pred − target) / N: the mean divides every element's gradient by N too. */
export function mseBackward(pred: Tensor, target: Tensor): Tensor {
  checkSameShape('mseBackward', pred, target);
  const n = pred.data.length;
  const grad = zeros(pred.shape);
  for (let i = 0; i < n; i++) grad.data[i] = (2 * (pred.data[i]! - target.data[i]!)) / n;
  return grad;
}

/** Logits must be [B, C] with one integer target in [0, C) per row; returns [B, C]. */
function checkTargets(fn: string, logits: Tensor, targets: number[]): [number, number] {
  if (logits.shape.length !== 2) throw new ShapeError(`${fn} needs logits [B, C], got ${formatShape(logits.shape)}`);
  const [B, C] = logits.shape as [number, number];
  if (targets.length !== B) {
    throw new ShapeError(`${fn} needs one target per row: logits ${formatShape(logits.shape, ['B', 'C'])}, targets [${targets.length}]`);
  }
  targets.forEach((t, i) => {
    // An unchecked bad index reads past the row (or undefined) and turns the loss into NaN silently.
    if (!Number.isInteger(t) || t < 0 || t >= C) {
      throw new RangeError(`${fn}: targets[${i}] = ${t} is not a class index in [0, C=${C}) for logits ${formatShape(logits.shape, ['B', 'C'])}`);
    }
  });
  return [B, C];
}

/** mean over the batch of logsumexp(row) − row[target], with logsumexp = max + log Σ exp(x − max). */
export function crossEntropy(logits: Tensor, targets: number[]): number {
  const [B, C] = checkTargets('crossEntropy', logits, targets);
  let total = 0;
  for (let b = 0; b < B; b++) {
    const row = b * C;
    let max = -Infinity;
    for (let c = 0; c < C; c++) max = Math.max(max, logits.data[row + c]!);
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp(logits.data[row + c]! - max);
    total += max + Math.log(sum) - logits.data[row + targets[b]!]!;
  }
  return total / B;
}

/** (softmax(logits) − onehot(targets)) / B: [B, C]. The 1/B comes from the mean over the batch. */
export function crossEntropyBackward(logits: Tensor, targets: number[]): Tensor {
  const [B, C] = checkTargets('crossEntropyBackward', logits, targets);
  const grad = softmax(logits); // [B, C]
  for (let b = 0; b < B; b++) grad.data[b * C + targets[b]!]! -= 1;
  for (let i = 0; i < grad.data.length; i++) grad.data[i]! /= B;
  return grad;
}
