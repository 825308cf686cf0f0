/**
 * The trusted matmul the kernel checks compare against: the textbook loop, one dot product per
 * output element, in the order a reader can verify by eye. Deliberately slow and plain.
 */
import { zeros, type Tensor } from '../runtime/index.ts';

/** [M, K] @ [K, N] -> [M, N]; the shapes are the caller's to check. */
export function trustedMatmul(a: Tensor, b: Tensor): Tensor {
  const [M, K] = a.shape as [number, number];
  const N = b.shape[1]!;
  const out = zeros([M, N]);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += a.data[i * K + k]! * b.data[k * N + j]!;
      out.data[i * N + j] = sum;
    }
  }
  return out;
}
