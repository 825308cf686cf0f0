/**
 * The two kernels that measure this machine's ceilings as JavaScript sees them. Both are as good as
 * plain JavaScript gets, so a learner's kernel can be held against them:
 *
 * - compute: a register-blocked multiply-add loop on float64. A 4 × 4 block of the output lives in
 *   16 local variables (registers); each step loads 4 values of a column of A and 4 of a row of B,
 *   from arrays that stay in the L1 cache, and does 16 multiply-adds: 32 FLOPs for 8 loads.
 *   (JavaScript must round `a * b + c` twice, so V8 cannot fuse it; and it does not vectorise.)
 * - memory: the STREAM triad `a[i] = b[i] + s·c[i]` over three arrays far larger than the last-level
 *   cache, counted as STREAM counts it: 24 bytes per element (two reads, one write).
 */

/** 32 FLOPs per step p: the 4 × 4 outer product of a[4p..4p+3] and b[4p..4p+3], accumulated `reps` times. */
export function multiplyAdd4x4(a: Float64Array, b: Float64Array, steps: number, reps: number): number {
  let sum = 0;
  for (let r = 0; r < reps; r++) {
    let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
    let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
    for (let p = 0; p < steps; p++) {
      const b0 = b[4 * p]!, b1 = b[4 * p + 1]!, b2 = b[4 * p + 2]!, b3 = b[4 * p + 3]!;
      let ai = a[4 * p]!;
      c00 += ai * b0; c01 += ai * b1; c02 += ai * b2; c03 += ai * b3;
      ai = a[4 * p + 1]!;
      c10 += ai * b0; c11 += ai * b1; c12 += ai * b2; c13 += ai * b3;
      ai = a[4 * p + 2]!;
      c20 += ai * b0; c21 += ai * b1; c22 += ai * b2; c23 += ai * b3;
      ai = a[4 * p + 3]!;
      c30 += ai * b0; c31 += ai * b1; c32 += ai * b2; c33 += ai * b3;
    }
    sum += c00 + c01 + c02 + c03 + c10 + c11 + c12 + c13 + c20 + c21 + c22 + c23 + c30 + c31 + c32 + c33;
  }
  return sum; // returned so that the loop cannot be optimised away
}

export const FLOPS_PER_STEP = 32;
/** 4 × 256 float64 per operand: 8 KiB each, well inside any L1 cache. */
export const STEPS = 256;

/** STREAM's triad. */
export function triad(a: Float64Array, b: Float64Array, c: Float64Array, s: number): void {
  const n = a.length;
  for (let i = 0; i < n; i++) a[i] = b[i]! + s * c[i]!;
}

export const TRIAD_BYTES_PER_ELEMENT = 24;
