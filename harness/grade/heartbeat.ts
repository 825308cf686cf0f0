/**
 * A setup file the grader adds to every project it runs (see reporter.ts, onInit). It writes one
 * JSON line per check start and end, synchronously, to the file named by SYSTEMS_TRACK_HEARTBEAT.
 *
 * Why: Vitest batches a worker's test updates (every 100 ms), so when a learner's `while (true) {}`
 * blocks the worker, the update for the check that hung never reaches the reporter. These lines
 * always do, so the grader's watchdog can name the check that hung. They are written by the same
 * process as the learner's code, so the grader trusts them for nothing else (see events.ts).
 */
import { appendFileSync } from 'node:fs';
import { afterEach, beforeEach, expect } from 'vitest';
import type { Heartbeat } from './events.ts';

type Named = { name: string; suite?: Named; filepath?: string };

const path = process.env.SYSTEMS_TRACK_HEARTBEAT;

function write(beat: Heartbeat): void {
  if (path) appendFileSync(path, `${JSON.stringify(beat)}\n`);
}

/** "describe > test", the same full name the reporter sends. */
function fullName(task: Named): string {
  const parts = [task.name];
  for (let suite = task.suite; suite && suite.filepath === undefined; suite = suite.suite) parts.unshift(suite.name);
  return parts.join(' > ');
}

if (path) {
  // Setup files run before the test file is imported: a hang from here on, before any "start", is a hang while loading.
  write({ phase: 'load', file: expect.getState().testPath ?? '', at: Date.now() });
  beforeEach((context) => write({ phase: 'start', file: context.task.file.filepath, fullName: fullName(context.task), at: Date.now() }));
  afterEach((context) => write({ phase: 'end', file: context.task.file.filepath, fullName: fullName(context.task), at: Date.now() }));
}
