/**
 * Week 6's profile (author material): the kernels' FLOP convention, and each kernel's element reads
 * and writes at n = 128 replayed through cache models (harness/profile/cache.ts): a fully
 * associative 32 KiB LRU cache, which is what blockedTrafficBytes assumes, the L1d's
 * set-associative geometry, which adds the conflicts, and a 4 KiB one, fewer lines than a column of
 * B has rows (as a 32 KiB L1 is for n ≥ 512), where the loop order decides everything.
 */
import { createRng, KiB, randn, type Tensor } from '../../harness/runtime/index.ts';
import { defineProfile, rules, type ProfileCase } from '../../harness/author.ts';
import { trustedMatmul } from '../../harness/testing/matmul.ts';
import type * as kernels from './kernels.ts';
import type * as traffic from './traffic.ts';

type Modules = { kernels: typeof kernels; traffic: typeof traffic };

const n = 128;
const dims = { M: n, K: n, N: n };
/** The fully associative cache the traffic model assumes, and the tile that fills it. */
const CACHE = 32 * KiB;
const SMALL_CACHE = 4 * KiB;

const inputs = (): { a: Tensor; b: Tensor } => ({ a: randn([n, n], createRng(1)), b: randn([n, n], createRng(2)) });
const largest = (m: Modules): number => m.traffic.largestTile(CACHE, 'fp64');
/**
 * The model assumes the three tiles stay while they are used and the tile divides the dims. An LRU
 * cache touches C's tile once per k tile and A's and B's every step, so it keeps C only with room
 * to spare: your largestTile of half the cache, rounded down to a divisor of n.
 */
const yourTile = (m: Modules): number => {
  let tile = Math.max(1, Math.min(m.traffic.largestTile(CACHE / 2, 'fp64'), n));
  while (n % tile !== 0) tile--;
  return tile;
};

export default defineProfile<Modules>({
  ops: {
    kernels: { matmulIkj: rules.matmul(), matmulBlocked: rules.matmul() },
    parallel: { parallelMatmul: rules.matmul() },
  },
  predictions: { 'tile-traffic-bytes': { case: 'blocked-128', measure: 'traffic' } },
  cases: (profile) => {
    const blocked = (tile: 'yours' | 'largest' | number): ProfileCase<Modules> => {
      const tileOf = (m: Modules) => (tile === 'yours' ? yourTile(m) : tile === 'largest' ? largest(m) : tile);
      const labels = {
        yours: `matmulBlocked n=${n} at your tile: largestTile(16 KiB, fp64), half the cache for LRU's sake, rounded down to a divisor of n`,
        largest: `matmulBlocked n=${n} at largestTile(32 KiB, fp64) itself: three tiles fill the cache exactly, counted per value`,
      };
      return profile({
        id: typeof tile === 'number' ? `blocked-${n}-tile-${tile}` : tile === 'yours' ? `blocked-${n}` : `blocked-${n}-largest-tile`,
        label: typeof tile === 'number' ? `matmulBlocked n=${n} at tile ${tile}` : labels[tile],
        setup: (m) => ({ ...inputs(), tile: tileOf(m) }),
        run: (m, s) => m.kernels.matmulBlocked(s.a, s.b, s.tile),
        formulas: {
          flops: { from: 'tiledIntensity × blockedTrafficBytes, fp64', value: (m, s) => m.traffic.tiledIntensity(dims, s.tile, 'fp64') * m.traffic.blockedTrafficBytes(dims, s.tile, 'fp64') },
          traffic: { from: `blockedTrafficBytes(n=${n}, tile, fp64)`, value: (m, s) => m.traffic.blockedTrafficBytes(dims, s.tile, 'fp64') },
        },
        traffic: { fullyAssociative: [CACHE], l1d: true },
      });
    };
    return [
      blocked('yours'),
      blocked(32),
      blocked('largest'),
      blocked(64),
      profile({
        id: `ikj-${n}`,
        label: `matmulIkj n=${n} (loop order i, k, j)`,
        setup: inputs,
        run: (m, s) => m.kernels.matmulIkj(s.a, s.b),
        formulas: { flops: { from: '2·n³ (tiledIntensity × blockedTrafficBytes at tile 1)', value: (m) => m.traffic.tiledIntensity(dims, 1, 'fp64') * m.traffic.blockedTrafficBytes(dims, 1, 'fp64') } },
        traffic: { fullyAssociative: [CACHE, SMALL_CACHE], l1d: true },
      }),
      profile({
        id: `ijk-${n}`,
        label: `the textbook loop i, j, k (the course's trusted matmul, not yours), n=${n}: a column of B per output`,
        setup: inputs,
        run: (_m, s) => trustedMatmul(s.a, s.b),
        traffic: { fullyAssociative: [CACHE, SMALL_CACHE], l1d: true },
      }),
    ];
  },
});
