/**
 * Week 1: checking a gradient by finite differences.
 */
import { formatShape, ShapeError, type Tensor } from '../../harness/runtime/index.ts';

/** ∂f/∂x_i ≈ (f(x + h·e_i) − f(x − h·e_i)) / 2h, one element at a time; x is restored after each probe. */
export function numericalGradient(f: (x: Tensor) => number, x: Tensor, h = 1e-5): Tensor {
  const grad: Tensor = { shape: [...x.shape], data: new Float64Array(x.data.length) };
  for (let i = 0; i < x.data.length; i++) {
    const saved = x.data[i]!;
    x.data[i] = saved + h;
    const up = f(x);
    x.data[i] = saved - h;
    const down = f(x);
    x.data[i] = saved;
    grad.data[i] = (up - down) / (2 * h);
  }
  return grad;
}

/** max over elements of |a − b| / max(|a|, |b|), counting 0 where both are 0. */
export function relativeError(a: Tensor, b: Tensor): number {
  if (a.data.length !== b.data.length) {
    throw new ShapeError(`relativeError needs equal sizes, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i]!;
    const y = b.data[i]!;
    const scale = Math.max(Math.abs(x), Math.abs(y));
    if (scale === 0) continue;
    worst = Math.max(worst, Math.abs(x - y) / scale);
  }
  return worst;
}
