import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NotImplemented } from '../runtime/index.ts';
import { parseArgs } from '../commands/bench.ts';
import { casesFor, type BenchCase } from './cases.ts';
import { bytesText, caseRow, durationText, growthOf, kvCacheSummary, renderTable, si } from './report.ts';
import { missingResults, runGroup } from './run.ts';
import { BenchResults, GROUPS, type CaseResult } from './schema.ts';
import { median, ratio, sample, type TimingOptions } from './stats.ts';
import { loadModules, predict, runCase } from './worker.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ONCE: TimingOptions = { warmup: 0, warmupSeconds: 0, minSamples: 1, maxSamples: 1, budgetSeconds: 0 };

/** A case result with a measured median (or a status) and a predicted FLOP count. */
function result(id: string, series: string, x: number, flops: number | null, secondsOrStatus: number | CaseResult['measured']): CaseResult {
  const measured = typeof secondsOrStatus === 'number' ? { status: 'ok' as const, medianSeconds: secondsOrStatus, samples: [secondsOrStatus] } : secondsOrStatus;
  return {
    id, group: 'decode', series, label: id, week: 4, x, xName: 't', measured, flopsPerSecond: null,
    flops: { value: flops, from: 'test' }, bytes: { value: 1024, from: 'test' },
  };
}

describe('statistics', () => {
  it('median takes the middle value, the mean of the two middle values for an even count, NaN for none', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('sample warms up untimed, times only run (not prepare), and settles before each timed run', () => {
    let now = 0;
    const calls: string[] = [];
    const clock = () => now;
    const samples = sample(
      () => { calls.push('prepare'); now += 100; return 'state'; },
      () => { calls.push('run'); now += 2; },
      { warmup: 2, warmupSeconds: 0, minSamples: 3, maxSamples: 10, budgetSeconds: 0, settle: () => calls.push('settle') },
      clock,
    );
    expect(samples).toEqual([0.002, 0.002, 0.002]);
    expect(calls.slice(0, 4)).toEqual(['prepare', 'run', 'prepare', 'run']);
    expect(calls.slice(4)).toEqual(['prepare', 'settle', 'run', 'prepare', 'settle', 'run', 'prepare', 'settle', 'run']);
  });

  it('sample keeps going until the time budget is spent, but never past maxSamples', () => {
    let now = 0;
    const tick = (ms: number) => () => void (now += ms);
    const budgeted = sample(() => 0, tick(100), { warmup: 0, warmupSeconds: 0, minSamples: 2, maxSamples: 50, budgetSeconds: 0.45 }, () => now);
    expect(budgeted).toHaveLength(5);
    const capped = sample(() => 0, tick(1), { warmup: 0, warmupSeconds: 0, minSamples: 2, maxSamples: 4, budgetSeconds: 10 }, () => now);
    expect(capped).toHaveLength(4);
  });

  it('sample warms up for at least warmupSeconds when single runs are short', () => {
    let now = 0;
    let runs = 0;
    sample(() => 0, () => { runs++; now += 10; }, { warmup: 1, warmupSeconds: 0.05, minSamples: 1, maxSamples: 1, budgetSeconds: 0 }, () => now);
    expect(runs).toBe(5 + 1);
  });

  it('ratio divides next by previous and gives null when either is missing or the base is not positive', () => {
    expect(ratio(2, 8)).toBe(4);
    expect(ratio(null, 8)).toBeNull();
    expect(ratio(2, null)).toBeNull();
    expect(ratio(0, 8)).toBeNull();
  });
});

describe('growth', () => {
  it('growthOf compares each case with the previous one of its series, ordered by x', () => {
    const results = [
      result('b', 'cached', 32, 20, 0.2),
      result('a', 'cached', 16, 10, 0.1),
      result('c', 'recompute', 16, 100, 1),
      result('d', 'recompute', 32, 400, 3),
    ];
    const growth = growthOf(results);
    expect(growth).toHaveLength(2);
    expect(growth[0]).toMatchObject({ series: 'cached', from: 'a', to: 'b', predicted: 2 });
    expect(growth[0]!.measured).toBeCloseTo(2, 12);
    expect(growth[1]).toMatchObject({ series: 'recompute', from: 'c', to: 'd', predicted: 4, measured: 3 });
  });

  it('growthOf leaves the measured ratio empty when a case was not measured', () => {
    const growth = growthOf([result('a', 's', 1, 10, 0.1), result('b', 's', 2, 20, { status: 'not-implemented', week: 4, fn: 'decodeStep' })]);
    expect(growth[0]).toMatchObject({ predicted: 2, measured: null });
  });

  it('kvCacheSummary reports first-to-last growth with and without the cache', () => {
    const results = [
      result('c16', 'decode with KV cache', 16, 100, 0.001),
      result('c128', 'decode with KV cache', 128, 110, 0.0011),
      result('r16', 'decode without cache', 16, 1000, 0.01),
      result('r128', 'decode without cache', 128, 8000, 0.08),
    ];
    expect(kvCacheSummary(results)).toBe(
      'KV cache: from t=16 to t=128 the time per new token grew ×1.10 with the cache (predicted ×1.10) and ×8.00 without it (predicted ×8.00).',
    );
    expect(kvCacheSummary(results.slice(0, 2)), 'no summary without both series').toBeUndefined();
  });
});

describe('table rendering', () => {
  it('si, bytesText and durationText print three significant digits with the right unit', () => {
    expect(si(1234567)).toBe('1.23 M');
    expect(si(999)).toBe('999');
    expect(si(2.5e9)).toBe('2.50 G');
    expect(bytesText(1024 * 1023.9)).toBe('1024 KiB');
    expect(bytesText(3 * 1024 ** 2)).toBe('3.00 MiB');
    expect(bytesText(100)).toBe('100 B');
    expect(durationText(0.000456)).toBe('456 µs');
    expect(durationText(0.0123)).toBe('12.3 ms');
    expect(durationText(2)).toBe('2.00 s');
  });

  it('renderTable pads every column to its widest cell and underlines the header', () => {
    expect(renderTable(['a', 'bb', 'c'], [['xxx', 'y', 'z'], ['x', 'yyy', '']])).toBe(
      ['a    bb   c', '---  ---  -', 'xxx  y    z', 'x    yyy'].join('\n'),
    );
  });

  it('caseRow says "not implemented yet (week N: fn)" for a stub and shows the prediction note', () => {
    const stub = result('x', 's', 1, null, { status: 'not-implemented', week: 3, fn: 'attentionForward' });
    stub.flops.note = 'not implemented yet (week 3)';
    const row = caseRow(stub, undefined);
    expect(row[1]).toBe('— not implemented yet (week 3)');
    expect(row[3]).toBe('not implemented yet (week 3: attentionForward)');
  });

  it('caseRow shows measured against predicted growth', () => {
    const row = caseRow(result('b', 's', 2, 8, 0.004), { series: 's', from: 'a', to: 'b', predicted: 4, measured: 3.9 });
    expect(row[5]).toBe('×3.90 vs ×4.00');
  });
});

describe('cases and results', () => {
  it('every group has cases with unique ids, and every series grows in x', () => {
    const all = GROUPS.flatMap((g) => casesFor(g));
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    for (const group of GROUPS) {
      const cases = casesFor(group);
      expect(cases.length, group).toBeGreaterThan(1);
      for (const series of new Set(cases.map((c) => c.series))) {
        const xs = cases.filter((c) => c.series === series).map((c) => c.x);
        expect(xs.length, series).toBeGreaterThan(1);
        expect([...xs].sort((a, b) => a - b), series).toEqual(xs);
      }
    }
  });

  it('predict reports a stub as "not implemented yet (week N)" and any other error by its message', () => {
    const stub = predict({ from: 'f', value: () => { throw new NotImplemented('linearFlops', 1); } }, {});
    expect(stub).toEqual({ value: null, from: 'f', note: 'not implemented yet (week 1)' });
    const missing = predict({ from: 'f', value: () => { throw new TypeError('x is undefined'); } }, {});
    expect(missing).toEqual({ value: null, from: 'f', note: 'TypeError: x is undefined' });
    expect(predict({ from: 'f', value: () => NaN }, {}).value).toBeNull();
  });

  it('runCase on the reference matmul (tiny timing) predicts 2·n³ + n² FLOPs and 8·3·n² bytes and measures a time', async () => {
    const modules = await loadModules(root, 'solutions');
    const matmul64 = casesFor('matmul').find((c) => c.id === 'matmul-64')!;
    const r = runCase(matmul64, modules, ONCE);
    expect(r.flops.value).toBe(2 * 64 ** 3 + 64 ** 2);
    expect(r.bytes.value).toBeCloseTo(8 * 3 * 64 ** 2, 6);
    expect(r.measured.status).toBe('ok');
    expect(r.flopsPerSecond).toBeGreaterThan(0);
  });

  it('runCase reports a kernel that throws NotImplemented with its week and function', () => {
    const c: BenchCase = {
      ...casesFor('matmul')[0]!,
      prepare: () => 0,
      run: () => { throw new NotImplemented('matmul', 1); },
    };
    expect(runCase(c, {}, ONCE).measured).toEqual({ status: 'not-implemented', week: 1, fn: 'matmul' });
  });

  it('missingResults marks every case that never reported, and only those', () => {
    const reported = casesFor('attention').slice(0, 1).map((c) => result(c.id, c.series, c.x, 1, 0.1));
    const missing = missingResults('attention', reported, { status: 'timed-out', limitSeconds: 3 });
    expect(missing.map((r) => r.id)).toEqual(casesFor('attention').slice(1).map((c) => c.id));
    expect(missing.every((r) => r.measured.status === 'timed-out')).toBe(true);
  });

  it('BenchResults accepts a well-formed file and rejects an unknown status', () => {
    const file = {
      version: 1, tree: 'solutions', createdAt: '2026-01-01T00:00:00Z', machine: { cpu: 'x', cores: 2, node: 'v20' },
      cases: [result('a', 's', 1, 10, 0.1)], growth: [], wallSeconds: 1,
    };
    expect(BenchResults.safeParse(file).success).toBe(true);
    const bad = { ...file, cases: [{ ...file.cases[0], measured: { status: 'slow' } }] };
    expect(BenchResults.safeParse(bad).success).toBe(false);
  });

  it('parseArgs reads --reference, --limit and --only and refuses anything else', () => {
    expect(parseArgs([])).toMatchObject({ tree: 'weeks', groups: [...GROUPS] });
    expect(parseArgs(['--reference', '--limit', '5', '--only', 'decode'])).toEqual({ tree: 'solutions', limitSeconds: 5, groups: ['decode'] });
    expect(parseArgs(['--only', 'everything'])).toMatch(/unknown argument/);
    expect(parseArgs(['--limit', '-1'])).toMatch(/unknown argument/);
  });
});

describe('child process', () => {
  it('a stub is reported as not implemented and a hanging kernel is killed at the time limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-tree-'));
    try {
      mkdirSync(join(dir, '01-linear'));
      const runtime = pathToFileURL(join(root, 'harness', 'runtime', 'index.ts')).href;
      writeFileSync(
        join(dir, '01-linear', 'linear.ts'),
        `import { NotImplemented } from '${runtime}';\n` +
          `export function matmul(a: { shape: number[] }): never {\n` +
          `  if (a.shape[0] === 64) throw new NotImplemented('matmul', 1);\n` +
          `  for (;;) {}\n}\n` +
          `export function linearFlops(): never { throw new NotImplemented('linearFlops', 1); }\n`,
      );
      const results = await runGroup({ root, tree: relative(root, dir), group: 'matmul', limitSeconds: 5 });
      expect(results.map((r) => r.measured.status)).toEqual(['not-implemented', 'timed-out', 'timed-out', 'timed-out']);
      expect(results[0]!.flops.note).toBe('not implemented yet (week 1)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
