/**
 * Week 2: the nonlinearities. ReLU and its backward pass, and a numerically stable softmax.
 */
import { formatShape, sameShape, ShapeError, zeros, type Tensor } from '../../harness/runtime/index.ts';

/** max(0, x), elementwise, any shape. */
export function relu(x: Tensor): Tensor {
  const out = zeros(x.shape);
  for (let i = 0; i < x.data.length; i++) out.data[i] = Math.max(0, x.data[i]!);
  return out;
}

/** dy where x > 0, else 0: ReLU passes the gradient only where it passed the input (0 at the kink). */
export function reluBackward(x: Tensor, dy: Tensor): Tensor {
  if (!sameShape(x.shape, dy.shape)) {
    throw new ShapeError(`reluBackward needs x and dy of one shape, got x ${formatShape(x.shape)} and dy ${formatShape(dy.shape)}`);
  }
  const dx = zeros(x.shape);
  for (let i = 0; i < x.data.length; i++) dx.data[i] = x.data[i]! > 0 ? dy.data[i]! : 0;
  return dx;
}

/**
 * softmax over the last axis, any rank: exp(x − max) / Σ exp(x − max), row by row.
 * Subtracting the row's max changes nothing mathematically and keeps every exp in (0, 1].
 */
export function softmax(x: Tensor): Tensor {
  const n = x.shape[x.shape.length - 1] ?? 1; // a scalar is one row of one element
  const out = zeros(x.shape);
  for (let start = 0; start < x.data.length; start += n) {
    let max = -Infinity;
    for (let j = 0; j < n; j++) max = Math.max(max, x.data[start + j]!);
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(x.data[start + j]! - max);
      out.data[start + j] = e;
      sum += e;
    }
    for (let j = 0; j < n; j++) out.data[start + j]! /= sum;
  }
  return out;
}
