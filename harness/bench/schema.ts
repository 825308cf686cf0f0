/**
 * The bench's results as JSON (site/out/bench.json): one record per case, with what the learner's
 * formulas predicted and what the clock measured, and the growth between consecutive sizes. The site
 * reads this file to chart predicted against measured, so the schema is the contract.
 */
import { z } from 'zod';

export const GROUPS = ['matmul', 'linear', 'attention', 'decode'] as const;
export const Group = z.enum(GROUPS);
export type Group = z.infer<typeof Group>;

/** A prediction from one of the learner's formula functions, or why there is none. */
export const Prediction = z.object({
  value: z.number().nullable(),
  /** Which function gave it, e.g. "attentionFlops(dims).total (week 3)". */
  from: z.string(),
  /** Set when value is null: "not implemented yet (week 3)" or the error. */
  note: z.string().optional(),
});
export type Prediction = z.infer<typeof Prediction>;

export const Measurement = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), medianSeconds: z.number(), samples: z.array(z.number()) }),
  z.object({ status: z.literal('not-implemented'), week: z.number(), fn: z.string() }),
  z.object({ status: z.literal('error'), message: z.string() }),
  z.object({ status: z.literal('timed-out'), limitSeconds: z.number() }),
]);
export type Measurement = z.infer<typeof Measurement>;

export const CaseResult = z.object({
  id: z.string(),
  group: Group,
  /** Cases in one series differ only in x; growth compares neighbours in a series. */
  series: z.string(),
  label: z.string(),
  week: z.number().int(),
  x: z.number(),
  xName: z.string(),
  flops: Prediction,
  bytes: Prediction,
  measured: Measurement,
  /** predicted FLOPs ÷ median seconds, when both exist. */
  flopsPerSecond: z.number().nullable(),
});
export type CaseResult = z.infer<typeof CaseResult>;

export const Growth = z.object({
  series: z.string(),
  from: z.string(),
  to: z.string(),
  predicted: z.number().nullable(),
  measured: z.number().nullable(),
});
export type Growth = z.infer<typeof Growth>;

export const BenchResults = z.object({
  version: z.literal(1),
  tree: z.enum(['weeks', 'solutions']),
  createdAt: z.string(),
  machine: z.object({ cpu: z.string(), cores: z.number().int(), node: z.string() }),
  cases: z.array(CaseResult),
  growth: z.array(Growth),
  wallSeconds: z.number(),
});
export type BenchResults = z.infer<typeof BenchResults>;

/** One line the child process sends back per finished case. */
export const WorkerMessage = z.object({ type: z.literal('case'), result: CaseResult });
