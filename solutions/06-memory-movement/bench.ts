/**
 * Week 6 on the clock (`npm run bench`): the same [n, n] @ [n, n] four ways, at n = 256, 512 and 1024:
 * week 1's matmul, matmulIkj, matmulBlocked at your tile (largestTile of this machine's L2 per core,
 * fp64, as the spec says) and parallelMatmul on every core. Each is placed on this machine's roofline
 * by the bytes your blockedTrafficBytes says it moves: tiling moves a kernel to the right, towards
 * the compute ceiling. Case ids are fixed (mm-naive-512, ...): predictions refer to them.
 * Author material (solutions/), like the mutants: the bench passes in your modules (or the reference with --reference).
 */
import { createRng, KiB, randn, type Tensor } from '../../harness/runtime/index.ts';
import { type BenchMachine, defineBench, type Formula } from '../../harness/author.ts';
import type * as linear from '../01-linear/linear.ts';
import type * as kernels from './kernels.ts';
import type * as parallel from './parallel.ts';
import type * as traffic from './traffic.ts';

type Modules = { linear: typeof linear; kernels: typeof kernels; parallel: typeof parallel; traffic: typeof traffic };

const SIZES = [256, 512, 1024];
/** The spec's L2 for this course's machine, when the system does not say. */
const FALLBACK_L2 = 512 * KiB;

const l2 = (machine: BenchMachine): number => machine.caches.l2 ?? FALLBACK_L2;
const tileOf = (m: Modules, machine: BenchMachine): number => m.traffic.largestTile(l2(machine), 'fp64');

/** The two inputs of one size, made once and shared by the four kernels. */
const inputs = new Map<number, { a: Tensor; b: Tensor }>();
function inputsOf(n: number): { a: Tensor; b: Tensor } {
  let pair = inputs.get(n);
  if (!pair) inputs.set(n, (pair = { a: randn([n, n], createRng(n)), b: randn([n, n], createRng(n + 1)) }));
  return pair;
}

type Kernel = { name: string; title: string; tiled: boolean; cores?: 'all'; run(m: Modules, a: Tensor, b: Tensor, tile: number, cores: number): unknown };

const KERNELS: Kernel[] = [
  { name: 'naive', title: 'naive (week 1 matmul)', tiled: false, run: (m, a, b) => m.linear.matmul(a, b) },
  { name: 'ikj', title: 'matmulIkj', tiled: false, run: (m, a, b) => m.kernels.matmulIkj(a, b) },
  { name: 'blocked', title: 'matmulBlocked', tiled: true, run: (m, a, b, tile) => m.kernels.matmulBlocked(a, b, tile) },
  { name: 'parallel', title: 'parallelMatmul', tiled: true, cores: 'all', run: (m, a, b, _tile, cores) => m.parallel.parallelMatmul(a, b, cores) },
];

/** The tile a kernel's traffic is counted at: 1 (no reuse) untiled, your tile tiled. */
const tileFor = (k: Kernel, m: Modules, machine: BenchMachine): number => (k.tiled ? tileOf(m, machine) : 1);

function flops(k: Kernel, n: number): Formula<Modules> {
  const dims = { M: n, K: n, N: n };
  return {
    from: 'tiledIntensity × blockedTrafficBytes, fp64 (week 6): 2·n³',
    value: (m, { machine }) => m.traffic.tiledIntensity(dims, tileFor(k, m, machine), 'fp64') * m.traffic.blockedTrafficBytes(dims, tileFor(k, m, machine), 'fp64'),
  };
}

function bytes(k: Kernel, n: number): Formula<Modules> {
  return {
    from: k.tiled ? 'blockedTrafficBytes(dims, your tile, fp64) (week 6)' : 'blockedTrafficBytes(dims, 1, fp64) (week 6): no reuse',
    value: (m, { machine }) => m.traffic.blockedTrafficBytes({ M: n, K: n, N: n }, tileFor(k, m, machine), 'fp64'),
  };
}

export default defineBench<Modules>({
  'memory-movement': {
    title: 'one [n, n] @ [n, n] four ways: week 1’s matmul, matmulIkj, matmulBlocked at your tile, parallelMatmul on every core',
    bytes: 'what blockedTrafficBytes (week 6) says moves between memory and cache, fp64: at tile 1 (no reuse) for matmul and matmulIkj, at your tile, largestTile(L2 per core, fp64), for matmulBlocked and parallelMatmul',
    cases: (kernel) =>
      KERNELS.flatMap((k) =>
        SIZES.map((n) =>
          kernel({
            id: `mm-${k.name}-${n}`,
            series: k.title,
            label: `${k.title} n=${n}`,
            x: n,
            xName: 'n',
            ...(k.cores ? { cores: k.cores } : {}),
            flops: flops(k, n),
            bytes: bytes(k, n),
            setup: (m, { machine, note }) => {
              // only matmulBlocked takes the tile; parallelMatmul tiles inside its workers as it sees fit
              const tile = k.name === 'blocked' ? tileOf(m, machine) : 0;
              if (k.name === 'blocked' && n === SIZES[0]) note(`tile ${tile} = largestTile(${l2(machine) / KiB} KiB L2 per core, fp64)${machine.caches.l2 === null ? ' (the L2 size is the spec’s: this system does not say)' : ''}`);
              if (k.cores && n === SIZES[0]) note(`on ${machine.cores} workers, one per core`);
              return { ...inputsOf(n), tile, cores: machine.cores };
            },
            run: (m, { a, b, tile, cores }) => k.run(m, a, b, tile, cores),
          }),
        ),
      ),
  },
});
