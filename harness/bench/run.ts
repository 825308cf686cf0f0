/**
 * Runs one group of cases in a child process with a wall-clock limit. Learner code can loop
 * forever, and a synchronous loop cannot be interrupted from inside its own process, so the child
 * gets its own process group and is killed whole on time-out; results already sent back are kept,
 * and the cases that never reported are marked timed out (or crashed, with the child's last words).
 */
import { parseJson, spawnLimited } from '../child.ts';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { casesFor } from './cases.ts';
import { WorkerMessage, type CaseResult, type Group, type Measurement } from './schema.ts';

/** tree: the folder under root holding NN-slug/module.ts, normally weeks or solutions. */
export type GroupRun = { root: string; tree: string; group: Group; limitSeconds: number };

const WORKER = join('harness', 'bench', 'worker.ts');

function parseLine(line: string): CaseResult | undefined {
  const parsed = WorkerMessage.safeParse(parseJson(line));
  return parsed.success ? parsed.data.result : undefined;
}

/** The cases of the group that never reported, with the reason. */
export function missingResults(group: Group, got: readonly CaseResult[], measured: Measurement): CaseResult[] {
  const done = new Set(got.map((r) => r.id));
  return casesFor(group)
    .filter((c) => !done.has(c.id))
    .map(({ id, group: g, series, label, week, x, xName, flops, bytes }) => ({
      id, group: g, series, label, week, x, xName, measured, flopsPerSecond: null,
      flops: { value: null, from: flops.from }, bytes: { value: null, from: bytes.from },
    }));
}

export function runGroup(run: GroupRun): Promise<CaseResult[]> {
  const { child, closed } = spawnLimited(['--expose-gc', '--import', 'tsx', WORKER, run.root, run.tree, run.group], {
    cwd: run.root,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    timeoutMs: run.limitSeconds * 1000,
  });
  const results: CaseResult[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  createInterface({ input: child.stdio[3] as Readable }).on('line', (line) => {
    const result = parseLine(line);
    if (result) results.push(result);
  });
  return closed.then(({ code, timedOut }) => {
    const lastWords = stderr.trim().split('\n').slice(-1)[0] ?? '';
    const reason: Measurement = timedOut
      ? { status: 'timed-out', limitSeconds: run.limitSeconds }
      : { status: 'error', message: `the bench process exited (code ${code}) before this case: ${lastWords}` };
    return [...results, ...missingResults(run.group, results, reason)];
  });
}
