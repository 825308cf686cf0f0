/**
 * Setup for the `ui` project only (npm run ui), after harness/testing/setup.ts: in the Vitest UI a
 * check that failed because a stub still throws NotImplemented is shown as skipped, with a note naming
 * the function, so red means a real mistake. A stub of the check's own week makes it "not started";
 * one of an earlier week "blocked" (the grader's own two statuses, score.ts).
 *
 * The grader, the learner project and the proof's stubs project never load this file: there every
 * check still fails on the shipped stubs, and fails because of NotImplemented.
 */
import { afterEach } from 'vitest';
import { notImplementedLog, type NotImplementedRecord } from '../runtime/errors.ts';

/** The week of a test file under weeks/NN-slug/, or undefined. */
export function weekOfTestFile(path: string): number | undefined {
  const match = /[/\\](\d{2})-[^/\\]+[/\\][^/\\]+\.test\.ts$/.exec(path);
  return match ? Number(match[1]) : undefined;
}

/** Why a failed check of `week` only waits for code not written yet, or undefined when it is a real failure. */
export function waitingNote(records: readonly NotImplementedRecord[], week: number): string | undefined {
  const earlier = [...records].filter((r) => r.week < week).sort((a, b) => a.week - b.week)[0];
  if (earlier) return `blocked: week ${earlier.week}'s ${earlier.fn} still throws NotImplemented`;
  const own = records.find((r) => r.week === week);
  return own ? `not started: ${own.fn} still throws NotImplemented` : undefined;
}

afterEach((context) => {
  const result = context.task.result;
  const week = weekOfTestFile(context.task.file.filepath);
  if (result?.state !== 'fail' || week === undefined) return;
  const note = waitingNote(notImplementedLog(), week);
  if (note === undefined) return;
  // Vitest's runner turns a result marked skipped in an afterEach into a skipped check with this note
  // (the field `context.skip(note)` fills, which TaskResult's public type leaves out).
  Object.assign(result, { state: 'skip', note });
});
