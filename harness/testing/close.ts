/**
 * Trusted comparison of tensors. A failure names the worst element by index, with both values,
 * so "close but wrong in one corner" and "wrong everywhere" read differently.
 */
import { formatShape, fromNested, sameShape, unravel, type Nested, type Tensor } from '../runtime/index.ts';
import { kindOf } from './spec.ts';

// Captured when the helpers load, before any learner module: a patched Math or Number changes nothing here.
const { abs } = Math;
const { isNaN, isFinite } = Number;
const F64 = Float64Array;

export type Tolerance = { rtol?: number; atol?: number };

/** Default: tight enough that a float64 algorithm written differently still passes, a wrong one does not. */
const DEFAULT_TOLERANCE = { rtol: 1e-9, atol: 1e-12 };

export type Difference = { index: number[]; actual: number; expected: number; excess: number };

function isTensor(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && 'shape' in value && 'data' in value;
}

/** The element that most exceeds `|a − e| ≤ atol + rtol·|e|` (or any NaN mismatch); undefined if none does. */
export function worstDifference(actual: Tensor, expected: Tensor, tolerance: Tolerance = {}): Difference | undefined {
  const { rtol, atol } = { ...DEFAULT_TOLERANCE, ...tolerance };
  let worst: Difference | undefined;
  for (let i = 0; i < expected.data.length; i++) {
    const a = actual.data[i]!;
    const e = expected.data[i]!;
    const excess = isNaN(a) !== isNaN(e) || (a !== e && !isFinite(a - e))
      ? Infinity
      : abs(a - e) - (atol + rtol * abs(e));
    if (excess > 0 && (!worst || excess > worst.excess)) {
      worst = { index: unravel(expected.shape, i), actual: a, expected: e, excess };
    }
  }
  return worst;
}

/** Throws unless `actual` has the expected shape and every element is within tolerance. */
export function expectClose(name: string, actual: Tensor, expected: Tensor | Nested, tolerance: Tolerance = {}): void {
  if (!isTensor(actual)) {
    throw new Error(`${name} should be a tensor { shape, data }, got ${typeof actual === 'object' ? JSON.stringify(actual) : String(actual)}`);
  }
  if (!(actual.data instanceof F64)) {
    throw new Error(`${name}.data should be a Float64Array (the course's tensors are float64), got ${kindOf(actual.data)}`);
  }
  const want = isTensor(expected) ? expected : fromNested(expected);
  if (!sameShape(actual.shape, want.shape)) {
    throw new Error(`${name} has shape ${formatShape(actual.shape)}, expected ${formatShape(want.shape)}`);
  }
  const worst = worstDifference(actual, want, tolerance);
  if (worst) {
    throw new Error(
      `${name}${formatShape(worst.index)} is ${worst.actual}, expected ${worst.expected} ` +
        `(worst element of ${formatShape(want.shape)}; tolerance rtol ${tolerance.rtol ?? DEFAULT_TOLERANCE.rtol}, atol ${tolerance.atol ?? DEFAULT_TOLERANCE.atol})`,
    );
  }
}

/** Scalars too: a NaN or a value outside tolerance throws with both values. */
export function expectCloseNumber(name: string, actual: number, expected: number, tolerance: Tolerance = {}): void {
  if (typeof actual !== 'number') throw new Error(`${name} should be a number, got ${JSON.stringify(actual)}`);
  const worst = worstDifference({ shape: [], data: F64.of(actual) }, { shape: [], data: F64.of(expected) }, tolerance);
  if (worst) {
    throw new Error(`${name} is ${actual}, expected ${expected} (tolerance rtol ${tolerance.rtol ?? DEFAULT_TOLERANCE.rtol}, atol ${tolerance.atol ?? DEFAULT_TOLERANCE.atol})`);
  }
}

/**
 * Runs `call` and throws unless every named input tensor still holds exactly what it held before
 * (shape and every element), naming the first one that changed: "params.w1 was modified in place".
 */
export function expectUnchanged<T>(inputs: Record<string, Tensor>, call: () => T): T {
  const before = Object.entries(inputs).map(([name, t]) => ({ name, t, shape: [...t.shape], data: F64.from(t.data) }));
  const result = call();
  for (const { name, t, shape, data } of before) {
    const changed = !sameShape(t.shape, shape) || t.data.length !== data.length || t.data.some((v, i) => !Object.is(v, data[i]));
    if (changed) throw new Error(`${name} was modified in place: build a new tensor for the result and leave your inputs as they were`);
  }
  return result;
}
