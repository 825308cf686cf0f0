/**
 * The progress document: the contract between grading, which writes it, and everything that reads
 * it (the site, watch, hint, the bench's predictions). `npm run grade -- --json` prints it and
 * .course/progress.json stores it; zod validates it on both sides. Stages pass these typed fields,
 * never each other's messages.
 */
import { z } from 'zod';
import { CATEGORIES, PREDICTION_KINDS } from '../course/schema.ts';

export const CHECK_STATUSES = ['passed', 'failed', 'not started', 'blocked', 'timed out', 'crashed'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

const Blocker = z.object({ week: z.number().int(), fn: z.string() });

/** Why a timed-out check did not finish: it hung itself, its file was stopped because another check hung, or loading hung. */
export const Stop = z.object({
  kind: z.enum(['hung', 'stopped', 'loading']),
  seconds: z.number(),
  /** For 'stopped': the name of the check that hung. */
  by: z.string().optional(),
});
export type Stop = z.infer<typeof Stop>;

export const LedgerRef = z.object({ symbol: z.string(), shape: z.string(), meaning: z.string() });

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
  stop: Stop.optional(),
  /** For a failed assertion that compared values. */
  expected: z.string().optional(),
  actual: z.string().optional(),
  /** For a failed shape check: the spec's ledger row it checks. */
  ledger: LedgerRef.optional(),
});
export type Check = z.infer<typeof Check>;

const Tally = z.object({ passed: z.number().int(), total: z.number().int() });

export const WEEK_STATUSES = ['complete', 'in progress', 'not started', 'blocked', 'modified course'] as const;
export type WeekStatus = (typeof WEEK_STATUSES)[number];

/** A value as the learner wrote it and as it was read: a number, a shape or a choice. */
export const PredictedValue = z.union([z.number(), z.array(z.number()), z.string()]);
export type PredictedValue = z.infer<typeof PredictedValue>;

export const PredictionEntry = z.object({
  /** The answer as written in predictions.yaml. */
  text: z.string(),
  value: PredictedValue,
  /** When the grader first saw this answer (ISO 8601). */
  at: z.string(),
  /** Whether the code the question is about had been started when the answer was first seen. */
  codeStarted: z.boolean(),
});
export type PredictionEntry = z.infer<typeof PredictionEntry>;

export const SCORES = ['hit', 'close', 'miss'] as const;
export type Score = (typeof SCORES)[number];

/** "Your code did" beside "your formula says", from the stored profile (harness/profile/truth.ts). */
export const ProfileTruth = z.object({
  case: z.string(),
  measure: z.string(),
  what: z.string().optional(),
  from: z.string().optional(),
  formula: z.number().optional(),
  code: z.number().optional(),
  /** (code − formula) / formula. */
  difference: z.number().optional(),
  /** Where they differ by more than 10 %: the op whose count comes closest to the gap. */
  op: z.string().optional(),
  /** Why there is nothing to compare yet, with the command that measures it. */
  pending: z.string().optional(),
});
export type ProfileTruth = z.infer<typeof ProfileTruth>;

export const PredictionResult = z.object({
  id: z.string(),
  kind: z.enum(PREDICTION_KINDS),
  question: z.string(),
  module: z.string(),
  /** The first answer the grader saw, kept whatever happens to the file later. */
  first: PredictionEntry.optional(),
  /** Later, different answers, oldest first. */
  revisions: z.array(PredictionEntry),
  /** What the file says now, when it cannot be read: the message names the file, the question and what was expected. */
  problem: z.string().optional(),
  /** The learner's code's answer, once the module's checks pass (or the bench measured it). */
  truth: PredictedValue.optional(),
  /** Why there is no truth yet: "linear.ts has failing checks", "run npm run bench", ... */
  pending: z.string().optional(),
  score: z.enum(SCORES).optional(),
  /** first ÷ truth, for numbers. */
  ratio: z.number().optional(),
  /** A bench truth taken while the bench warned (or across two clocks): shown, not scored, and why. */
  unreliable: z.string().optional(),
  /** The second truth: what the code ran at the profile's size, beside what its formula says there. */
  profile: ProfileTruth.optional(),
  /** The known mistake (a mutant's name in solutions/NN-slug/mutants.yaml) the first answer equals, to the precision it was written in: scored a miss. */
  mistake: z.string().optional(),
  /** Why the score is what it is, or what a pending prediction waits for and the command that scores it: one line. */
  reason: z.string().optional(),
  /** For a pending prediction: the command that scores it once what it waits for is done ("npm run grade", "npm run bench"). */
  scoredBy: z.string().optional(),
});
export type PredictionResult = z.infer<typeof PredictionResult>;

export const PredictionTally = z.object({
  asked: z.number().int(),
  answered: z.number().int(),
  hit: z.number().int(),
  close: z.number().int(),
  miss: z.number().int(),
  /** Answered but not scored yet (the code does not pass, the bench has not measured). Absent in documents written before it was counted. */
  pending: z.number().int().optional(),
});
export type PredictionTally = z.infer<typeof PredictionTally>;

export const WeekProgress = z.object({
  number: z.number().int(),
  slug: z.string(),
  title: z.string(),
  status: z.enum(WEEK_STATUSES),
  blockedBy: Blocker.optional(),
  /** Course files of this week (or the harness) that differ from the course as shipped, or "imports solutions/": the week cannot count as complete. */
  modified: z.array(z.string()).optional(),
  noteWritten: z.boolean(),
  /** The note's prompts that have no answer of substance yet. */
  unanswered: z.array(z.string()).optional(),
  /** Why the note could not be read (too large), naming the file. */
  noteProblem: z.string().optional(),
  gradedAt: z.string().optional(),
  /** A hash of every file the grade of this week read (learner modules of this and earlier weeks, note, predictions, course files). */
  fingerprint: z.string().optional(),
  categories: z.partialRecord(z.enum(CATEGORIES), Tally),
  tally: Tally,
  checks: z.array(Check),
  predictions: z.array(PredictionResult).default([]),
  predictionTally: PredictionTally.optional(),
});
export type WeekProgress = z.infer<typeof WeekProgress>;

export const TREES = ['weeks', 'solutions'] as const;
export type Tree = (typeof TREES)[number];

export const Progress = z.object({
  version: z.literal(2),
  tree: z.enum(TREES),
  /** When the checks ran (ISO 8601). Weeks not selected by --week keep the time of their own last grading. */
  gradedAt: z.string().optional(),
  /** The course as shipped that grading compared against: a git commit, or why none could be checked. */
  course: z.object({ commit: z.string().optional(), note: z.string() }).optional(),
  weeks: z.array(WeekProgress),
  overall: Tally,
});
export type Progress = z.infer<typeof Progress>;

type TallyValue = z.infer<typeof Tally>;

export function tally(checks: readonly Check[]): TallyValue {
  return { passed: checks.filter((c) => c.status === 'passed').length, total: checks.length };
}

/** The document with its overall tally recomputed from its weeks, in course order. */
export function withOverall(progress: Progress): Progress {
  const weeks = [...progress.weeks].sort((a, b) => a.number - b.number);
  return { ...progress, weeks, overall: tally(weeks.flatMap((w) => w.checks)) };
}

/** `update`'s weeks replace the same weeks of `base`: how watch mode and `--week` keep the rest of the picture. */
export function mergeProgress(base: Progress | undefined, update: Progress): Progress {
  if (!base || base.tree !== update.tree) return withOverall(update);
  const replaced = new Set(update.weeks.map((w) => w.number));
  return withOverall({ ...update, weeks: [...base.weeks.filter((w) => !replaced.has(w.number)), ...update.weeks] });
}
