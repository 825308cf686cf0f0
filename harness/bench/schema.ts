/**
 * The bench's results, the contract between `npm run bench` and whatever reads them (the week 5
 * page's roofline, the predictions' truths): one document per tree, in .course/bench.json (the
 * learner's weeks/) and .course/bench.reference.json (solutions/); see results.ts for the reader.
 * Each case carries what the learner's formulas predicted, what the clock measured (median and
 * spread over batched samples), and where it sits on this machine's roofline.
 */
import { z } from 'zod';
import { Ceilings } from './ceilings.ts';

export const Tree = z.enum(['weeks', 'solutions']);
export type Tree = z.infer<typeof Tree>;

/** A prediction from one of the learner's formula functions, or why there is none. */
export const Prediction = z.object({
  value: z.number().nullable(),
  /** Which function gave it, in the bench file's words, e.g. "xFlops(dims).total (week N)". */
  from: z.string(),
  /** Set when value is null: "not implemented yet (week N: fn)" or the error. */
  note: z.string().optional(),
});
export type Prediction = z.infer<typeof Prediction>;

export const Measurement = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    medianSeconds: z.number(),
    q1Seconds: z.number(),
    q3Seconds: z.number(),
    /** (q3 − q1) / median: above SPREAD_WARNING (stats.ts) the median is not to be trusted. */
    spread: z.number(),
    /** Runs per sample: a sample times a whole batch and divides. */
    batch: z.number().int(),
    /** Kernel calls per run (a window of decode steps): the times are per call. */
    steps: z.number().int(),
    /**
     * cpu: the process's CPU time (a kernel on one core); wall: the wall clock (a kernel on worker
     * threads, and every kernel of a group that has one, so both sides of a speed-up share a clock).
     */
    clock: z.enum(['cpu', 'wall']),
    /** The 1-minute load average when the case's samples were taken: what else was running. */
    load: z.number().optional(),
    /** Seconds per kernel call, one sample per round. */
    samples: z.array(z.number()),
  }),
  z.object({ status: z.literal('not-implemented'), week: z.number(), fn: z.string() }),
  z.object({ status: z.literal('error'), message: z.string() }),
  z.object({ status: z.literal('timed-out'), limitSeconds: z.number() }),
]);
export type Measurement = z.infer<typeof Measurement>;

export const RooflineResult = z.object({
  /** Threads whose ceilings apply: 1, or every core for a kernel on worker threads. */
  threads: z.number().int(),
  intensity: z.number(),
  computeSeconds: z.number(),
  memorySeconds: z.number(),
  predictedSeconds: z.number(),
  bound: z.enum(['compute', 'memory']),
});
export type RooflineResult = z.infer<typeof RooflineResult>;

export const CaseResult = z.object({
  id: z.string(),
  group: z.string(),
  /** Cases in one series differ only in x; growth compares neighbours in a series. */
  series: z.string(),
  label: z.string(),
  week: z.number().int(),
  x: z.number(),
  xName: z.string(),
  cores: z.union([z.literal(1), z.literal('all')]),
  /** Lines the case's setup added, e.g. the tile it chose. */
  notes: z.array(z.string()),
  flops: Prediction,
  bytes: Prediction,
  measured: Measurement,
  /** From the predictions and this machine's ceilings; null without both predictions or ceilings. */
  roofline: RooflineResult.nullable(),
  /** predicted FLOPs ÷ median seconds, when both exist. */
  flopsPerSecond: z.number().nullable(),
  /** flopsPerSecond ÷ the compute ceiling. */
  ofPeak: z.number().nullable(),
  /** roofline time ÷ measured time: how close the kernel comes to its bound. */
  ofRoofline: z.number().nullable(),
});
export type CaseResult = z.infer<typeof CaseResult>;

export const Growth = z.object({
  series: z.string(),
  from: z.string(),
  to: z.string(),
  /** Ratio of the learner's predicted FLOPs. */
  predicted: z.number().nullable(),
  /** Ratio of the roofline's predicted times, from the learner's FLOPs and bytes on this machine's ceilings. */
  predictedRoofline: z.number().nullable().default(null),
  /** Median over the rounds of the ratio of the two cases' samples (analyse.ts, measuredGrowth). */
  measured: z.number().nullable(),
});
export type Growth = z.infer<typeof Growth>;

export const GroupInfo = z.object({
  name: z.string(),
  week: z.number().int(),
  /** The bench file that defines it, relative to the root. */
  file: z.string(),
  title: z.string(),
  /** What "bytes" counts in this group. */
  bytes: z.string(),
  sweep: z.string().optional(),
});
export type GroupInfo = z.infer<typeof GroupInfo>;

export const Machine = z.object({
  cpu: z.string(),
  cores: z.number().int(),
  node: z.string(),
  caches: z.object({ l1d: z.number().nullable(), l2: z.number().nullable(), l3: z.number().nullable() }),
  /** 1, 5 and 15 minute load averages just before the bench: what else was running. */
  loadAverage: z.array(z.number()),
});
export type Machine = z.infer<typeof Machine>;

export const BenchResults = z.object({
  version: z.literal(2),
  tree: Tree,
  /** HEAD when the bench ran (null outside git), and whether the timed tree had uncommitted changes. */
  commit: z.string().nullable(),
  dirty: z.boolean().nullable(),
  createdAt: z.string(),
  quick: z.boolean(),
  machine: Machine,
  /** null when the measurement failed (the message is in warnings). */
  ceilings: Ceilings.nullable(),
  groups: z.array(GroupInfo),
  cases: z.array(CaseResult),
  growth: z.array(Growth),
  /** Everything the bench warned about: a busy machine, unreliable figures. */
  warnings: z.array(z.string()),
  wallSeconds: z.number(),
});
export type BenchResults = z.infer<typeof BenchResults>;

/** Lines the child process sends on fd 3. */
export const WorkerMessage = z.discriminatedUnion('type', [
  /** About to do something that runs learner code: the parent's watchdog blames this case if it never returns. */
  z.object({ type: z.literal('busy'), id: z.string(), phase: z.string() }),
  z.object({ type: z.literal('case'), result: CaseResult }),
  z.object({ type: z.literal('ceilings'), ceilings: Ceilings }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessage>;
