/**
 * Timing statistics. A single run of a JavaScript kernel is noisy (JIT tiers, garbage collection,
 * other processes on two cores), so each case is warmed up and then sampled several times, and the
 * median is reported: it ignores the occasional slow outlier that a mean would absorb.
 */

export type TimingOptions = {
  /** Untimed runs first, so the JIT has compiled the kernel before the clock starts: at least this many... */
  warmup: number;
  /** ...and at least this long, since a kernel of microseconds needs many runs to reach the optimising tier. */
  warmupSeconds: number;
  minSamples: number;
  maxSamples: number;
  /** Stop sampling after this much timed work, once minSamples are in. */
  budgetSeconds: number;
  /** Called untimed before each timed run, e.g. a garbage collection so that prepare's garbage is not billed to run. */
  settle?: () => void;
};

export const DEFAULT_TIMING: TimingOptions = { warmup: 2, warmupSeconds: 0.1, minSamples: 5, maxSamples: 15, budgetSeconds: 0.4 };

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Seconds per run of `run(prepare())`: prepare is untimed (for example, filling a KV cache before
 * timing one decode step), run is timed. `clock` returns milliseconds, like performance.now.
 */
export function sample<S>(prepare: () => S, run: (state: S) => void, options: TimingOptions, clock: () => number = () => performance.now()): number[] {
  const warmupStart = clock();
  for (let i = 0; i < options.warmup || clock() - warmupStart < options.warmupSeconds * 1000; i++) run(prepare());
  const samples: number[] = [];
  let spent = 0;
  while (samples.length < options.maxSamples && (samples.length < options.minSamples || spent < options.budgetSeconds)) {
    const state = prepare();
    options.settle?.();
    const start = clock();
    run(state);
    const seconds = (clock() - start) / 1000;
    samples.push(seconds);
    spent += seconds;
  }
  return samples;
}

/** How many times larger `next` is than `previous`; null when either is missing or not positive. */
export function ratio(previous: number | null, next: number | null): number | null {
  if (previous === null || next === null || !(previous > 0) || !Number.isFinite(next)) return null;
  return next / previous;
}
