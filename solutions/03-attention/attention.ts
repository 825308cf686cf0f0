/**
 * Week 3: single-head attention. (Starter: batchedMatmul and batchedTranspose; the rest is week 3's.)
 */
import { formatShape, ShapeError, zeros, type Tensor } from '../../harness/runtime/index.ts';

/** [B, m, k] @ [B, k, n] -> [B, m, n]: one matmul per batch element, same cache-friendly loop order as week 1. */
export function batchedMatmul(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 3 || b.shape.length !== 3 || a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
    throw new ShapeError(`batchedMatmul needs [B, m, k] @ [B, k, n], got a ${formatShape(a.shape)} @ b ${formatShape(b.shape)}`);
  }
  const [B, m, k] = a.shape as [number, number, number];
  const n = b.shape[2]!;
  const out = zeros([B, m, n]);
  for (let batch = 0; batch < B; batch++) {
    const aBase = batch * m * k;
    const bBase = batch * k * n;
    const outBase = batch * m * n;
    for (let i = 0; i < m; i++) {
      for (let p = 0; p < k; p++) {
        const aip = a.data[aBase + i * k + p]!;
        const bRow = bBase + p * n;
        const outRow = outBase + i * n;
        for (let j = 0; j < n; j++) out.data[outRow + j]! += aip * b.data[bRow + j]!;
      }
    }
  }
  return out;
}

/** [B, m, n] -> [B, n, m]. */
export function batchedTranspose(a: Tensor): Tensor {
  if (a.shape.length !== 3) throw new ShapeError(`batchedTranspose needs [B, m, n], got ${formatShape(a.shape)}`);
  const [B, m, n] = a.shape as [number, number, number];
  const out = zeros([B, n, m]);
  for (let batch = 0; batch < B; batch++) {
    const base = batch * m * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) out.data[base + j * m + i] = a.data[base + i * n + j]!;
    }
  }
  return out;
}
