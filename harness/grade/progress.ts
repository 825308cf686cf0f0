/**
 * The progress document: what `npm run grade --json` prints and writes to .course/progress.json.
 * The site and watch mode read it; zod validates it on both sides.
 */
import { z } from 'zod';
import { CATEGORIES } from '../course/schema.ts';

export const CHECK_STATUSES = ['passed', 'failed', 'not started', 'blocked', 'timed out', 'crashed'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

const Blocker = z.object({ week: z.number().int(), fn: z.string() });

export const Check = z.object({
  week: z.number().int(),
  file: z.string(),
  /** Describe blocks and test name: "shapes > dW has shape [D_in, D_out]". */
  id: z.string(),
  name: z.string(),
  category: z.enum(CATEGORIES),
  status: z.enum(CHECK_STATUSES),
  message: z.string().optional(),
  location: z.string().optional(),
  blockedBy: Blocker.optional(),
  /** For a failed assertion that compared values. */
  expected: z.string().optional(),
  actual: z.string().optional(),
  /** For a failed shape check: the spec's ledger row it checks. */
  ledger: z.object({ symbol: z.string(), shape: z.string(), meaning: z.string() }).optional(),
});
export type Check = z.infer<typeof Check>;

const Tally = z.object({ passed: z.number().int(), total: z.number().int() });

export const WEEK_STATUSES = ['complete', 'in progress', 'not started', 'blocked'] as const;

export const WeekProgress = z.object({
  number: z.number().int(),
  slug: z.string(),
  title: z.string(),
  status: z.enum(WEEK_STATUSES),
  blockedBy: Blocker.optional(),
  noteWritten: z.boolean(),
  /** The note's prompts that have no answer of substance yet. */
  unanswered: z.array(z.string()).optional(),
  gradedAt: z.string().optional(),
  categories: z.partialRecord(z.enum(CATEGORIES), Tally),
  tally: Tally,
  checks: z.array(Check),
});
export type WeekProgress = z.infer<typeof WeekProgress>;

export const Progress = z.object({
  version: z.literal(1),
  tree: z.enum(['weeks', 'solutions']),
  /** When the checks ran (ISO 8601). Weeks not selected by --week keep the time of their own last grading. */
  gradedAt: z.string().optional(),
  weeks: z.array(WeekProgress),
  overall: Tally,
});
export type Progress = z.infer<typeof Progress>;
