/**
 * The bench's statistics on injected clocks: warm-up, batches, rounds, median and spread, and the
 * warning a spread too large must raise. No test here measures a real time.
 */
import { describe, expect, it } from 'vitest';
import { isBusy, median, quantile, ratio, sampleRounds, summarize, timeBatch, warmUp, type Timed, type TimingOptions } from './stats.ts';

/** A clock that only moves when a kernel says so. */
function fakeClock(): { clock: () => number; advance(ms: number): void } {
  let now = 0;
  return { clock: () => now, advance: (ms) => void (now += ms) };
}

const OPTIONS: TimingOptions = { warmupSeconds: 0, sampleSeconds: 0, minRounds: 1, maxRounds: 1, budgetSeconds: 0 };

describe('median, quartiles and spread', () => {
  it('median takes the middle value, the mean of the two middle values for an even count, NaN for none', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('quantile interpolates between order statistics', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([1, 2, 3, 4, 5], 0.75)).toBe(4);
    expect(quantile([10, 20], 0.25)).toBe(12.5);
  });

  it('summarize gives the interquartile range as a fraction of the median', () => {
    const s = summarize([9, 10, 10, 10, 11]);
    expect(s).toEqual({ median: 10, q1: 10, q3: 10, spread: 0 });
    const wide = summarize([1, 2, 3, 4, 5]);
    expect(wide.spread).toBeCloseTo((4 - 2) / 3, 12);
  });

  it('a spread above 10 % of the median (or no spread at all) is a busy machine', () => {
    expect(isBusy(0.02)).toBe(false);
    expect(isBusy(0.1)).toBe(false);
    expect(isBusy(0.25)).toBe(true);
    expect(isBusy(NaN)).toBe(true);
  });

  it('ratio divides next by previous and gives null when either is missing or the base is not positive', () => {
    expect(ratio(2, 8)).toBe(4);
    expect(ratio(null, 8)).toBeNull();
    expect(ratio(2, null)).toBeNull();
    expect(ratio(0, 8)).toBeNull();
  });
});

describe('timing on an injected clock', () => {
  it('a batch makes its fresh states untimed, settles, then times only the runs, and divides by the batch', async () => {
    const { clock, advance } = fakeClock();
    const calls: string[] = [];
    const timed: Timed = {
      fresh: () => { calls.push('fresh'); advance(100); return 's'; },
      run: () => { calls.push('run'); advance(3); },
    };
    const seconds = await timeBatch(timed, 4, clock, () => { calls.push('settle'); advance(50); });
    expect(seconds).toBeCloseTo(0.003, 12);
    expect(calls).toEqual(['fresh', 'fresh', 'fresh', 'fresh', 'settle', 'run', 'run', 'run', 'run']);
  });

  it('a kernel that returns a promise is timed until it settles', async () => {
    const { clock, advance } = fakeClock();
    const timed: Timed = { fresh: () => 0, run: () => Promise.resolve().then(() => advance(7)) };
    expect(await timeBatch(timed, 2, clock)).toBeCloseTo(0.007, 12);
  });

  it('warm-up runs for at least warmupSeconds and sizes the batch so that a sample lasts sampleSeconds', async () => {
    const { clock, advance } = fakeClock();
    let runs = 0;
    const timed: Timed = { fresh: () => 0, run: () => { runs++; advance(2); } };
    const { batch, runSeconds } = await warmUp(timed, { ...OPTIONS, warmupSeconds: 0.02, sampleSeconds: 0.05 }, clock);
    expect(runs).toBe(10);
    expect(runSeconds).toBeCloseTo(0.002, 12);
    expect(batch).toBe(25);
  });

  it('warm-up runs a slow kernel once and samples it one run at a time', async () => {
    const { clock, advance } = fakeClock();
    let runs = 0;
    const timed: Timed = { fresh: () => 0, run: () => { runs++; advance(400); } };
    expect(await warmUp(timed, { ...OPTIONS, warmupSeconds: 0.3, sampleSeconds: 0.05 }, clock)).toEqual({ batch: 1, runSeconds: 0.4 });
    expect(runs).toBe(1);
  });

  it('rounds take one sample of every case in turn, so a slow spell lands on all of them', async () => {
    const { clock, advance } = fakeClock();
    const order: string[] = [];
    let slow = 1;
    const kernel = (name: string, ms: number): { timed: Timed; batch: number } => ({
      timed: { fresh: () => 0, run: () => { order.push(name); advance(ms * slow); } },
      batch: 1,
    });
    const { samples } = await sampleRounds([kernel('a', 1), kernel('b', 4)], { ...OPTIONS, minRounds: 3, maxRounds: 3 }, clock, undefined, (_, round) => (slow = round === 1 ? 2 : 1));
    expect(order).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(samples).toEqual([[0.001, 0.002, 0.001], [0.004, 0.008, 0.004]]);
    // the slow round doubled both cases: every per-round ratio is the same
    expect(samples[1]!.map((s, i) => s / samples[0]![i]!)).toEqual([4, 4, 4]);
  });

  it('rounds stop after minRounds once the budget (per case) is spent, and never pass maxRounds', async () => {
    const { clock, advance } = fakeClock();
    const kernel = { timed: { fresh: () => 0, run: () => advance(100) }, batch: 1 };
    const budgeted = await sampleRounds([kernel], { ...OPTIONS, minRounds: 2, maxRounds: 50, budgetSeconds: 0.45 }, clock);
    expect(budgeted.samples[0]).toHaveLength(5);
    const two = await sampleRounds([kernel, kernel], { ...OPTIONS, minRounds: 2, maxRounds: 50, budgetSeconds: 0.45 }, clock);
    expect(two.samples[0]).toHaveLength(5); // 200 ms a round against a budget of 900 ms
    const capped = await sampleRounds([kernel], { ...OPTIONS, minRounds: 2, maxRounds: 4, budgetSeconds: 100 }, clock);
    expect(capped.samples[0]).toHaveLength(4);
  });

  it('each case is timed by its own clock when it has one; the budget goes by the shared clock', async () => {
    const wall = fakeClock();
    const cpu = fakeClock();
    // the run takes 10 ms of wall time, of which the process had the core for 4 ms
    const kernel = { timed: { fresh: () => 0, run: () => { wall.advance(10); cpu.advance(4); } }, batch: 1 };
    const { samples } = await sampleRounds([kernel, { ...kernel, clock: cpu.clock }], { ...OPTIONS, minRounds: 1, maxRounds: 100, budgetSeconds: 0.025 }, wall.clock);
    expect(samples[0]![0]).toBeCloseTo(0.01, 12);
    expect(samples[1]![0]).toBeCloseTo(0.004, 12);
    expect(samples[0]).toHaveLength(3); // 20 ms of wall time a round: the budget of 2 × 25 ms is spent after three
  });

  it('a case whose run throws keeps its error and sits out the other rounds; the others go on', async () => {
    const { clock, advance } = fakeClock();
    let calls = 0;
    const failing = { timed: { fresh: () => 0, run: () => { if (++calls === 2) throw new Error('boom'); advance(1); } }, batch: 1 };
    const fine = { timed: { fresh: () => 0, run: () => advance(1) }, batch: 1 };
    const { samples, errors } = await sampleRounds([failing, fine], { ...OPTIONS, minRounds: 3, maxRounds: 3 }, clock);
    expect(samples[0]).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('boom');
    expect(samples[1]).toHaveLength(3);
    expect(errors[1]).toBeUndefined();
  });
});
