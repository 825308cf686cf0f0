/**
 * Run: Vitest in a child process, in its own process group, with a wall-clock limit. Results stream
 * back over a pipe (fd 3) from harness/grade/reporter.ts. A synchronous infinite loop in a learner's
 * code cannot be interrupted by Vitest itself, so on time-out the whole group is killed and the run
 * reports which tests had started but not finished.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { RunEvent } from './events.ts';

export type RunOptions = {
  root: string;
  projects: string[];
  /** Test files to run (relative to root); all of the projects' files when omitted. */
  files?: string[];
  /** Wall-clock limit for the whole run. */
  timeoutMs: number;
  /** Extra environment for the Vitest process. */
  env?: Record<string, string>;
  /** Called for every event as it arrives. */
  onEvent?: (event: RunEvent) => void;
};

export type RunOutcome = {
  events: RunEvent[];
  timedOut: boolean;
  exitCode: number | null;
  /** Vitest's own output, for diagnosing a run that produced no events. */
  output: string;
};

const VITEST = join('node_modules', 'vitest', 'vitest.mjs');
const REPORTER = join('harness', 'grade', 'reporter.ts');

export function runVitest(options: RunOptions): Promise<RunOutcome> {
  const args = [VITEST, 'run', '--reporter', `./${REPORTER}`, '--no-color', ...(options.files ?? [])];
  for (const project of options.projects) args.push('--project', project);
  const child = spawn(process.execPath, args, {
    cwd: options.root,
    detached: true, // its own process group, so a kill reaches the workers too
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env, SYSTEMS_TRACK_EVENTS_FD: '3', FORCE_COLOR: '0' },
  });
  const events: RunEvent[] = [];
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const lines = createInterface({ input: child.stdio[3] as Readable });
  lines.on('line', (line) => {
    const parsed = RunEvent.safeParse(safeJson(line));
    if (!parsed.success) return;
    events.push(parsed.data);
    options.onEvent?.(parsed.data);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, options.timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      killGroup(child.pid); // workers left behind by a crash
      resolve({ events, timedOut, exitCode, output });
    });
  });
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
