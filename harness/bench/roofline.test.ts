/**
 * The roofline's arithmetic, the findings drawn from results (growth, spans, the batch sweep's
 * bend, warnings), the text report and the week 5 figure, all on hand-made results with round
 * numbers. No test here runs a kernel or asserts a speed.
 */
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../site/figures.ts';
import { caseWarnings, ceilingWarnings, growthOf, measuredGrowth, placeOnRoofline, spansOf, sweepOf } from './analyse.ts';
import type { Ceilings } from './ceilings.ts';
import { logTicks, rooflineFigure } from './figure.ts';
import { bytesText, caseRow, durationText, renderGroup, renderSweep, renderTable, si } from './report.ts';
import { achieved, attainable, bend, ridge, roofline } from './roofline.ts';
import { BenchResults, type CaseResult, type GroupInfo } from './schema.ts';
import { median } from './stats.ts';

const stat = (best: number, spread = 0.02) => ({ best, median: best, spread, passes: [best] });
/** 1 GFLOP/s and 10 GB/s on one core (ridge 0.1 FLOP/byte); 2 GFLOP/s and 15 GB/s on two. */
const CEILINGS: Ceilings = {
  measured: [
    { threads: 1, flopsPerSecond: stat(1e9), bytesPerSecond: stat(1e10) },
    { threads: 2, flopsPerSecond: stat(2e9), bytesPerSecond: stat(1.5e10) },
  ],
  compute: 'test kernel',
  bandwidth: 'test triad',
  triadBytes: 24,
};

type Make = { id: string; series?: string; x?: number; flops?: number | null; bytes?: number | null; seconds?: number | null; spread?: number; cores?: 1 | 'all' };
function result({ id, series = 's', x = 1, flops = 1e6, bytes = 1e6, seconds = 1e-3, spread = 0.02, cores = 1 }: Make): CaseResult {
  const measured: CaseResult['measured'] =
    seconds === null
      ? { status: 'not-implemented', week: 4, fn: 'decodeStep' }
      : { status: 'ok', medianSeconds: seconds, q1Seconds: seconds, q3Seconds: seconds * (1 + spread), spread, batch: 10, steps: 1, clock: 'cpu', samples: [seconds, seconds, seconds * (1 + spread)] };
  return {
    id, group: 'g', series, label: id, week: 4, x, xName: 'B', cores, notes: [], measured,
    flops: { value: flops, from: 'test', ...(flops === null ? { note: 'not implemented yet (week 4: decodeStepFlops)' } : {}) },
    bytes: { value: bytes, from: 'test' },
    roofline: null, flopsPerSecond: null, ofPeak: null, ofRoofline: null,
  };
}

describe('roofline arithmetic', () => {
  const one = { flopsPerSecond: 1e9, bytesPerSecond: 1e10 };

  it('predicts max(FLOPs / peak, bytes / bandwidth) and names the larger term', () => {
    expect(roofline(2e9, 1e9, one)).toEqual({ intensity: 2, computeSeconds: 2, memorySeconds: 0.1, predictedSeconds: 2, bound: 'compute' });
    expect(roofline(1e6, 1e9, one)).toEqual({ intensity: 0.001, computeSeconds: 0.001, memorySeconds: 0.1, predictedSeconds: 0.1, bound: 'memory' });
  });

  it('the ridge is peak over bandwidth, and the attainable FLOP/s bends there', () => {
    expect(ridge(one)).toBe(0.1);
    expect(attainable(0.01, one)).toBe(1e8);
    expect(attainable(0.1, one)).toBe(1e9);
    expect(attainable(10, one)).toBe(1e9);
  });

  it('achieved: FLOP/s from the measured median, as a fraction of the peak and of the roofline time', () => {
    const point = roofline(1e9, 1e8, one); // 1 s of compute, 0.01 s of memory
    expect(achieved(1e9, 4, point, one)).toEqual({ flopsPerSecond: 2.5e8, ofPeak: 0.25, ofRoofline: 0.25 });
  });

  it("a batch sweep bends where compute time overtakes memory time, interpolated exactly for FLOPs and bytes linear in B", () => {
    // per sequence 1e6 FLOPs (1 ms at 1 GFLOP/s); weights 1e8 bytes (10 ms at 10 GB/s) plus 1e6 bytes per sequence (0.1 ms)
    const points = [1, 2, 4, 8, 16, 32].map((B) => ({ x: B, flops: B * 1e6, bytes: 1e8 + B * 1e6 }));
    const result = bend(points, one);
    expect(result.kind).toBe('bends');
    // B·1 ms = 10 ms + B·0.1 ms  =>  B = 10 / 0.9
    expect(result.kind === 'bends' && result.x).toBeCloseTo(10 / 0.9, 9);
    expect(bend(points.slice(0, 2), one)).toEqual({ kind: 'memory-bound throughout' });
    expect(bend(points.slice(4), one)).toEqual({ kind: 'compute-bound throughout' });
  });
});

describe('findings', () => {
  it('placeOnRoofline uses one core for a single-threaded case and every core for one on worker threads', () => {
    const single = placeOnRoofline(result({ id: 'a', flops: 1e9, bytes: 1e6, seconds: 4 }), CEILINGS, 2);
    expect(single.roofline).toMatchObject({ threads: 1, predictedSeconds: 1, bound: 'compute' });
    expect(single).toMatchObject({ flopsPerSecond: 2.5e8, ofPeak: 0.25, ofRoofline: 0.25 });
    const parallel = placeOnRoofline(result({ id: 'b', flops: 1e9, bytes: 1e6, seconds: 1, cores: 'all' }), CEILINGS, 2);
    expect(parallel.roofline).toMatchObject({ threads: 2, predictedSeconds: 0.5 });
    expect(parallel.ofRoofline).toBe(0.5);
  });

  it('placeOnRoofline leaves the roofline empty without a prediction or ceilings, but keeps the FLOP/s it can compute', () => {
    expect(placeOnRoofline(result({ id: 'a', bytes: null }), CEILINGS, 2)).toMatchObject({ roofline: null, flopsPerSecond: 1e9 });
    expect(placeOnRoofline(result({ id: 'a' }), null, 2).roofline).toBeNull();
  });

  it('growth compares each case with the previous one of its series, ordered by x; spans go first to last', () => {
    const results = [
      result({ id: 'b', series: 'cached', x: 32, flops: 20, seconds: 0.2 }),
      result({ id: 'a', series: 'cached', x: 16, flops: 10, seconds: 0.1 }),
      result({ id: 'c', series: 'cached', x: 64, flops: 30, seconds: 0.5 }),
      result({ id: 'd', series: 'other', x: 1, flops: 1, seconds: null }),
    ];
    const growth = growthOf(results);
    expect(growth.map((g) => [g.from, g.to, g.predicted])).toEqual([['a', 'b', 2], ['b', 'c', 1.5]]);
    expect(growth[0]!.measured).toBeCloseTo(2, 12);
    const [span] = spansOf(results);
    expect(span).toMatchObject({ series: 'cached', from: 'a', to: 'c', fromX: 16, toX: 64, predicted: 3 });
    expect(span!.measured).toBeCloseTo(5, 12);
  });

  it('growth is the median of the per-round ratios, so a slow spell that hits both cases of a round cancels; rounds that do not line up fall back to the medians', () => {
    const sampled = (id: string, samples: number[]): CaseResult => {
      const r = result({ id, seconds: 1 });
      return { ...r, measured: { ...(r.measured as Extract<CaseResult['measured'], { status: 'ok' }>), medianSeconds: median(samples), samples } };
    };
    // rounds 2 and 4 were slow for both; round 5 only for a: b is twice a in four rounds of five
    const a = sampled('a', [1, 3, 1, 3, 3]);
    const b = sampled('b', [2, 6, 2, 6, 2]);
    expect(measuredGrowth(a, b)).toBe(2); // the medians alone, 2 over 3, would say it got faster
    expect(measuredGrowth(a, sampled('c', [2, 6, 2, 2]))).toBeCloseTo(2 / 3, 12);
    expect(measuredGrowth(a, result({ id: 'd', seconds: null }))).toBeNull();
  });

  it('growth also carries the roofline’s predicted ratio, from FLOPs and bytes on the ceilings', () => {
    // 1 GFLOP/s and 10 GB/s: a is memory-bound (1e8 B → 10 ms), b compute-bound (2e7 FLOPs → 20 ms)
    const [a, b] = [result({ id: 'a', x: 1, flops: 1e6, bytes: 1e8 }), result({ id: 'b', x: 2, flops: 2e7, bytes: 1e8 })].map((r) => placeOnRoofline(r, CEILINGS, 1));
    const [g] = growthOf([a!, b!]);
    expect(g!.predicted).toBe(20);
    expect(g!.predictedRoofline).toBeCloseTo(2, 12);
  });

  it('sweepOf finds the bend of the group’s sweep series on this machine’s ceilings, and on the FLOP/s the kernel reached', () => {
    const info: GroupInfo = { name: 'g', week: 4, file: 'weeks/04/bench.ts', title: 't', bytes: 'b', sweep: 'batch' };
    const cases = [1, 2, 4, 8, 16, 32].map((B) => placeOnRoofline(result({ id: `b${B}`, series: 'batch', x: B, flops: B * 1e6, bytes: 1e8 + B * 1e6, seconds: B * 2e-3 }), CEILINGS, 2));
    const sweep = sweepOf(info, cases, CEILINGS)!;
    expect(sweep.bend.kind === 'bends' && sweep.bend.x).toBeCloseTo(10 / 0.9, 9);
    // at the 0.5 GFLOP/s reached at B = 32: B·2 ms = 10 ms + B·0.1 ms
    expect(sweep.achieved?.flopsPerSecond).toBeCloseTo(5e8, 3);
    expect(sweep.achieved?.bend.kind === 'bends' && sweep.achieved.bend.x).toBeCloseTo(10 / 1.9, 9);
    expect(renderSweep(sweep)).toMatch(/bends at B ≈ 11.*grew ×32\.00.*500 MFLOP\/s the kernel reaches at B=32, arithmetic outweighs reading memory from B ≈ 5\.3/);
    expect(sweepOf({ ...info, sweep: undefined }, cases, CEILINGS)).toBeUndefined();
  });

  it('warns when a case or a ceiling spreads by more than 10 %, and not otherwise', () => {
    expect(caseWarnings([result({ id: 'a' }), result({ id: 'b' })])).toEqual([]);
    const [warning] = caseWarnings([result({ id: 'calm' }), result({ id: 'noisy', spread: 0.4 })]);
    expect(warning).toMatch(/1 of 2 cases varied by more than 10 %.*noisy, 40 %.*busy/);
    expect(ceilingWarnings(CEILINGS)).toEqual([]);
    const busy = { ...CEILINGS, measured: [{ ...CEILINGS.measured[0]!, bytesPerSecond: stat(1e10, 0.3) }] };
    expect(ceilingWarnings(busy)).toEqual([expect.stringMatching(/memory bandwidth ceiling on 1 thread\(s\) varied by 30 %.*unreliable/)]);
    expect(ceilingWarnings('it crashed')[0]).toMatch(/not measured \(it crashed\)/);
  });
});

describe('the text report', () => {
  it('si, bytesText and durationText print three significant digits with the right unit', () => {
    expect(si(1234567)).toBe('1.23 M');
    expect(si(999)).toBe('999');
    expect(bytesText(1024 * 1023.9)).toBe('1024 KiB');
    expect(bytesText(3 * 1024 ** 2)).toBe('3.00 MiB');
    expect(durationText(0.000456)).toBe('456 µs');
    expect(durationText(0.0123)).toBe('12.3 ms');
  });

  it('renderTable pads every column to its widest cell and underlines the header', () => {
    expect(renderTable(['a', 'bb', 'c'], [['xxx', 'y', 'z'], ['x', 'yyy', '']])).toBe(['a    bb   c', '---  ---  -', 'xxx  y    z', 'x    yyy'].join('\n'));
  });

  it('a row shows the roofline, the median with its spread, the fractions reached and the growth', () => {
    const r = placeOnRoofline(result({ id: 'x', flops: 1e9, bytes: 1e6, seconds: 4, spread: 0.3 }), CEILINGS, 2);
    const row = caseRow(r, { series: 's', from: 'w', to: 'x', predicted: 4, predictedRoofline: null, measured: 3.9 });
    expect(row).toEqual(['x', '1.00 G', '977 KiB', '1.0e+3', '1.00 s compute', '4.00 s ±15 % (busy!)', '250 MFLOP/s', '25 %', '25 %', '×3.90 vs ×4.00']);
  });

  it('a stub reads "not implemented yet (week N: fn)", and the group header says what its bytes count', () => {
    const stub = result({ id: 'x', flops: null, seconds: null });
    const row = caseRow(stub, undefined);
    expect(row[1]).toBe('— not implemented yet (week 4: decodeStepFlops)');
    expect(row[5]).toBe('not implemented yet (week 4: decodeStep)');
    const info: GroupInfo = { name: 'g', week: 4, file: 'solutions/04-x/bench.ts', title: 'a title', bytes: 'the weights read once' };
    expect(renderGroup(info, [stub], []).split('\n').slice(0, 2)).toEqual(['g — a title (solutions/04-x/bench.ts)', 'bytes: the weights read once']);
    const beyond = placeOnRoofline(result({ id: 'beyond', flops: 1e6, bytes: 1e9, seconds: 0.05 }), CEILINGS, 2); // memory roofline 0.1 s
    expect(beyond.ofRoofline).toBe(2);
    expect(renderGroup(info, [beyond], [])).toMatch(/beyond: faster than its roofline, so fewer bytes moved from memory than its formula counts/);
  });
});

describe('the roofline figure', () => {
  const cases = [
    placeOnRoofline({ ...result({ id: 'decode-cache-16', series: 'decode with KV cache', x: 16, flops: 2e5, bytes: 1e6, seconds: 5e-4 }), xName: 't' }, CEILINGS, 2),
    placeOnRoofline({ ...result({ id: 'decode-recompute-16', series: 'decode without cache', x: 16, flops: 4e6, bytes: 1e6, seconds: 6e-3 }), xName: 't' }, CEILINGS, 2),
    placeOnRoofline(result({ id: 'mm-parallel-256', series: 'parallel', x: 256, flops: 3e7, bytes: 1.5e6, seconds: 0.03, cores: 'all' }), CEILINGS, 2),
    placeOnRoofline(result({ id: 'stub', series: 'stub', seconds: null }), CEILINGS, 2),
  ];
  const results: BenchResults = {
    version: 2, tree: 'weeks', commit: 'abc', dirty: false, createdAt: '2026-11-29T12:00:00Z', quick: false,
    machine: { cpu: 'test', cores: 2, node: 'v20', caches: { l1d: null, l2: null, l3: null }, loadAverage: [0] },
    ceilings: CEILINGS, groups: [], cases, growth: [], warnings: [], wallSeconds: 1,
  };

  it('draws log–log axes near the data, a roofline per core count, and one labelled point per measured case', () => {
    expect(BenchResults.safeParse(results).success).toBe(true);
    const { spec, description } = rooflineFigure(results)!;
    const layers = spec.layer as { data: { values: Record<string, unknown>[] }; mark: { type: string }; encoding: Record<string, { scale?: { type?: string; domain?: number[] } }> }[];
    const points = layers.find((l) => l.mark.type === 'point')!;
    expect(points.data.values.map((p) => p.size)).toEqual(['t=16', 't=16', 'B=256']);
    expect(points.encoding.x!.scale!.type).toBe('log');
    expect(points.encoding.y!.scale!.type).toBe('log');
    const [xMin, xMax] = points.encoding.x!.scale!.domain!;
    expect(xMin).toBeGreaterThan(0.1 / 2); // the smallest of the intensities (0.2) and the ridges (0.1, 0.13)
    expect(xMax).toBeLessThan(20 * 3); // the largest is 20
    const roof = layers.find((l) => l.mark.type === 'line')!;
    expect(new Set(roof.data.values.map((v) => v.ceiling))).toEqual(new Set(['1 core', '2 cores']));
    expect(description).toMatch(/1\.0 GFLOP\/s on one core.*10 GB\/s.*ridge, 0\.10 FLOP\/byte.*dashed, the same for all 2 cores.*3 points/);
  });

  it('tells cached from recomputed decode by shape as well as colour, with text of at least 11 px', () => {
    const { spec } = rooflineFigure(results)!;
    const layers = spec.layer as { mark: { type: string; fontSize?: number }; encoding: Record<string, { field?: string; scale?: { range?: unknown[] } }> }[];
    const points = layers.find((l) => l.mark.type === 'point')!;
    expect(points.encoding.shape!.field).toBe('series');
    expect(points.encoding.color!.field).toBe('series');
    const shapes = points.encoding.shape!.scale!.range!;
    expect(shapes[0]).not.toBe(shapes[1]); // decode with KV cache, decode without cache
    expect(new Set(shapes).size, 'every series its own shape').toBe(shapes.length);
    expect(shapes.length).toBeGreaterThanOrEqual(12);
    for (const text of layers.filter((l) => l.mark.type === 'text')) expect(text.mark.fontSize).toBeGreaterThanOrEqual(11);
    const config = spec.config as { axis: { labelFontSize: number; titleFontSize: number }; legend: { labelFontSize: number } };
    expect(Math.min(config.axis.labelFontSize, config.axis.titleFontSize, config.legend.labelFontSize)).toBeGreaterThanOrEqual(11);
  });

  it('labels only the largest size of each series, and writes fractions of the roofline as plain percentages', () => {
    const bigger = placeOnRoofline({ ...result({ id: 'decode-cache-64', series: 'decode with KV cache', x: 64, flops: 2e5, bytes: 1e6, seconds: 2.05e-3 }), xName: 't' }, CEILINGS, 2);
    const { spec, description } = rooflineFigure({ ...results, cases: [cases[0]!, bigger] })!;
    const layers = spec.layer as { data: { values: Record<string, unknown>[] }; mark: { type: string } }[];
    const labels = layers.filter((l) => l.mark.type === 'text').flatMap((l) => l.data.values.flatMap((v) => (typeof v.size === 'string' ? [v.size] : [])));
    expect(labels).toEqual(['t=64']);
    expect(bigger.ofRoofline).toBeGreaterThan(0.095);
    expect(bigger.ofRoofline).toBeLessThan(0.1);
    expect(description).toMatch(/reach 10 % to /);
    expect(description).not.toMatch(/e\+/);
  });

  it('log axes are labelled at powers of ten, or at 1, 2 and 5 times them when the data span less than three decades', () => {
    expect(logTicks(0.01, 1000)).toEqual([0.01, 0.1, 1, 10, 100, 1000]);
    expect(logTicks(0.06, 5.7)).toEqual([0.1, 0.2, 0.5, 1, 2, 5]);
  });

  it('renders to SVG with vega, and draws nothing without ceilings or measured cases', async () => {
    const svg = await renderSvg(rooflineFigure(results)!.spec);
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('compute 1.0 GFLOP/s (1 core)');
    expect(rooflineFigure({ ...results, ceilings: null })).toBeUndefined();
    expect(rooflineFigure({ ...results, cases: [cases[3]!] })).toBeUndefined();
  }, 30_000);
});
