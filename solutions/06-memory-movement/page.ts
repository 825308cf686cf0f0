/**
 * Week 6's page, once the week is complete: the bytes a tiled matmul moves and its intensity from
 * your traffic model against the spec's worked example, the largest tile for three cache sizes, and,
 * once `npm run bench` has timed this tree, the four kernels on this machine's roofline.
 * Author material: the grader runs it on your code (weeks/) or on the reference.
 */
import type { DType } from '../../harness/runtime/index.ts';
import { benchFigureFor, compare, definePage, inCourseStyle, need } from '../../harness/author.ts';
import type * as traffic from './traffic.ts';

type Modules = { traffic: typeof traffic };

const TILES = [1, 8, 32, 64];
const CACHES: Array<[label: string, bytes: number]> = [['32KiB', 32 * 1024], ['1MiB', 1024 ** 2], ['32MiB', 32 * 1024 ** 2]];

export default definePage<Modules>({
  tables(ctx) {
    const { blockedTrafficBytes, tiledIntensity, largestTile } = ctx.modules.traffic;
    const example = ctx.example('traffic');
    const dims = { M: need(example, 'M', 'traffic'), K: need(example, 'K', 'traffic'), N: need(example, 'N', 'traffic') };
    const dtype = example.dtype as DType;
    const flops = need(example, 'flops', 'traffic');
    const tiles = ctx.example('tiles');
    return [
      {
        title: 'Bytes moved by a tiled matmul',
        caption: `[${dims.M}, ${dims.K}] @ [${dims.K}, ${dims.N}] in ${dtype}, from your blockedTrafficBytes against the spec's worked example; tile 1 is the no-reuse bound.`,
        rows: TILES.flatMap((tile) => [
          compare(`tile ${tile}: bytes`, blockedTrafficBytes(dims, tile, dtype), example, `bytes.tile_${tile}`, 'bytes'),
          { label: `tile ${tile}: FLOPs per byte`, value: tiledIntensity(dims, tile, dtype), expected: flops / need(example, `bytes.tile_${tile}`, 'traffic') },
        ]),
      },
      {
        title: 'The largest tile that fits',
        caption: 'Three tile × tile tiles (one of A, one of B, one of the output) in a cache of each size, from your largestTile.',
        rows: CACHES.flatMap(([label, bytes]) => (['fp64', 'fp32'] as const).map((dtype) => compare(`${label}, ${dtype}`, largestTile(bytes, dtype), tiles, `${label}.${dtype}`, 'count'))),
      },
    ];
  },
  figures: [
    {
      id: 'roofline',
      title: 'Four kernels on this machine’s roofline',
      // Only this week's bench group: week 1's matmul, matmulIkj, matmulBlocked and parallelMatmul at three sizes.
      async compute(ctx) {
        const figure = await benchFigureFor(ctx.root, ctx.tree, (group) => group.week === 6);
        return figure && { ...figure, spec: inCourseStyle(figure.spec) };
      },
    },
  ],
});
