/**
 * Week 6: the same matmul as week 1, moving fewer bytes per FLOP.
 * Shapes: A [M, K] @ B [K, N] -> C [M, N], row-major float64.
 */
import { formatShape, ShapeError, zeros, type Tensor } from '../../harness/runtime/index.ts';

/** [M, K, N] of A @ B, or a ShapeError naming both shapes. */
function matmulDims(name: string, a: Tensor, b: Tensor): [number, number, number] {
  if (a.shape.length !== 2 || b.shape.length !== 2 || a.shape[1] !== b.shape[0]) {
    throw new ShapeError(`${name} needs A [M, K] @ B [K, N], got A ${formatShape(a.shape)} @ B ${formatShape(b.shape)}`);
  }
  return [a.shape[0]!, a.shape[1]!, b.shape[1]!];
}

/** Loop order i, k, j: a[i][k] stays in a register while the inner loop walks a row of B and of C. */
export function matmulIkj(a: Tensor, b: Tensor): Tensor {
  const [M, K, N] = matmulDims('matmulIkj', a, b);
  const A = a.data;
  const B = b.data;
  const out = zeros([M, N]);
  const C = out.data;
  for (let i = 0; i < M; i++) {
    for (let k = 0; k < K; k++) {
      const aik = A[i * K + k]!;
      const bRow = k * N;
      const cRow = i * N;
      for (let j = 0; j < N; j++) C[cRow + j]! += aik * B[bRow + j]!;
    }
  }
  return out;
}

/**
 * Two levels of tiling. Cache tiles: C[i0:i1, j0:j1] gathers A[i0:i1, k0:k1] @ B[k0:k1, j0:j1] over
 * every k tile, so three tile × tile blocks are reused from cache. Register tiles: inside them, 4 × 4
 * blocks of C live in local variables while k runs. Edge tiles may be smaller than `tile`.
 */
export function matmulBlocked(a: Tensor, b: Tensor, tile: number): Tensor {
  const [M, K, N] = matmulDims('matmulBlocked', a, b);
  if (!Number.isInteger(tile) || tile < 1) throw new RangeError(`matmulBlocked needs a whole tile ≥ 1, got ${tile}`);
  const out = zeros([M, N]);
  for (let i0 = 0; i0 < M; i0 += tile) {
    const i1 = Math.min(i0 + tile, M);
    for (let j0 = 0; j0 < N; j0 += tile) {
      const j1 = Math.min(j0 + tile, N);
      for (let k0 = 0; k0 < K; k0 += tile) {
        const k1 = Math.min(k0 + tile, K);
        tileProduct(a.data, b.data, out.data, K, N, i0, i1, j0, j1, k0, k1);
      }
    }
  }
  return out;
}

/** C[i0:i1, j0:j1] += A[i0:i1, k0:k1] @ B[k0:k1, j0:j1]: 4 × 4 register blocks, then the rows and columns left over. */
function tileProduct(A: Float64Array, B: Float64Array, C: Float64Array, K: number, N: number, i0: number, i1: number, j0: number, j1: number, k0: number, k1: number): void {
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    let j = j0;
    for (; j + 4 <= j1; j += 4) block4x4(A, B, C, K, N, i, j, k0, k1);
    ikjBlock(A, B, C, K, N, i, i + 4, j, j1, k0, k1); // fewer than 4 columns left
  }
  ikjBlock(A, B, C, K, N, i, i1, j0, j1, k0, k1); // fewer than 4 rows left
}

/** C[i0:i1, j0:j1] += A[i0:i1, k0:k1] @ B[k0:k1, j0:j1] in loop order i, k, j (for the edges). */
function ikjBlock(A: Float64Array, B: Float64Array, C: Float64Array, K: number, N: number, i0: number, i1: number, j0: number, j1: number, k0: number, k1: number): void {
  for (let i = i0; i < i1; i++) {
    for (let k = k0; k < k1; k++) {
      const aik = A[i * K + k]!;
      for (let j = j0; j < j1; j++) C[i * N + j]! += aik * B[k * N + j]!;
    }
  }
}

/** C[i:i+4, j:j+4] += A[i:i+4, k0:k1] @ B[k0:k1, j:j+4] with the 16 sums in registers: 8 loads feed 32 FLOPs. */
function block4x4(A: Float64Array, B: Float64Array, C: Float64Array, K: number, N: number, i: number, j: number, k0: number, k1: number): void {
  const r0 = i * N + j, r1 = r0 + N, r2 = r1 + N, r3 = r2 + N;
  const a0 = i * K, a1 = a0 + K, a2 = a1 + K, a3 = a2 + K;
  let c00 = C[r0]!, c01 = C[r0 + 1]!, c02 = C[r0 + 2]!, c03 = C[r0 + 3]!;
  let c10 = C[r1]!, c11 = C[r1 + 1]!, c12 = C[r1 + 2]!, c13 = C[r1 + 3]!;
  let c20 = C[r2]!, c21 = C[r2 + 1]!, c22 = C[r2 + 2]!, c23 = C[r2 + 3]!;
  let c30 = C[r3]!, c31 = C[r3 + 1]!, c32 = C[r3 + 2]!, c33 = C[r3 + 3]!;
  for (let k = k0; k < k1; k++) {
    const bk = k * N + j;
    const b0 = B[bk]!, b1 = B[bk + 1]!, b2 = B[bk + 2]!, b3 = B[bk + 3]!;
    let x = A[a0 + k]!;
    c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
    x = A[a1 + k]!;
    c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
    x = A[a2 + k]!;
    c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
    x = A[a3 + k]!;
    c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
  }
  C[r0] = c00; C[r0 + 1] = c01; C[r0 + 2] = c02; C[r0 + 3] = c03;
  C[r1] = c10; C[r1 + 1] = c11; C[r1 + 2] = c12; C[r1 + 3] = c13;
  C[r2] = c20; C[r2 + 1] = c21; C[r2 + 2] = c22; C[r2 + 3] = c23;
  C[r3] = c30; C[r3 + 1] = c31; C[r3 + 2] = c32; C[r3 + 3] = c33;
}
