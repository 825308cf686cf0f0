/**
 * Week 1: checking a gradient by finite differences. Read spec.md, "Checking a gradient".
 */
import { NotImplemented, type Tensor } from '../../harness/runtime/index.ts';

/**
 * Central differences, one element at a time:
 *   ∂f/∂x_i ≈ (f(x + h·e_i) − f(x − h·e_i)) / (2h),   h = 1e-5 by default.
 * Returns a tensor of x's shape. x must hold its original values afterwards.
 */
export function numericalGradient(f: (x: Tensor) => number, x: Tensor, h = 1e-5): Tensor {
  throw new NotImplemented('numericalGradient', 1);
}

/**
 * The worst element of |a − b| / max(|a|, |b|), counting 0 where both are 0.
 * Below 1e-7 means "right" for smooth functions in float64; above 1e-2 means "wrong".
 */
export function relativeError(a: Tensor, b: Tensor): number {
  throw new NotImplemented('relativeError', 1);
}
