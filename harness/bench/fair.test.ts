/**
 * A bench that scores fairly: a speed-up divides two times of one clock (a group with a kernel on
 * worker threads times every kernel by the wall clock); a time taken while the bench warned, or a
 * ratio across two clocks, is unreliable, not a miss; `--only` keeps the other groups' stored
 * results, so the time questions they answered keep their truths.
 */
import { cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../grade/fixtures/course.ts';
import { benchDoubt, benchTruth, type BenchTiming } from '../predictions/predict.ts';
import { runBench } from './bench.ts';
import { makeCase } from './define.ts';
import { readBenchResults } from './results.ts';
import { cpuClock, systemClock } from './stats.ts';
import { clockFor } from './worker.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

const timing = (medianSeconds: number, extra: Partial<BenchTiming> = {}): BenchTiming => ({ medianSeconds, samples: [medianSeconds, medianSeconds, medianSeconds], spread: 0.02, clock: 'cpu', load: 1, group: 'g', ...extra });
const kernel = (cores?: 'all') => makeCase({ id: 'k', series: 's', label: 'k', x: 1, xName: 'n', ...(cores ? { cores } : {}), flops: { from: '', value: () => 1 }, bytes: { from: '', value: () => 1 }, setup: () => 0, run: () => 0 });

describe('one clock for both sides of a ratio', () => {
  it('a kernel on one core runs on the CPU clock alone, but on the wall clock in a group with a kernel on worker threads', () => {
    expect(clockFor(kernel())).toMatchObject({ name: 'cpu', clock: cpuClock });
    expect(clockFor(kernel(), 'wall')).toMatchObject({ name: 'wall', clock: systemClock });
    expect(clockFor(kernel('all'))).toMatchObject({ name: 'wall', clock: systemClock });
  });

  it('a ratio of a wall time over a CPU time is unreliable, and says which clocks it mixed', () => {
    const doubt = benchDoubt({ case: 'par', over: 'blocked' }, timing(0.263, { clock: 'wall' }), timing(0.087, { clock: 'cpu' }));
    expect(doubt.unreliable).toMatch(/wall clock and blocked by the cpu clock/);
  });
});

describe('a time taken while the bench warned is unreliable, not a miss', () => {
  it('a case whose samples spread over 10 % makes its truth unreliable, naming the spread, the load and the command to run again', () => {
    const truth = benchTruth({ case: 'busy' }, () => timing(0.5, { spread: 0.3, load: 16 }));
    expect(truth.value).toBe(0.5);
    expect(truth.unreliable).toMatch(/spread by 30 % at load 16; run npm run bench -- --only g again/);
  });

  it('a quiet measurement on one clock is scored as usual', () => {
    expect(benchTruth({ case: 'a', over: 'b' }, (id) => timing(id === 'a' ? 0.2 : 0.1)).unreliable).toBeUndefined();
  });
});

describe('--only merges into the stored results', () => {
  it("after --only linear, the matmul group's cases and their timings are still stored, and its time questions keep their truths", async () => {
    const root = join(repoRoot, '.course', 'fixtures', `bench-merge-${process.pid}`);
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    roots.push(root);
    symlinkSync(join(repoRoot, 'harness'), join(root, 'harness'), 'dir');
    for (const tree of ['weeks', 'solutions']) cpSync(join(repoRoot, tree, '01-linear'), join(root, tree, '01-linear'), { recursive: true });
    const options = { tree: 'solutions' as const, limitSeconds: 60, quick: true };
    await runBench(root, { ...options, only: ['matmul'] }, () => {});
    await runBench(root, { ...options, only: ['linear'] }, () => {});
    const stored = readBenchResults(root, 'solutions')!;
    expect(stored.groups.map((g) => g.name).sort()).toEqual(['linear', 'matmul']);
    expect(stored.warnings.join('\n')).toMatch(/--only: the groups matmul are kept from the run of/);
    const timings = (id: string) => {
      const c = stored.cases.find((k) => k.id === id);
      return c?.measured.status === 'ok' ? { medianSeconds: c.measured.medianSeconds, samples: c.measured.samples } : undefined;
    };
    expect(benchTruth({ case: 'matmul-256' }, timings).value).toBeGreaterThan(0);
  });
});
