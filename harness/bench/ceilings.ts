/**
 * This machine's ceilings, measured the way the cases run (a Node child process started by the
 * bench; its kernels on worker threads): the compute ceiling with harness/bench/kernels.ts's
 * register-blocked multiply-add, the memory bandwidth with STREAM's triad. Each is measured on one
 * thread (per core) and on one thread per core at once (all cores), in passes started together;
 * a pass's rate is the work of all threads over its time (see pass), and the ceiling is the best
 * pass: a ceiling is what the machine *can* do, and a busy spell only ever slows a pass down.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { summarize } from './stats.ts';

export type CeilingOptions = {
  /** float64 per triad array; STREAM wants each array at least 4 × the last-level cache. */
  triadElements: number;
  /** Untimed warm-up of the compute kernel, per thread. */
  warmupSeconds: number;
  /** Each pass lasts at least this long. */
  passSeconds: number;
  passes: number;
  /** Thread counts to measure: 1 and every core, unless told otherwise. */
  threads: number[];
};

/** Arrays of 16 Mi float64 (128 MiB each, 384 MiB a thread): 4 × a 32 MiB last-level cache. */
export const DEFAULT_CEILINGS: CeilingOptions = { triadElements: 16 * 1024 * 1024, warmupSeconds: 0.3, passSeconds: 0.05, passes: 7, threads: [1, availableParallelism()] };
export const QUICK_CEILINGS: CeilingOptions = { triadElements: 1 << 14, warmupSeconds: 0, passSeconds: 0.001, passes: 2, threads: [1, 2] };

export const Stat = z.object({
  /** The best pass: the ceiling. */
  best: z.number(),
  median: z.number(),
  /** Interquartile range over the median of the passes. */
  spread: z.number(),
  passes: z.array(z.number()),
});
export type Stat = z.infer<typeof Stat>;

export const CeilingAt = z.object({ threads: z.number().int(), flopsPerSecond: Stat, bytesPerSecond: Stat });
export type CeilingAt = z.infer<typeof CeilingAt>;

export const Ceilings = z.object({
  /** One entry per thread count measured, fewest first: [0] is one core. */
  measured: z.array(CeilingAt).min(1),
  compute: z.string(),
  bandwidth: z.string(),
  triadBytes: z.number(),
});
export type Ceilings = z.infer<typeof Ceilings>;

/** What a thread sends back. */
export const ThreadMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('done'), seconds: z.number(), work: z.number() }),
]);
export type ThreadMessage = z.infer<typeof ThreadMessage>;
export type ThreadCommand = { type: 'compute' | 'triad' };
export type ThreadData = { entry: string; triadElements: number; warmupSeconds: number; passSeconds: number };

const BOOT = new URL('./thread.mjs', import.meta.url);
const ENTRY = new URL('./ceiling-thread.ts', import.meta.url).href;

function stat(rates: number[]): Stat {
  const { median, spread } = summarize(rates);
  return { best: Math.max(...rates), median, spread, passes: rates };
}

/** Starts `n` threads and resolves once all have warmed up and allocated their arrays. */
async function startThreads(n: number, options: CeilingOptions): Promise<Worker[]> {
  const workerData: ThreadData = { entry: ENTRY, triadElements: options.triadElements, warmupSeconds: options.warmupSeconds, passSeconds: options.passSeconds };
  const threads = Array.from({ length: n }, () => new Worker(BOOT, { workerData }));
  await Promise.all(threads.map((t) => reply(t)));
  return threads;
}

function reply(thread: Worker): Promise<ThreadMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      thread.off('error', reject);
      resolve(ThreadMessage.parse(message));
    };
    thread.once('message', onMessage);
    thread.once('error', reject);
  });
}

/**
 * One pass on every thread at once: the total work over the pass's time, which is the slowest
 * thread's wall time or, when shorter, the process's CPU time per thread (the threads kept their
 * cores for that long: a busy machine's wait for a core is not counted, as for the cases).
 */
async function pass(threads: Worker[], type: ThreadCommand['type']): Promise<number> {
  const replies = threads.map((t) => reply(t));
  const cpu = process.cpuUsage();
  for (const t of threads) t.postMessage({ type } satisfies ThreadCommand);
  const done = (await Promise.all(replies)).filter((m) => m.type === 'done');
  const { user, system } = process.cpuUsage(cpu);
  const work = done.reduce((sum, m) => sum + m.work, 0);
  return work / Math.min(Math.max(...done.map((m) => m.seconds)), (user + system) / 1e6 / threads.length);
}

async function measureAt(n: number, options: CeilingOptions): Promise<CeilingAt> {
  const threads = await startThreads(n, options);
  try {
    const flops: number[] = [];
    const bytes: number[] = [];
    for (let i = 0; i < options.passes; i++) flops.push(await pass(threads, 'compute'));
    for (let i = 0; i < options.passes; i++) bytes.push(await pass(threads, 'triad'));
    return { threads: n, flopsPerSecond: stat(flops), bytesPerSecond: stat(bytes) };
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
}

export async function measureCeilings(options: CeilingOptions = DEFAULT_CEILINGS, onProgress?: (threads: number) => void): Promise<Ceilings> {
  const measured: CeilingAt[] = [];
  for (const n of [...new Set(options.threads)].sort((a, b) => a - b)) {
    onProgress?.(n);
    measured.push(await measureAt(n, options));
  }
  return {
    measured,
    compute: 'a 4 × 4 register-blocked float64 multiply-add loop (harness/bench/kernels.ts), best pass',
    bandwidth: `STREAM triad a[i] = b[i] + s·c[i] over three arrays of ${options.triadElements} float64 per thread, 24 bytes per element, best pass`,
    triadBytes: 24 * options.triadElements,
  };
}

/** The ceilings for a case on `cores` cores (1 or every core): the measurement with that many threads, or the nearest below. */
export function ceilingFor(ceilings: Ceilings, cores: number): { threads: number; flopsPerSecond: number; bytesPerSecond: number } {
  const fitting = ceilings.measured.filter((c) => c.threads <= cores);
  const at = fitting[fitting.length - 1] ?? ceilings.measured[0]!;
  return { threads: at.threads, flopsPerSecond: at.flopsPerSecond.best, bytesPerSecond: at.bytesPerSecond.best };
}
