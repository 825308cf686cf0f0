/**
 * The two errors every week uses. They are plain classes so that `instanceof` works across weeks,
 * and NotImplemented records itself so the grader can tell "not started" from "wrong" even when a
 * test catches the error (for example `expect(() => f()).toThrow(ShapeError)`).
 */

export type NotImplementedRecord = { fn: string; week: number };

const LOG_KEY = Symbol.for('systems-track.notImplemented');

type GlobalWithLog = typeof globalThis & { [LOG_KEY]?: NotImplementedRecord[] };

/** The stubs thrown so far in this test (reset by the test setup before each test). */
export function notImplementedLog(): NotImplementedRecord[] {
  const g = globalThis as GlobalWithLog;
  g[LOG_KEY] ??= [];
  return g[LOG_KEY];
}

export function clearNotImplementedLog(): void {
  notImplementedLog().length = 0;
}

/** Thrown by every stub body: `throw new NotImplemented('matmul', 1)`. */
export class NotImplemented extends Error {
  readonly fn: string;
  readonly week: number;

  constructor(fn: string, week: number) {
    super(`${fn} (week ${week}) is not implemented yet: replace the \`throw\` in its body with your code.`);
    this.name = 'NotImplemented';
    this.fn = fn;
    this.week = week;
    notImplementedLog().push({ fn, week });
  }
}

/** A shape mismatch. The message names every shape involved, with its symbols where known. */
export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}
