/**
 * What the reporter streams from the Vitest process to the grader, one JSON object per line.
 * Both sides import these types; the grader validates each line with zod before trusting it.
 */
import { z } from 'zod';

export const ErrorInfo = z.object({
  name: z.string(),
  message: z.string(),
  /** The first stack frame inside the project, "weeks/01-linear/linear.ts:12:5", when known. */
  location: z.string().optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;

const NotImplementedRecord = z.object({ fn: z.string(), week: z.number() });

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
    notImplemented: z.array(NotImplementedRecord),
    durationMs: z.number(),
  }),
  /** A test file that could not be collected: a syntax error or a failed import. */
  z.object({ type: z.literal('module-error'), project: z.string(), file: z.string(), errors: z.array(ErrorInfo) }),
  z.object({ type: z.literal('run-end'), reason: z.string(), unhandled: z.array(ErrorInfo) }),
]);
export type RunEvent = z.infer<typeof RunEvent>;
export type TestResultEvent = Extract<RunEvent, { type: 'test-result' }>;
