/**
 * The bench figure a week page draws: the stored results of the tree being published, never the
 * other tree's, and only the groups the page keeps. Results are hand-made; nothing is timed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeBenchResults } from '../bench/results.ts';
import type { BenchResults, CaseResult, GroupInfo } from '../bench/schema.ts';
import { benchFigureFor } from './bench-figure.ts';

const stat = (v: number) => ({ best: v, median: v, spread: 0.01, passes: [v] });
const CEILINGS = { measured: [{ threads: 1, flopsPerSecond: stat(1e9), bytesPerSecond: stat(1e10) }], compute: 'k', bandwidth: 't', triadBytes: 24 };

function point(group: string, week: number, series: string): CaseResult {
  return {
    id: `${group}-1`, group, series, label: series, week, x: 1, xName: 'n', cores: 1, notes: [],
    measured: { status: 'ok', medianSeconds: 1e-3, q1Seconds: 1e-3, q3Seconds: 1e-3, spread: 0, batch: 1, steps: 1, clock: 'cpu', samples: [1e-3] },
    flops: { value: 1e5, from: 'test' }, bytes: { value: 1e5, from: 'test' },
    roofline: { threads: 1, intensity: 1, computeSeconds: 1e-4, memorySeconds: 1e-5, predictedSeconds: 1e-4, bound: 'compute' },
    flopsPerSecond: 1e8, ofPeak: 0.1, ofRoofline: 0.1,
  };
}
const group = (name: string, week: number): GroupInfo => ({ name, week, file: `weeks/0${week}/bench.ts`, title: name, bytes: 'b' });

function results(tree: BenchResults['tree'], series: string): BenchResults {
  return {
    version: 2, tree, commit: null, dirty: null, createdAt: '2026-11-29T00:00:00Z', quick: false,
    machine: { cpu: 'test', cores: 1, node: 'v20', caches: { l1d: null, l2: null, l3: null }, loadAverage: [0] },
    ceilings: CEILINGS, groups: [group('decode', 4), group('memory-movement', 6)],
    cases: [point('decode', 4, `${series} decode`), point('memory-movement', 6, `${series} blocked`)], growth: [], warnings: [], wallSeconds: 1,
  };
}

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));
function course(): string {
  const root = mkdtempSync(join(tmpdir(), 'bench-figure-'));
  roots.push(root);
  return root;
}
const seriesOf = (spec: Record<string, unknown>) =>
  (spec.layer as { mark: { type: string }; data: { values: { series?: string }[] } }[]).find((l) => l.mark.type === 'point')!.data.values.map((v) => v.series);

describe('the bench figure on a week page', () => {
  it('draws nothing before the bench has timed the published tree, even when the other tree has results', async () => {
    const root = course();
    writeBenchResults(root, results('solutions', 'reference'));
    expect(await benchFigureFor(root, 'weeks')).toBeUndefined();
  });

  it("charts the published tree's own results, and only the groups the page keeps", async () => {
    const root = course();
    writeBenchResults(root, results('solutions', 'reference'));
    writeBenchResults(root, results('weeks', 'yours'));
    const all = (await benchFigureFor(root, 'weeks'))!;
    expect(seriesOf(all.spec)).toEqual(['yours decode', 'yours blocked']);
    expect(all.description).toContain('your code');
    const week6 = (await benchFigureFor(root, 'weeks', (g) => g.week === 6))!;
    expect(seriesOf(week6.spec)).toEqual(['yours blocked']);
    const reference = (await benchFigureFor(root, 'solutions', (g) => g.week <= 5))!;
    expect(seriesOf(reference.spec)).toEqual(['reference decode']);
    expect(await benchFigureFor(root, 'weeks', () => false)).toBeUndefined();
  });
});
