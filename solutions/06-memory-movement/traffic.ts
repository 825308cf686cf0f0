/**
 * Week 6: how many bytes a tiled matmul moves between memory and cache, what that does to its
 * arithmetic intensity, the largest tile a cache holds, and what more workers can buy.
 * Dims: A [M, K] @ B [K, N] -> C [M, N].
 */
import { bytesPerElement, type DType } from '../../harness/runtime/index.ts';

/**
 * Memory <-> cache bytes of a square-tiled matmul (the model in spec.md: tile divides the dims, three
 * tiles fit in cache). Each output tile reads K/tile tiles of A and of B, tile² values each, then is
 * written once.
 */
export function blockedTrafficBytes(dims: { M: number; K: number; N: number }, tile: number, dtype: DType): number {
  const { M, K, N } = dims;
  const reads = (2 * M * N * K) / tile; // (M/tile)·(N/tile) output tiles × 2·(K/tile) input tiles × tile² values
  const writes = M * N; // every output value leaves the cache once
  return (reads + writes) * bytesPerElement(dtype);
}

/** FLOPs per byte of that traffic: a matmul does 2·M·K·N FLOPs whatever the tile. */
export function tiledIntensity(dims: { M: number; K: number; N: number }, tile: number, dtype: DType): number {
  const { M, K, N } = dims;
  return (2 * M * K * N) / blockedTrafficBytes(dims, tile, dtype);
}

/** The largest whole tile whose three tile × tile tiles (of A, B and C) fit in cacheBytes. */
export function largestTile(cacheBytes: number, dtype: DType): number {
  const fits = (tile: number) => 3 * tile * tile * bytesPerElement(dtype) <= cacheBytes; // one tile each of A, B and C
  let tile = Math.floor(Math.sqrt(cacheBytes / (3 * bytesPerElement(dtype))));
  // The square root is rounded in floating point: step to the exact boundary with whole numbers.
  while (fits(tile + 1)) tile++;
  while (tile > 0 && !fits(tile)) tile--;
  return tile;
}

/** Amdahl: the serial part (1 − p) takes as long as ever, the parallel part p is shared by the workers. */
export function amdahlSpeedup(parallelFraction: number, workers: number): number {
  if (!(parallelFraction >= 0 && parallelFraction <= 1)) throw new RangeError(`amdahlSpeedup needs a parallel fraction in [0, 1], got ${parallelFraction}`);
  if (!(workers >= 1)) throw new RangeError(`amdahlSpeedup needs at least 1 worker, got ${workers}`);
  return 1 / (1 - parallelFraction + parallelFraction / workers);
}
