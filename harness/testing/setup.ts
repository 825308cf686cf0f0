/**
 * Setup for every week test, run before the test file (and so before any learner module) loads.
 *
 * - Freezes the built-ins the trusted helpers rely on, so a learner module cannot change what a
 *   check computes (`Math.abs = () => 0` throws a TypeError naming the line instead).
 * - Records which stubs threw NotImplemented during each test in the test's meta, so the grader
 *   can say "not started" or "blocked by week N" even when the test caught the error itself.
 */
import { afterEach, beforeEach } from 'vitest';
import { clearNotImplementedLog, notImplementedLog, type NotImplementedRecord } from '../runtime/errors.ts';
import type { LedgerRow } from '../course/spec.ts';

declare module 'vitest' {
  interface TaskMeta {
    notImplemented?: NotImplementedRecord[];
    ledger?: Pick<LedgerRow, 'symbol' | 'shape' | 'meaning'>;
  }
}

const typedArray = Object.getPrototypeOf(Float64Array) as object;
for (const intrinsic of [Math, JSON, Reflect, Number, Object, Array, Float64Array, typedArray, Number.prototype, Array.prototype, Float64Array.prototype, Object.getPrototypeOf(Float64Array.prototype) as object]) {
  Object.freeze(intrinsic);
}

beforeEach(() => {
  clearNotImplementedLog();
});

afterEach((context) => {
  const log = notImplementedLog();
  if (log.length > 0) context.task.meta.notImplemented = [...log];
});
