/**
 * Learner code runs under Node's permission model: it may read files and start worker threads
 * (week 6 needs them), but it may not write a file outside one scratch folder, start a process or
 * load a native addon. So no learner module can rewrite a test, the harness or the stored progress
 * while it is being graded or published.
 */
import { dirname } from 'node:path';

/** Node flags for a process that runs learner code; `writable` is the one folder it may write (the grader's heartbeat, a result file). */
export function sandboxExecArgv(writable?: string): string[] {
  return [
    '--experimental-permission',
    '--allow-fs-read=*',
    '--allow-worker',
    ...(writable ? [`--allow-fs-write=${writable}/*`] : []),
    '--disable-warning=ExperimentalWarning',
    '--disable-warning=SecurityWarning',
  ];
}

/** The learner project's flags: writes only to the folder of the heartbeat file the grader named. */
export function learnerExecArgv(env: NodeJS.ProcessEnv = process.env): string[] {
  return sandboxExecArgv(env.SYSTEMS_TRACK_HEARTBEAT ? dirname(env.SYSTEMS_TRACK_HEARTBEAT) : undefined);
}
