/**
 * The course's tensor: a plain object, row-major, float64. No classes, no methods: every operation
 * is a function you can read (and, in the weeks, write).
 */
import { ShapeError } from './errors.ts';
import type { Rng } from './random.ts';

export type Tensor = { shape: number[]; data: Float64Array };

/** A nested array of numbers, as written in specs and tests: [[1, 2], [3, 4]]. */
export type Nested = number | Nested[];

/** Number of elements of a shape: the product of its dims (1 for a scalar shape []). */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** `[2, 3]`, or with symbols `[B=2, D_in=3]`. */
export function formatShape(shape: readonly number[], symbols?: readonly string[]): string {
  const parts = shape.map((d, i) => (symbols?.[i] ? `${symbols[i]}=${d}` : String(d)));
  return `[${parts.join(', ')}]`;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function checkShape(shape: readonly number[]): void {
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(`a shape needs non-negative integer dims, got ${formatShape(shape)}`);
  }
}

/** A tensor from a shape and its values in row-major order (copied). */
export function tensor(shape: readonly number[], values: ArrayLike<number>): Tensor {
  checkShape(shape);
  const n = numel(shape);
  if (values.length !== n) {
    throw new ShapeError(`shape ${formatShape(shape)} holds ${n} values, got ${values.length}`);
  }
  return { shape: [...shape], data: Float64Array.from(values) };
}

export function zeros(shape: readonly number[]): Tensor {
  checkShape(shape);
  return { shape: [...shape], data: new Float64Array(numel(shape)) };
}

export function full(shape: readonly number[], value: number): Tensor {
  const t = zeros(shape);
  t.data.fill(value);
  return t;
}

export function clone(t: Tensor): Tensor {
  return { shape: [...t.shape], data: t.data.slice() };
}

function shapeOfNested(value: Nested): number[] {
  if (!Array.isArray(value)) return [];
  const first = value[0];
  return [value.length, ...(first === undefined ? [] : shapeOfNested(first))];
}

/** A tensor from nested arrays: fromNested([[1, 2, 3], [4, 5, 6]]) has shape [2, 3]. Ragged input is a ShapeError. */
export function fromNested(value: Nested): Tensor {
  const shape = shapeOfNested(value);
  const flat: number[] = [];
  const walk = (v: Nested, depth: number): void => {
    if (depth === shape.length) {
      if (Array.isArray(v)) throw new ShapeError(`ragged nested array: expected a number at depth ${depth}`);
      flat.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new ShapeError(`ragged nested array: expected ${shape[depth]} entries at depth ${depth}`);
    }
    for (const item of v) walk(item, depth + 1);
  };
  walk(value, 0);
  return tensor(shape, flat);
}

/** The inverse of fromNested, for printing and for comparing small results. */
export function toNested(t: Tensor): Nested {
  const build = (offset: number, depth: number): Nested => {
    if (depth === t.shape.length) return t.data[offset] ?? NaN;
    const stride = numel(t.shape.slice(depth + 1));
    const out: Nested[] = [];
    for (let i = 0; i < (t.shape[depth] ?? 0); i++) out.push(build(offset + i * stride, depth + 1));
    return out;
  };
  return build(0, 0);
}

/** Row-major offset of an index: the element t[i0][i1]... lives at data[offset(t.shape, [i0, i1, ...])]. */
export function offset(shape: readonly number[], index: readonly number[]): number {
  if (index.length !== shape.length) {
    throw new ShapeError(`index ${formatShape(index)} has ${index.length} dims, shape ${formatShape(shape)} has ${shape.length}`);
  }
  let flat = 0;
  for (let axis = 0; axis < shape.length; axis++) {
    const i = index[axis] ?? 0;
    const d = shape[axis] ?? 0;
    if (i < 0 || i >= d) throw new ShapeError(`index ${formatShape(index)} is outside shape ${formatShape(shape)}`);
    flat = flat * d + i;
  }
  return flat;
}

/** The row-major index of a flat position: the inverse of offset. */
export function unravel(shape: readonly number[], flat: number): number[] {
  const index = new Array<number>(shape.length).fill(0);
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const d = shape[axis] ?? 1;
    index[axis] = rest % d;
    rest = Math.floor(rest / d);
  }
  return index;
}

export function at(t: Tensor, ...index: number[]): number {
  return t.data[offset(t.shape, index)] ?? NaN;
}

/** Normal samples times `std`, drawn from `rng` in row-major order. */
export function randn(shape: readonly number[], rng: Rng, std = 1): Tensor {
  const t = zeros(shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = rng.normal() * std;
  return t;
}
