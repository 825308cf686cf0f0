/**
 * Week 1: a linear layer, Y = X @ W + b, its backward pass, and what it costs.
 * Shapes: X [B, D_in], W [D_in, D_out], b [D_out], Y [B, D_out].
 */
import { bytesPerElement, formatShape, ShapeError, zeros, type DType, type Tensor } from '../../harness/runtime/index.ts';

/** [m, k] @ [k, n] -> [m, n]. Loop order i, p, j walks b and the output row by row (cache friendly). */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 2 || b.shape.length !== 2 || a.shape[1] !== b.shape[0]) {
    throw new ShapeError(`matmul needs [m, k] @ [k, n], got a ${formatShape(a.shape)} @ b ${formatShape(b.shape)}`);
  }
  const [m, k] = a.shape as [number, number];
  const n = b.shape[1]!;
  const out = zeros([m, n]);
  for (let i = 0; i < m; i++) {
    const outRow = i * n;
    for (let p = 0; p < k; p++) {
      const aip = a.data[i * k + p]!;
      const bRow = p * n;
      for (let j = 0; j < n; j++) out.data[outRow + j]! += aip * b.data[bRow + j]!;
    }
  }
  return out;
}

/** [m, n] -> [n, m]: out[j][i] = a[i][j]. */
export function transpose(a: Tensor): Tensor {
  if (a.shape.length !== 2) throw new ShapeError(`transpose needs a 2-D tensor, got ${formatShape(a.shape)}`);
  const [m, n] = a.shape as [number, number];
  const out = zeros([n, m]);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) out.data[j * m + i] = a.data[i * n + j]!;
  }
  return out;
}

/** [m, n] -> [n]: the sum of every column over the m rows. */
export function sumAxis0(a: Tensor): Tensor {
  if (a.shape.length !== 2) throw new ShapeError(`sumAxis0 needs a 2-D tensor, got ${formatShape(a.shape)}`);
  const [m, n] = a.shape as [number, number];
  const out = zeros([n]);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) out.data[j]! += a.data[i * n + j]!;
  }
  return out;
}

/** Y = X @ W + b: [B, D_in] @ [D_in, D_out] -> [B, D_out], then b [D_out] added to every row. */
export function linearForward(x: Tensor, w: Tensor, b: Tensor): Tensor {
  const y = matmul(x, w); // [B, D_out]
  const dOut = y.shape[1]!;
  if (b.shape.length !== 1 || b.shape[0] !== dOut) {
    throw new ShapeError(`bias b should have shape [D_out=${dOut}] for X ${formatShape(x.shape)} @ W ${formatShape(w.shape)}, got ${formatShape(b.shape)}`);
  }
  for (let i = 0; i < y.data.length; i++) y.data[i]! += b.data[i % dOut]!;
  return y;
}

/** dX = dY @ Wᵀ [B, D_in]; dW = Xᵀ @ dY [D_in, D_out]; db = sum of dY over the batch [D_out]. */
export function linearBackward(x: Tensor, w: Tensor, dy: Tensor): { dx: Tensor; dw: Tensor; db: Tensor } {
  return {
    dx: matmul(dy, transpose(w)), // [B, D_out] @ [D_out, D_in] -> [B, D_in]
    dw: matmul(transpose(x), dy), // [D_in, B] @ [B, D_out] -> [D_in, D_out]
    db: sumAxis0(dy), // [B, D_out] -> [D_out]
  };
}

/** W has D_in·D_out values, b has D_out. */
export function linearParamCount(dims: { D_in: number; D_out: number }): number {
  return dims.D_in * dims.D_out + dims.D_out;
}

/** Bytes: parameters, one gradient per parameter, and X [B, D_in] kept for dW = Xᵀ @ dY. */
export function linearMemory(
  dims: { B: number; D_in: number; D_out: number },
  dtype: DType,
): { params: number; grads: number; saved: number } {
  const bytes = bytesPerElement(dtype);
  const params = linearParamCount(dims) * bytes;
  return { params, grads: params, saved: dims.B * dims.D_in * bytes };
}

/** Forward: the matmul 2·B·D_in·D_out plus the bias add B·D_out. Backward: dX and dW 2·B·D_in·D_out each, db B·D_out. */
export function linearFlops(dims: { B: number; D_in: number; D_out: number }): { forward: number; backward: number } {
  const { B, D_in, D_out } = dims;
  const matmulFlops = 2 * B * D_in * D_out; // [B, D_in] @ [D_in, D_out]
  const biasFlops = B * D_out; // one add per output element
  return { forward: matmulFlops + biasFlops, backward: 2 * matmulFlops + biasFlops };
}
