/**
 * Week 6: how many bytes a tiled matmul moves between memory and cache, its arithmetic intensity, the
 * largest tile a cache holds, and what more workers can buy. Read spec.md first.
 * Dims: A [M, K] @ B [K, N] -> C [M, N]; bytes per element from bytesPerElement(dtype).
 */
import { NotImplemented, type DType } from '../../harness/runtime/index.ts';

/**
 * Bytes moved between memory and cache by a square-tiled [M, K] @ [K, N] under the spec's model: one
 * tile × tile tile each of A, B and C fits in the cache, C's tiles start at zero there. Assume tile
 * divides M, K and N; tile = 1 is the no-reuse bound. Derive the count in spec.md, "Tiling: how many
 * bytes a matmul moves" (it works the method on row panels); check it on the worked example.
 */
export function blockedTrafficBytes(dims: { M: number; K: number; N: number }, tile: number, dtype: DType): number {
  throw new NotImplemented('blockedTrafficBytes', 6);
}

/** Arithmetic intensity under the same model: the matmul's FLOPs (week 1's convention) per byte of blockedTrafficBytes. */
export function tiledIntensity(dims: { M: number; K: number; N: number }, tile: number, dtype: DType): number {
  throw new NotImplemented('tiledIntensity', 6);
}

/**
 * The largest whole tile such that three tile × tile tiles of `dtype` fit in `cacheBytes` (0 if not
 * even tile 1 fits). Exact at the boundary: three tiles that fill the cache exactly do fit.
 * See spec.md, "Choosing the tile".
 */
export function largestTile(cacheBytes: number, dtype: DType): number {
  throw new NotImplemented('largestTile', 6);
}

/**
 * Amdahl's law: the speedup (one-worker time over the time on `workers`) when a fraction
 * `parallelFraction` of the one-worker time is shared perfectly among the workers and the rest is not.
 * A RangeError for a fraction outside [0, 1] or fewer than 1 worker. See spec.md, "Many cores".
 */
export function amdahlSpeedup(parallelFraction: number, workers: number): number {
  throw new NotImplemented('amdahlSpeedup', 6);
}
