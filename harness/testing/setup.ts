/**
 * Setup for every week test. Records which stubs threw NotImplemented during each test in the
 * test's meta, so the grader can say "not started" or "blocked by week N" even when the test
 * caught the error itself.
 */
import { afterEach, beforeEach } from 'vitest';
import { clearNotImplementedLog, notImplementedLog, type NotImplementedRecord } from '../runtime/errors.ts';

declare module 'vitest' {
  interface TaskMeta {
    notImplemented?: NotImplementedRecord[];
  }
}

beforeEach(() => {
  clearNotImplementedLog();
});

afterEach((context) => {
  const log = notImplementedLog();
  if (log.length > 0) context.task.meta.notImplemented = [...log];
});
