import { describe, expect, it } from 'vitest';
import { bytesPerElement, KiB, MiB, type DType } from '../../harness/runtime/index.ts';
import { expectCloseNumber } from '../../harness/testing/close.ts';
import { readWeekSpec } from '../../harness/testing/spec.ts';
import { amdahlSpeedup, blockedTrafficBytes, largestTile, tiledIntensity } from './traffic.ts';

const spec = readWeekSpec(import.meta.url);

type Dims = { M: number; K: number; N: number };

const traffic = spec.example('traffic');
const worked: Dims = { M: spec.number('traffic', 'M'), K: spec.number('traffic', 'K'), N: spec.number('traffic', 'N') };
const workedDtype = traffic.dtype as DType;
const workedBytes = traffic.bytes as Record<string, number>;
const workedIntensity = traffic.intensity as Record<string, number>;
/** The tiles of the worked example, from its keys `tile_32`. */
const workedTiles = Object.keys(workedBytes).map((key) => Number(key.replace('tile_', '')));

/** Non-square dims, so that M·N, M·K and K·N all differ. */
const DIM_CASES: Dims[] = [
  { M: 64, K: 128, N: 32 },
  { M: 96, K: 48, N: 240 },
  { M: 1, K: 7, N: 3 },
];

/**
 * A trusted count of what a square-tiled schedule moves under the spec's model, by running the schedule
 * (never a closed form): for every output tile, every k tile of A and of B is loaded, then the C tile is
 * stored once. Values, not bytes; tile must divide M, K and N.
 */
function simulateTiledSchedule({ M, K, N }: Dims, tile: number): { reads: number; writes: number } {
  let reads = 0;
  let writes = 0;
  for (let i0 = 0; i0 < M; i0 += tile) {
    for (let j0 = 0; j0 < N; j0 += tile) {
      for (let k0 = 0; k0 < K; k0 += tile) {
        reads += tile * tile; // the A tile [i0, k0]
        reads += tile * tile; // the B tile [k0, j0]
      }
      writes += tile * tile; // the finished C tile [i0, j0]
    }
  }
  return { reads, writes };
}

/** Tiles that divide every dim of the case. */
const dividingTiles = ({ M, K, N }: Dims): number[] => [1, 2, 3, 4, 8, 16, 48].filter((t) => M % t === 0 && K % t === 0 && N % t === 0);

describe('memory', { tags: ['memory'] }, () => {
  it('blockedTrafficBytes matches the worked example for every tile', () => {
    for (const tile of workedTiles) {
      expect(blockedTrafficBytes(worked, tile, workedDtype), `tile ${tile}, ${workedDtype}`).toBe(workedBytes[`tile_${tile}`]);
    }
  });

  it('blockedTrafficBytes equals a tiled schedule run value by value: every A and B tile read for each output tile, times the bytes per element', () => {
    for (const dims of DIM_CASES) {
      for (const tile of dividingTiles(dims)) {
        const { reads, writes } = simulateTiledSchedule(dims, tile);
        for (const dtype of ['fp64', 'fp32', 'bf16'] as const) {
          expect(blockedTrafficBytes(dims, tile, dtype), `M=${dims.M}, K=${dims.K}, N=${dims.N}, tile ${tile}, ${dtype}: ${reads} values read and ${writes} written`).toBe((reads + writes) * bytesPerElement(dtype));
        }
      }
    }
  });

  it('blockedTrafficBytes with tile 1 is the no-reuse bound: each multiply-add fetches both operands, so the reads grow with K', () => {
    for (const dims of DIM_CASES) {
      const { reads, writes } = simulateTiledSchedule(dims, 1);
      expect(blockedTrafficBytes(dims, 1, 'fp64'), `M=${dims.M}, K=${dims.K}, N=${dims.N} at tile 1 (no tile saved anything)`).toBe((reads + writes) * 8);
    }
  });

  it('blockedTrafficBytes counts the output written once: doubling K doubles only the reads, the M·N values of C stay', () => {
    for (const dims of DIM_CASES) {
      for (const tile of dividingTiles(dims)) {
        const once = blockedTrafficBytes(dims, tile, 'fp64');
        const twice = blockedTrafficBytes({ ...dims, K: 2 * dims.K }, tile, 'fp64');
        expect(2 * once - twice, `M=${dims.M}, K=${dims.K}, N=${dims.N}, tile ${tile}: the bytes that do not grow with K (C, [M, N] in fp64)`).toBe(dims.M * dims.N * 8);
      }
    }
  });

  it('blockedTrafficBytes halves the reads when the tile doubles: each value brought in serves twice as many multiply-adds', () => {
    for (const dims of DIM_CASES) {
      const tiles = dividingTiles(dims).filter((t) => dividingTiles(dims).includes(2 * t));
      for (const tile of tiles) {
        const reads = (t: number) => blockedTrafficBytes(dims, t, 'fp32') - dims.M * dims.N * 4;
        expect(reads(2 * tile), `M=${dims.M}, K=${dims.K}, N=${dims.N}: reads at tile ${2 * tile} against tile ${tile}`).toBe(reads(tile) / 2);
      }
    }
  });

  it('largestTile fits three tiles in 32 KiB, 1 MiB and 32 MiB, for fp64 and fp32 (the worked example)', () => {
    const table = spec.example('tiles') as Record<string, Record<string, number>>;
    const caches: Record<string, number> = { '32KiB': 32 * KiB, '1MiB': MiB, '32MiB': 32 * MiB };
    for (const [name, cacheBytes] of Object.entries(caches)) {
      for (const dtype of ['fp64', 'fp32'] as const) {
        const tile = table[name]?.[dtype];
        if (tile === undefined) throw new Error(`spec example tiles needs ${name}.${dtype}`);
        expect(largestTile(cacheBytes, dtype), `largestTile(${cacheBytes}, '${dtype}'): one tile each of A, B and C must fit at once`).toBe(tile);
      }
    }
  });

  it('largestTile is exact at the boundary: three tiles that fill the cache exactly fit, one byte less does not (the spec\'s cases)', () => {
    for (const c of spec.example('tile_boundary').cases as Array<{ cacheBytes: number; dtype: DType; tile: number }>) {
      expect(largestTile(c.cacheBytes, c.dtype), `largestTile(${c.cacheBytes}, '${c.dtype}')`).toBe(c.tile);
    }
  });

  it('largestTile is 0 when not even three 1 × 1 tiles fit', () => {
    expect(largestTile(2, 'int8'), 'two bytes, int8').toBe(0);
    expect(largestTile(23, 'fp64'), '23 bytes, fp64').toBe(0);
  });
});

describe('flops', { tags: ['flops'] }, () => {
  it('tiledIntensity is the matmul\'s FLOPs over the traffic bytes (the worked example)', () => {
    for (const tile of workedTiles) {
      const expected = workedIntensity[`tile_${tile}`];
      if (expected === undefined) throw new Error(`spec example traffic needs intensity.tile_${tile}`);
      expectCloseNumber(`spec: intensity.tile_${tile} times bytes.tile_${tile} is the example's FLOPs`, expected * workedBytes[`tile_${tile}`]!, spec.number('traffic', 'flops'), { rtol: 1e-12 });
      expectCloseNumber(`tiledIntensity(tile ${tile}, ${workedDtype})`, tiledIntensity(worked, tile, workedDtype), expected, { rtol: 1e-12 });
    }
  });

  it('tiledIntensity divides by bytes, so fp32 doubles the fp64 intensity at the same tile', () => {
    for (const dims of DIM_CASES) {
      for (const tile of [1, dims.K]) {
        const ratio = tiledIntensity(dims, tile, 'fp32') / tiledIntensity(dims, tile, 'fp64');
        expectCloseNumber(`fp32 over fp64 intensity for M=${dims.M}, K=${dims.K}, N=${dims.N}, tile ${tile}`, ratio, 2, { rtol: 1e-12 });
      }
    }
  });
});

describe('behaviour', { tags: ['behaviour'] }, () => {
  it('amdahlSpeedup is 1 when nothing runs in parallel, whatever the number of workers', () => {
    for (const workers of [1, 2, 3, 64]) expectCloseNumber(`amdahlSpeedup(0, ${workers})`, amdahlSpeedup(0, workers), 1, { rtol: 1e-12 });
  });

  it('amdahlSpeedup equals the number of workers when everything runs in parallel', () => {
    for (const workers of [1, 2, 3, 64]) expectCloseNumber(`amdahlSpeedup(1, ${workers})`, amdahlSpeedup(1, workers), workers, { rtol: 1e-12 });
  });

  it('amdahlSpeedup matches the worked example and approaches its limit with very many workers', () => {
    const p = spec.number('amdahl', 'parallel_fraction');
    const workers = spec.number('amdahl', 'workers');
    expectCloseNumber(`amdahlSpeedup(${p}, ${workers})`, amdahlSpeedup(p, workers), spec.number('amdahl', 'speedup'), { rtol: 1e-12 });
    expectCloseNumber(`amdahlSpeedup(${p}, 1e9)`, amdahlSpeedup(p, 1e9), spec.number('amdahl', 'limit'), { rtol: 1e-6 });
  });

  it('amdahlSpeedup rejects a fraction outside [0, 1] and fewer than 1 worker with a RangeError', () => {
    expect(() => amdahlSpeedup(1.5, 2)).toThrow(RangeError);
    expect(() => amdahlSpeedup(-0.1, 2)).toThrow(RangeError);
    expect(() => amdahlSpeedup(0.5, 0)).toThrow(RangeError);
  });
});
