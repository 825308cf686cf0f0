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

describe('memory', { tags: ['memory'] }, () => {
  it('blockedTrafficBytes matches the worked example for every tile', () => {
    const bytes = bytesPerElement(workedDtype);
    for (const tile of workedTiles) {
      const { M, K, N } = worked;
      expect(workedBytes[`tile_${tile}`], `spec bytes.tile_${tile}`).toBe(((2 * M * N * K) / tile + M * N) * bytes);
      expect(blockedTrafficBytes(worked, tile, workedDtype), `tile ${tile}, ${workedDtype}`).toBe(workedBytes[`tile_${tile}`]);
    }
  });

  it('blockedTrafficBytes with tile 1 is the no-reuse bound: A and B read once per multiply-add, C written once', () => {
    for (const dims of DIM_CASES) {
      for (const dtype of ['fp64', 'fp32', 'bf16'] as const) {
        const { M, K, N } = dims;
        expect(blockedTrafficBytes(dims, 1, dtype), `M=${M}, K=${K}, N=${N}, ${dtype}`).toBe((2 * M * K * N + M * N) * bytesPerElement(dtype));
      }
    }
  });

  it('blockedTrafficBytes counts the output written once: M·N values on top of the tile reads', () => {
    for (const dims of DIM_CASES) {
      const { M, K, N } = dims;
      const tile = K; // one k tile: each output tile reads one tile of A and one of B
      const reads = ((2 * M * N * K) / tile) * 8;
      expect(blockedTrafficBytes(dims, tile, 'fp64') - reads, `bytes beyond the reads for M=${M}, K=${K}, N=${N} (fp64)`).toBe(M * N * 8);
    }
  });

  it('largestTile fits three tiles in 32 KiB, 1 MiB and 32 MiB, for fp64 and fp32 (the worked example)', () => {
    const table = spec.example('tiles') as Record<string, Record<string, number>>;
    const caches: Record<string, number> = { '32KiB': 32 * KiB, '1MiB': MiB, '32MiB': 32 * MiB };
    for (const [name, cacheBytes] of Object.entries(caches)) {
      for (const dtype of ['fp64', 'fp32'] as const) {
        const tile = table[name]?.[dtype];
        const b = bytesPerElement(dtype);
        if (tile === undefined) throw new Error(`spec example tiles needs ${name}.${dtype}`);
        // The spec's value is the largest whole tile whose three tiles fit.
        expect(3 * tile ** 2 * b <= cacheBytes && 3 * (tile + 1) ** 2 * b > cacheBytes, `spec tiles.${name}.${dtype} = ${tile}`).toBe(true);
        expect(largestTile(cacheBytes, dtype), `largestTile(${cacheBytes}, '${dtype}')`).toBe(tile);
      }
    }
  });

  it('largestTile is exact at the boundary: three tiles of exactly cacheBytes fit, one byte less does not', () => {
    for (const [tile, dtype] of [[100, 'fp64'], [37, 'fp32'], [181, 'bf16'], [1, 'int8']] as const) {
      const exact = 3 * tile * tile * bytesPerElement(dtype);
      expect(largestTile(exact, dtype), `largestTile(${exact}, '${dtype}')`).toBe(tile);
      expect(largestTile(exact - 1, dtype), `largestTile(${exact - 1}, '${dtype}')`).toBe(tile - 1);
    }
  });
});

describe('flops', { tags: ['flops'] }, () => {
  it('tiledIntensity is 2·M·K·N FLOPs over the traffic bytes (the worked example)', () => {
    const { M, K, N } = worked;
    for (const tile of workedTiles) {
      const expected = workedIntensity[`tile_${tile}`];
      if (expected === undefined) throw new Error(`spec example traffic needs intensity.tile_${tile}`);
      expectCloseNumber(`spec intensity.tile_${tile}`, expected, (2 * M * K * N) / workedBytes[`tile_${tile}`]!, { rtol: 1e-12 });
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

  it('amdahlSpeedup matches the worked example and approaches 1 / (1 − p) with very many workers', () => {
    const p = spec.number('amdahl', 'parallel_fraction');
    const workers = spec.number('amdahl', 'workers');
    expectCloseNumber('spec amdahl.speedup', spec.number('amdahl', 'speedup'), 1 / (1 - p + p / workers), { rtol: 1e-12 });
    expectCloseNumber('spec amdahl.limit', spec.number('amdahl', 'limit'), 1 / (1 - p), { rtol: 1e-12 });
    expectCloseNumber(`amdahlSpeedup(${p}, ${workers})`, amdahlSpeedup(p, workers), spec.number('amdahl', 'speedup'), { rtol: 1e-12 });
    expectCloseNumber(`amdahlSpeedup(${p}, 1e9)`, amdahlSpeedup(p, 1e9), spec.number('amdahl', 'limit'), { rtol: 1e-6 });
  });

  it('amdahlSpeedup rejects a fraction outside [0, 1] and fewer than 1 worker with a RangeError', () => {
    expect(() => amdahlSpeedup(1.5, 2)).toThrow(RangeError);
    expect(() => amdahlSpeedup(-0.1, 2)).toThrow(RangeError);
    expect(() => amdahlSpeedup(0.5, 0)).toThrow(RangeError);
  });
});
