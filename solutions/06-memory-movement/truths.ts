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

export default defineTruths<Modules>({
  'tile-traffic-bytes': ({ traffic }, given) =>
    traffic.blockedTrafficBytes({ M: given('M'), K: given('K'), N: given('N') }, given('tile'), 'bf16'),
  'tile-intensity': ({ traffic }, given) =>
    traffic.tiledIntensity({ M: given('n'), K: given('n'), N: given('n') }, given('tile'), 'fp32'),
  'largest-bf16-tile': ({ traffic }, given) => traffic.largestTile(given('KiB') * 1024, 'bf16'),
  'last-worker-rows': ({ parallel }, given) => [...parallel.partitionRows(given('M'), given('workers')).at(-1)!],
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
