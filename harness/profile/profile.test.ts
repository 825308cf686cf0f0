/**
 * The profiler end to end on the reference solutions, in sandboxed children: the FLOPs it counts
 * are the formulas' (week 1's training step is linearFlops), the bytes a decode step allocates grow
 * with t faster than the cache it keeps, which is what kvCacheBytesHeld says, week 6's traced
 * traffic lands near blockedTrafficBytes in the model's own cache and shows what conflicts and loop
 * order add, two runs give identical numbers, and a planted wasteful implementation is told apart,
 * with the op that made the difference named.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../grade/fixtures/course.ts';
import { STATED_L1D } from './cache.ts';
import type { CaseOutcome } from './program.ts';
import { comparisons, renderProfile } from './report.ts';
import { runProfile, type ProfileReport } from './run.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** Every machine profiles through the same stated L1d here, so the numbers below hold anywhere. */
const profile = (weeks: number[], only: string[], root = repoRoot) => runProfile(root, { tree: 'solutions', weeks, only, l1d: STATED_L1D });

function outcome(report: ProfileReport, id: string): CaseOutcome {
  const found = report.weeks.flatMap((w) => w.cases).find((c) => c.id === id);
  if (!found) throw new Error(`no case ${id} in the report`);
  if ('problem' in found) throw new Error(`${id} did not run: ${found.problem}`);
  return found.outcome;
}

function dram(o: CaseOutcome, ways: number | 'full', bytes = 32 * 1024): number {
  const stats = o.traffic?.caches.find((c) => c.geometry.ways === ways && c.geometry.bytes === bytes);
  if (!stats) throw new Error(`${o.id} has no ${bytes}-byte ${ways}-way cache in its traffic`);
  return stats.dramBytes;
}

describe('profile: FLOPs and bytes from what ran, on the reference', () => {
  let week1: ProfileReport;
  let week4: ProfileReport;
  beforeAll(async () => {
    [week1, week4] = [await profile([1], ['linear-step']), await profile([4], ['decode-cache-8', 'decode-cache-16', 'decode-cache-32'])];
  });

  it("week 1's training step counts FLOPs equal to linearFlops, three matmuls and the bias add and db", () => {
    const o = outcome(week1, 'linear-step');
    const [B, D_in, D_out] = [8, 16, 4];
    expect(o.flops).toBe(3 * 2 * B * D_in * D_out + 2 * B * D_out);
    expect(o.formulas.flops).toMatchObject({ value: o.flops });
    const matmul = o.ops.find((op) => op.op === 'linear.matmul')!;
    expect(matmul.calls, 'the matmuls inside linearBackward call matmul in the same module: the transform must count them').toBe(3);
    expect(o.ops.find((op) => op.op === 'linear.transpose')).toMatchObject({ calls: 2, flops: 0 });
  });

  it("week 4's decode step allocates more per extra position than the cache grows (the copy), and holds what kvCacheBytesHeld says", () => {
    const [a, b, c] = [8, 16, 32].map((t) => outcome(week4, `decode-cache-${t}`));
    const config = { D: 16, n_layers: 2 };
    for (const [o, t] of [[a, 8], [b, 16], [c, 32]] as const) {
      expect(o!.heldBytes, `held at t=${t}`).toBe(2 * config.n_layers * (t + 1) * config.D * 8);
      expect(o!.formulas.held).toMatchObject({ value: o!.heldBytes });
      expect(o!.formulas.flops).toMatchObject({ value: o!.flops });
    }
    const cacheGrowth = (c!.heldBytes - b!.heldBytes) / 16;
    const allocationGrowth = (c!.allocatedBytes - b!.allocatedBytes) / 16;
    expect(allocationGrowth).toBeGreaterThanOrEqual(cacheGrowth);
    // read the old cache to copy it, write the grown one, read it in attention: three passes, less the new row's read
    expect(c!.traffic!.passes!.passes).toBeGreaterThan(2.9);
    expect(c!.traffic!.passes!.passes).toBeLessThan(3.01);
  });

  it('two runs print identical numbers', async () => {
    const again = await profile([4], ['decode-cache-8']);
    const first = { ...week4, weeks: week4.weeks.map((w) => ({ ...w, cases: w.cases.filter((c) => c.id === 'decode-cache-8') })) };
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(renderProfile(again)).toBe(renderProfile(first));
  });
});

describe('profile: traffic through the cache models, week 6 at n = 128', () => {
  let report: ProfileReport;
  beforeAll(async () => {
    report = await profile([6], ['blocked-128', 'ikj-128', 'ijk-128']);
  });

  it('matmulBlocked through a fully associative 32 KiB LRU cache moves within 25 % of blockedTrafficBytes at its tile', () => {
    const o = outcome(report, 'blocked-128');
    const formula = o.formulas.traffic as { value: number };
    expect(Math.abs(dram(o, 'full') / formula.value - 1)).toBeLessThan(0.25);
  });

  it('the set-associative L1d moves more than the fully associative cache of the same size: what conflicts add', () => {
    const o = outcome(report, 'blocked-128');
    expect(dram(o, 8)).toBeGreaterThan(dram(o, 'full'));
  });

  it('the textbook i-j-k loop moves at least 4× the bytes of i-k-j when a column of B does not fit: in the L1d and in a 4 KiB cache', () => {
    const [ijk, ikj] = [outcome(report, 'ijk-128'), outcome(report, 'ikj-128')];
    expect(dram(ijk, 8) / dram(ikj, 8)).toBeGreaterThanOrEqual(4);
    expect(dram(ijk, 'full', 4 * 1024) / dram(ikj, 'full', 4 * 1024)).toBeGreaterThanOrEqual(4);
  });
});

/** A temporary course whose week 1 reference is edited by `plant`; the other weeks are the real ones. */
function plantedCourse(name: string, plant: (source: string) => string): string {
  const root = join(repoRoot, '.course', 'fixtures', `profile-${name}-${process.pid}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'solutions'), { recursive: true });
  roots.push(root);
  symlinkSync(join(repoRoot, 'harness'), join(root, 'harness'), 'dir');
  symlinkSync(join(repoRoot, 'weeks'), join(root, 'weeks'), 'dir');
  // the course needs every week's author folder: the others are the real ones, linked
  for (const slug of readdirSync(join(repoRoot, 'solutions')).filter((s) => s !== '01-linear')) symlinkSync(join(repoRoot, 'solutions', slug), join(root, 'solutions', slug), 'dir');
  cpSync(join(repoRoot, 'solutions', '01-linear'), join(root, 'solutions', '01-linear'), { recursive: true });
  const file = join(root, 'solutions', '01-linear', 'linear.ts');
  const source = readFileSync(file, 'utf8');
  const planted = plant(source);
  expect(planted, 'the plant must change the module').not.toBe(source);
  writeFileSync(file, planted);
  return root;
}

describe('profile: learner code that hangs or throws is named per case', () => {
  it('a linearForward that never returns is stopped at the time limit, and the case says so', async () => {
    const root = plantedCourse('hang', (s) => s.replace('const y = matmul(x, w); // [B, D_out]', 'for (;;) {}\n  const y = matmul(x, w);'));
    const report = await runProfile(root, { tree: 'solutions', weeks: [1], l1d: STATED_L1D, timeoutMs: 5_000 });
    expect(report.weeks[0]!.cases[0]).toMatchObject({ id: 'linear-step', problem: expect.stringMatching(/ran longer than 5 s and was stopped/) });
  });

  it('a linearBackward that throws names the error', async () => {
    const root = plantedCourse('throw', (s) => s.replace('return {\n    dx: matmul(dy, transpose(w))', 'throw new TypeError("planted");\n  return {\n    dx: matmul(dy, transpose(w))'));
    const report = await profile([1], [], root);
    expect(report.weeks[0]!.cases[0]).toMatchObject({ id: 'linear-step', problem: 'it threw TypeError: planted' });
  });
});

describe('profile: a planted wrong implementation is told apart', () => {
  it('a linearForward that runs its matmul twice counts FLOPs beyond linearFlops, and names matmul as the op that made the difference', async () => {
    const root = plantedCourse('planted', (s) => s.replace('const y = matmul(x, w); // [B, D_out]', 'matmul(x, w); // wasted\n  const y = matmul(x, w);'));
    const o = outcome(await profile([1], ['linear-step'], root), 'linear-step');
    const [flops] = comparisons(o).filter((c) => c.measure === 'flops');
    expect(flops!.difference!).toBeGreaterThan(0.1);
    expect(flops!.op?.op).toBe('linear.matmul');
  });
});
