/**
 * What a week's hook computes from the published tree's code, as it crosses from the child process
 * back to the builder. zod validates it there: the child ran learner code, so its output is data to
 * check, not to trust.
 */
import { z } from 'zod';

/** One row of a results table: the learner's number beside the spec's, when the spec has one. */
export const Comparison = z.object({
  label: z.string(),
  value: z.number().nullable(),
  expected: z.number().optional(),
  unit: z.enum(['bytes', 'flops', 'count']).optional(),
});
export type Comparison = z.infer<typeof Comparison>;

export const ResultTable = z.object({ title: z.string(), caption: z.string().optional(), rows: z.array(Comparison) });
export type ResultTable = z.infer<typeof ResultTable>;

/** A figure as a vega-lite spec with its data inline; the builder renders it to SVG. */
export const FigureData = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string(),
  description: z.string(),
  spec: z.record(z.string(), z.unknown()),
});
export type FigureData = z.infer<typeof FigureData>;

/** The shapes the code produced at one worked example's dims, keyed by the names the hook gave them. */
export const LedgerResult = z.object({
  example: z.string(),
  dims: z.record(z.string(), z.number()),
  shapes: z.record(z.string(), z.array(z.number())),
});
export type LedgerResult = z.infer<typeof LedgerResult>;

export const Problem = z.object({ part: z.string(), message: z.string() });
export type Problem = z.infer<typeof Problem>;

export const WeekResults = z.object({
  ledger: LedgerResult.optional(),
  tables: z.array(ResultTable),
  figures: z.array(FigureData),
  problems: z.array(Problem),
});
export type WeekResults = z.infer<typeof WeekResults>;

export function emptyResults(problems: Problem[] = []): WeekResults {
  return { tables: [], figures: [], problems };
}
