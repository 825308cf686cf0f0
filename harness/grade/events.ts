/**
 * What the reporter streams from the Vitest process to the grader, one JSON object per line, and
 * what the heartbeat writes from inside the workers. Both sides import these types; the grader
 * validates each line with zod before using it. Everything the grader acts on is a field here,
 * never a phrase inside a message.
 */
import { z } from 'zod';
import { LedgerRef } from '../progress/document.ts';

export const NotImplementedRecord = z.object({ fn: z.string(), week: z.number() });
export type NotImplementedRecord = z.infer<typeof NotImplementedRecord>;

export const ErrorInfo = z.object({
  name: z.string(),
  message: z.string(),
  /** The first stack frame inside the project, "weeks/01-linear/linear.ts:12:5", when known. */
  location: z.string().optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  /** Set when the error is a stub's NotImplemented (thrown while a file loaded, for example). */
  notImplemented: NotImplementedRecord.optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;

/** What a check records about itself while it runs (harness/testing/setup.ts and the trusted helpers). */
export const CheckMeta = z.object({
  notImplemented: z.array(NotImplementedRecord).default([]),
  /** A failed shape check: the ledger row it checked. */
  ledger: LedgerRef.optional(),
});
export type CheckMeta = z.infer<typeof CheckMeta>;

/** One test as collected, before it runs: the check inventory of a file, in source order. */
export const CollectedTest = z.object({ fullName: z.string(), name: z.string(), tags: z.array(z.string()) });
export type CollectedTest = z.infer<typeof CollectedTest>;

const TestRef = {
  project: z.string(),
  /** Path relative to the project root, with forward slashes. */
  file: z.string(),
  /** Describe blocks and test name joined by " > ": unique within a file. */
  fullName: z.string(),
  name: z.string(),
};

export const RunEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('test-start'), ...TestRef }),
  z.object({
    type: z.literal('test-result'),
    ...TestRef,
    tags: z.array(z.string()),
    state: z.enum(['passed', 'failed', 'skipped', 'pending']),
    errors: z.array(ErrorInfo),
    meta: CheckMeta,
    durationMs: z.number(),
  }),
  /** A test file that could not be collected: a syntax error or a failed import. */
  z.object({ type: z.literal('module-error'), project: z.string(), file: z.string(), errors: z.array(ErrorInfo) }),
  /** A file was handed to a worker. */
  z.object({ type: z.literal('module-queued'), project: z.string(), file: z.string() }),
  /** A file's tests, collected (imports done), in source order. */
  z.object({ type: z.literal('module-collected'), project: z.string(), file: z.string(), tests: z.array(CollectedTest) }),
  /** A file finished (after any module-error for it). */
  z.object({ type: z.literal('module-end'), project: z.string(), file: z.string() }),
  z.object({ type: z.literal('run-end'), reason: z.string(), unhandled: z.array(ErrorInfo) }),
]);
export type RunEvent = z.infer<typeof RunEvent>;
export type TestResultEvent = Extract<RunEvent, { type: 'test-result' }>;

/**
 * What harness/grade/heartbeat.ts writes from inside the worker, synchronously, to a file the grader
 * names: the reporter's events are batched by Vitest and never arrive from a worker stuck in a loop,
 * so these lines are how the grader knows which check hung. They come from the same process as the
 * learner's code, so they only ever name a hang: a pass counts only when the reporter reports it.
 */
export const Heartbeat = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('load'), file: z.string(), at: z.number() }),
  z.object({ phase: z.literal('start'), file: z.string(), fullName: z.string(), at: z.number() }),
  z.object({ phase: z.literal('end'), file: z.string(), fullName: z.string(), at: z.number() }),
]);
export type Heartbeat = z.infer<typeof Heartbeat>;
