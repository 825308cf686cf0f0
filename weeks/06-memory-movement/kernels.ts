/**
 * Week 6: the same matmul as week 1, moving fewer bytes per FLOP. Read spec.md first.
 * Shapes: A [M, K] @ B [K, N] -> C [M, N], row-major float64: A[i][k] is a.data[i * K + k].
 */
import { NotImplemented, type Tensor } from '../../harness/runtime/index.ts';

/**
 * [M, K] @ [K, N] -> [M, N] in loop order i, k, j: a[i][k] stays in a local variable while the inner
 * loop walks j along a row of B and a row of the output, both stride 1. Index b.data directly (the
 * memory check traces those reads). A ShapeError naming both shapes when either input is not 2-D or
 * the inner dims differ, as in week 1. See spec.md, "Loop order: counting cache lines".
 */
export function matmulIkj(a: Tensor, b: Tensor): Tensor {
  throw new NotImplemented('matmulIkj', 6);
}

/**
 * [M, K] @ [K, N] -> [M, N] computed tile by tile: loop over tile × tile blocks of C and, for each,
 * over the k tiles of A and B, adding into C; inside a tile, 4 × 4 blocks of C in local variables
 * (spec.md, "Two levels of tiling"). Any shapes: edge tiles are smaller than `tile`, and a tile larger
 * than a dim is one tile. A ShapeError naming both shapes as in matmulIkj; a RangeError when `tile`
 * is not a whole number ≥ 1. Choose your tile with largestTile (spec.md, "Choosing the tile").
 */
export function matmulBlocked(a: Tensor, b: Tensor, tile: number): Tensor {
  throw new NotImplemented('matmulBlocked', 6);
}
