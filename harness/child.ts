/**
 * Child processes that may run a learner's code (grading, site figures, the bench): each starts in
 * its own process group with a wall-clock limit, because a synchronous infinite loop can only be
 * stopped from outside, and killing the group reaches every worker it started.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';

export type LimitedOptions = {
  cwd: string;
  stdio: StdioOptions;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Called when the limit is reached, just before the group is killed. */
  onTimeout?: () => void;
};

export type LimitedChild = {
  child: ChildProcess;
  /** Kills the whole group now. */
  kill(): void;
  /** Resolves once the child has closed; the group is killed then too, so no worker outlives it. */
  closed: Promise<{ code: number | null; timedOut: boolean }>;
};

export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** `node <args>` in its own process group, killed at the time limit. */
export function spawnLimited(args: string[], options: LimitedOptions): LimitedChild {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: options.stdio, detached: true });
  const kill = () => killGroup(child.pid);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    options.onTimeout?.();
    kill();
  }, options.timeoutMs);
  const closed = new Promise<{ code: number | null; timedOut: boolean }>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      kill();
      resolve({ code, timedOut });
    });
  });
  return { child, kill, closed };
}

/** JSON.parse that answers undefined for text a crashing child cut short. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
