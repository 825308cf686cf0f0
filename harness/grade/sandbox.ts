/**
 * The learner's code runs under Node's permission model: it may read files and start worker
 * threads (week 6 needs them), but it may not write a file (except the grader's heartbeat), start
 * a process or load a native addon. So no learner module can rewrite a test, the harness or the
 * stored progress while it is being graded.
 */
import { dirname } from 'node:path';

export function sandboxExecArgv(env: NodeJS.ProcessEnv = process.env): string[] {
  const heartbeat = env.SYSTEMS_TRACK_HEARTBEAT;
  return [
    '--experimental-permission',
    '--allow-fs-read=*',
    '--allow-worker',
    ...(heartbeat ? [`--allow-fs-write=${dirname(heartbeat)}/*`] : []),
    '--disable-warning=ExperimentalWarning',
  ];
}
