/**
 * Timing that holds still. A single run of a JavaScript kernel of a few hundred microseconds is
 * mostly noise (the clock, JIT tiers, garbage collection, other programs on two cores), so:
 *
 * - every case is warmed up first, untimed, until the JIT has compiled it;
 * - a sample times a *batch* of runs lasting at least `sampleSeconds` (tens of milliseconds), and
 *   divides: the clock's resolution and a stray interrupt vanish in the batch;
 * - the cases of a group are sampled in *rounds*, one sample of each case per round, so a slow
 *   spell of the machine (another program starting) lands on every size alike and growth ratios
 *   keep their value;
 * - a kernel on one core is timed by the process's CPU clock, so the time it spends waiting for a
 *   core that another program holds is not counted (on a quiet machine the two clocks agree); a
 *   kernel on worker threads by the wall clock, since its threads' CPU times add up;
 * - each case reports the median and the interquartile range of its samples; a spread above
 *   `SPREAD_WARNING` of the median says the machine was busy and the figure is unreliable.
 *
 * Everything here takes the clock as a parameter, so the tests drive it with a fake one.
 */

export type TimingOptions = {
  /** Untimed runs first, for at least this long (and at least one run), so the JIT has compiled the kernel. */
  warmupSeconds: number;
  /** A sample times a batch of runs lasting at least this long. */
  sampleSeconds: number;
  /** Every case gets at least this many samples... */
  minRounds: number;
  /** ...and at most this many. */
  maxRounds: number;
  /** Rounds stop once minRounds are in and this much wall time per case has gone into them. */
  budgetSeconds: number;
};

export const DEFAULT_TIMING: TimingOptions = { warmupSeconds: 0.3, sampleSeconds: 0.05, minRounds: 3, maxRounds: 11, budgetSeconds: 0.5 };
/** One run of each case: for tests and `--quick` (does everything run?), not for figures. */
export const QUICK_TIMING: TimingOptions = { warmupSeconds: 0, sampleSeconds: 0, minRounds: 1, maxRounds: 1, budgetSeconds: 0 };

/** Above this interquartile range, as a fraction of the median, a figure is flagged as unreliable. */
export const SPREAD_WARNING = 0.1;

/** Milliseconds, like performance.now. */
export type Clock = () => number;
/** The wall clock. */
export const systemClock: Clock = () => performance.now();
/** The CPU time of this process (user and system), in milliseconds. */
export const cpuClock: Clock = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** The q-quantile with linear interpolation between order statistics (R's type 7, numpy's default); NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

export type Summary = { median: number; q1: number; q3: number; /** (q3 − q1) / median */ spread: number };

export function summarize(values: readonly number[]): Summary {
  const m = median(values);
  const q1 = quantile(values, 0.25);
  const q3 = quantile(values, 0.75);
  return { median: m, q1, q3, spread: m > 0 ? (q3 - q1) / m : NaN };
}

/** True when a spread is too large to trust the median (or is not a number at all). */
export function isBusy(spread: number): boolean {
  return !(spread <= SPREAD_WARNING);
}

/** How many times larger `next` is than `previous`; null when either is missing or not positive. */
export function ratio(previous: number | null, next: number | null): number | null {
  if (previous === null || next === null || !(previous > 0) || !Number.isFinite(next)) return null;
  return next / previous;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** A kernel as the timer sees it: an untimed fresh state, then the timed run (which may return a promise). */
export type Timed = { fresh(): unknown; run(state: unknown): unknown };

/** Runs `run` on each state in turn; awaits only a kernel that returns a promise, so a synchronous one pays nothing. */
async function runAll(timed: Timed, states: readonly unknown[]): Promise<void> {
  for (const state of states) {
    const result = timed.run(state);
    if (isThenable(result)) await result;
  }
}

/** Seconds per run of one batch: the fresh states are made first, untimed, then `settle` (a garbage collection), then the clock. */
export async function timeBatch(timed: Timed, batch: number, clock: Clock = systemClock, settle?: () => void): Promise<number> {
  const states = Array.from({ length: batch }, () => timed.fresh());
  settle?.();
  const start = clock();
  await runAll(timed, states);
  return (clock() - start) / 1000 / batch;
}

/**
 * Untimed warm-up for at least `warmupSeconds` and at least one run, then the batch size: how many
 * runs make a sample of at least `sampleSeconds`, judged by the fastest warm-up run.
 */
export async function warmUp(timed: Timed, options: TimingOptions, clock: Clock = systemClock): Promise<{ batch: number; runSeconds: number }> {
  const started = clock();
  let fastest = Infinity;
  do {
    fastest = Math.min(fastest, await timeBatch(timed, 1, clock));
  } while (clock() - started < options.warmupSeconds * 1000);
  const batch = fastest > 0 ? Math.max(1, Math.ceil(options.sampleSeconds / fastest)) : 1;
  return { batch, runSeconds: fastest };
}

/**
 * Samples every case once per round until minRounds are in and the budget (per case) is spent (or maxRounds),
 * each by its own clock if it has one (the budget goes by `clock`). Returns each case's seconds per
 * run, one value per round, in round order; a case whose run throws keeps its error and sits out
 * the remaining rounds.
 */
export async function sampleRounds(
  cases: readonly { timed: Timed; batch: number; clock?: Clock }[],
  options: TimingOptions,
  clock: Clock = systemClock,
  settle?: () => void,
  onSample?: (caseIndex: number, round: number) => void,
): Promise<{ samples: number[][]; errors: unknown[] }> {
  const samples: number[][] = cases.map(() => []);
  const errors: unknown[] = cases.map(() => undefined);
  const started = clock();
  for (let round = 0; round < options.maxRounds; round++) {
    if (round >= options.minRounds && clock() - started >= options.budgetSeconds * 1000 * cases.length) break;
    for (const [i, c] of cases.entries()) {
      if (errors[i] !== undefined) continue;
      onSample?.(i, round);
      try {
        samples[i]!.push(await timeBatch(c.timed, c.batch, c.clock ?? clock, settle));
      } catch (error) {
        errors[i] = error ?? new Error(String(error));
      }
    }
  }
  return { samples, errors };
}
