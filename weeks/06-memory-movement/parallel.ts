/**
 * Week 6: one matmul on every core, the rows of C split across worker threads that share A, B and C
 * through SharedArrayBuffers. Read spec.md first, "Many cores: rows over shared memory".
 */
import { NotImplemented, type Tensor } from '../../harness/runtime/index.ts';

/**
 * `workers` contiguous half-open row ranges [start, end) that cover 0..M exactly once, in order, with
 * sizes that differ by at most one (so no range is empty when M ≥ workers). A RangeError naming the
 * count when workers is not a whole number ≥ 1.
 */
export function partitionRows(M: number, workers: number): Array<[start: number, end: number]> {
  throw new NotImplemented('partitionRows', 6);
}

/**
 * [M, K] @ [K, N] -> [M, N], equal to matmul, with the rows from partitionRows(M, workers) computed on
 * worker threads (node:worker_threads); empty ranges start no worker.
 * - Copy A and B once into SharedArrayBuffers and allocate C in one: every worker gets the same
 *   buffers (never a copy of B per worker) and writes only its own rows of C.
 * - A worker runs plain JavaScript: new Worker(source, { eval: true }) with your tile kernel, without
 *   types, as a string.
 * - Never leave threads behind: terminate the workers in a `finally`, or keep them in a pool that is
 *   unref()'d so it never keeps the process alive.
 * Rejects with a ShapeError naming both shapes, or partitionRows' RangeError.
 */
export async function parallelMatmul(a: Tensor, b: Tensor, workers: number): Promise<Tensor> {
  throw new NotImplemented('parallelMatmul', 6);
}
