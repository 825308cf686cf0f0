/**
 * Week 6's prediction truths: each answer in predictions.yaml is scored against what your own checked
 * code computes for the question's numbers (the bench questions take theirs from `npm run bench`).
 * Author material (solutions/), like the mutants: the grader passes in your modules.
 */
import { defineTruths } from '../../harness/author.ts';
import type * as traffic from './traffic.ts';
import type * as kernels from './kernels.ts';
import type * as parallel from './parallel.ts';

type Modules = { traffic: typeof traffic; kernels: typeof kernels; parallel: typeof parallel };

/** Week 5's ridge point of the H100 SXM: 9.89e14 bf16 FLOP/s over 3.35e12 B/s of HBM3. */
const H100_RIDGE = 9.89e14 / 3.35e12;

/** The smallest whole n ≥ 1 for which holds(n) (holds is monotone in n), by doubling then bisection; an error past 2^40. */
function smallest(holds: (n: number) => boolean): number {
  let high = 1;
  while (!holds(high)) {
    high *= 2;
    if (high > 2 ** 40) throw new Error('no value up to 2^40 satisfies the condition');
  }
  let low = high / 2;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (holds(mid)) high = mid;
    else low = mid;
  }
  return high;
}

export default defineTruths<Modules>({
  'tile-traffic-bytes': ({ traffic }, given) =>
    traffic.blockedTrafficBytes({ M: given('M'), K: given('K'), N: given('N') }, given('tile'), 'bf16'),
  'tile-intensity': ({ traffic }, given) =>
    traffic.tiledIntensity({ M: given('n'), K: given('n'), N: given('n') }, given('tile'), 'fp32'),
  'largest-bf16-tile': ({ traffic }, given) => traffic.largestTile(given('KiB') * 1024, 'bf16'),
  'workers-with-more-rows': ({ parallel }, given) => {
    const sizes = parallel.partitionRows(given('M'), given('workers')).map(([start, end]) => end - start);
    const most = Math.max(...sizes);
    return sizes.filter((size) => size === most).length;
  },
  'busiest-worker-block-shape': ({ parallel }, given) => {
    const rows = Math.max(...parallel.partitionRows(given('M'), given('workers')).map(([start, end]) => end - start));
    return [rows, given('N')];
  },
  'smallest-compute-bound-tile': ({ traffic }, given) => {
    const n = given('n');
    const ridge = (given('peak_TFLOPs') * 1e12) / (given('bandwidth_GBps') * 1e9);
    return smallest((tile) => traffic.tiledIntensity({ M: n, K: n, N: n }, tile, 'bf16') > ridge);
  },
  'workers-for-speedup': ({ traffic }, given) => smallest((workers) => traffic.amdahlSpeedup(given('percent') / 100, workers) >= given('speedup')),
  'busiest-worker-flops': ({ parallel }, given) => {
    const rows = Math.max(...parallel.partitionRows(given('M'), given('workers')).map(([start, end]) => end - start));
    return 2 * rows * given('K') * given('N');
  },
  'amdahl-many-workers': ({ traffic }, given) => traffic.amdahlSpeedup(given('percent') / 100, given('workers')),
  'h100-tile-bound': ({ traffic }, given) => {
    const n = given('n');
    return traffic.tiledIntensity({ M: n, K: n, N: n }, given('tile'), 'bf16') > H100_RIDGE ? 'compute' : 'memory';
  },
});
