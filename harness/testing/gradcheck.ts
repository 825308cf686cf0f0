/**
 * The trusted gradient checker (never the learner's gradcheck.ts). Central differences with
 * h = 1e-5 in float64; an element passes when |a − n| ≤ rtol·max(|a|, |n|) + atol.
 *
 * Why the atol: where the true gradient is exactly 0, the numerical one is rounding noise
 * (about 1e-11) and the textbook relative error |a − n| / max(|a|, |n|) is 1. A tiny atol
 * (1e-9 by default) passes those elements and nothing else: a real gradient error is far larger.
 */
import { formatShape, unravel, type Tensor } from '../runtime/index.ts';
import { kindOf } from './spec.ts';

// Captured when the helpers load, before any learner module: a patched Math or Number changes nothing here.
const { abs, max } = Math;
const { isNaN } = Number;
const F64 = Float64Array;

export type GradcheckOptions = { h?: number; rtol?: number; atol?: number };

export type GradcheckReport = {
  passed: boolean;
  /** The element with the largest relative error |a − n| / max(|a|, |n|). */
  index: number[];
  analytic: number;
  numerical: number;
  relativeError: number;
  /** How many elements failed the rtol/atol test. */
  failures: number;
};

/** Central differences of a scalar function at x. x is restored after every probe. */
export function centralDifferences(f: (x: Tensor) => number, x: Tensor, h = 1e-5): Tensor {
  const grad: Tensor = { shape: [...x.shape], data: new F64(x.data.length) };
  for (let i = 0; i < x.data.length; i++) {
    const original = x.data[i]!;
    x.data[i] = original + h;
    const plus = f(x);
    x.data[i] = original - h;
    const minus = f(x);
    x.data[i] = original;
    grad.data[i] = (plus - minus) / (2 * h);
  }
  return grad;
}

export function compareGradients(analytic: Tensor, numerical: Tensor, options: GradcheckOptions = {}): GradcheckReport {
  const rtol = options.rtol ?? 1e-7;
  const atol = options.atol ?? 1e-9;
  let failures = 0;
  // The worst element: among failing ones if any fail, else overall, by relative error.
  let worst = { i: 0, relative: -1, failed: false };
  for (let i = 0; i < numerical.data.length; i++) {
    const a = analytic.data[i]!;
    const n = numerical.data[i]!;
    const scale = max(abs(a), abs(n));
    const diff = abs(a - n);
    const relative = isNaN(diff) ? Infinity : scale === 0 ? 0 : diff / scale;
    const failed = !(diff <= rtol * scale + atol);
    if (failed) failures++;
    const worse = failed === worst.failed ? relative > worst.relative : failed;
    if (worse) worst = { i, relative, failed };
  }
  return {
    passed: failures === 0,
    index: unravel(numerical.shape, worst.i),
    analytic: analytic.data[worst.i] ?? NaN,
    numerical: numerical.data[worst.i] ?? NaN,
    relativeError: Math.max(worst.relative, 0),
    failures,
  };
}

/**
 * Throws unless `analytic` matches central differences of `f` at `x`. The message names the
 * gradient, the worst element's index, both values and the relative error.
 */
export function expectGradient(
  name: string,
  f: (x: Tensor) => number,
  x: Tensor,
  analytic: Tensor,
  options: GradcheckOptions = {},
): GradcheckReport {
  if (!(analytic.data instanceof F64)) {
    throw new Error(`${name}.data should be a Float64Array (the course's tensors are float64), got ${kindOf(analytic.data)}`);
  }
  if (analytic.shape.join() !== x.shape.join()) {
    throw new Error(`${name} has shape ${formatShape(analytic.shape)}, but the input it differentiates has shape ${formatShape(x.shape)}`);
  }
  const report = compareGradients(analytic, centralDifferences(f, x, options.h), options);
  if (!report.passed) {
    throw new Error(
      `${name}${formatShape(report.index)} is ${report.analytic}, central differences give ${report.numerical} ` +
        `(relative error ${report.relativeError.toExponential(2)}; ${report.failures} of ${x.data.length} elements fail ` +
        `|a − n| ≤ ${options.rtol ?? 1e-7}·max(|a|, |n|) + ${options.atol ?? 1e-9})`,
    );
  }
  return report;
}
