/**
 * The parent's side of the bench's child processes (worker.ts). Each series of a group runs in a
 * child of its own: its sizes are sampled in rounds side by side, and no other series' state or
 * garbage shares its heap. Learner code can loop forever and a synchronous loop cannot be
 * interrupted from inside its own process, so each child runs in its own process group
 * (harness/child.ts) under a watchdog: when it has said nothing for `limitSeconds` it is killed, the
 * case it last said it was busy with is marked timed out, and a new child runs the remaining cases
 * without it. A child that dies is handled the same way, with its last words.
 */
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parseJson, spawnLimited } from '../child.ts';
import type { Ceilings } from './ceilings.ts';
import type { BenchCase } from './define.ts';
import { caseResult } from './worker.ts';
import { WorkerMessage, type CaseResult, type Measurement } from './schema.ts';
import type { CeilingsPlan, GroupPlan, Plan } from './worker.ts';

/** The harness's own worker, by its real path (a course may reach the harness through a link). */
const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

const STARTUP_SECONDS = 60;

export type ChildOutcome = {
  messages: WorkerMessage[];
  /** done: exited 0; silent: killed by the watchdog; crashed: exited otherwise. */
  ending: 'done' | 'silent' | 'crashed';
  /** The last thing the child said it was doing. */
  busy?: { id: string; phase: string };
  lastWords: string;
};

/** Runs one child; `onMessage` sees each line as it arrives. */
export function runChild(root: string, plan: Plan, limitSeconds: number, onMessage?: (message: WorkerMessage) => void): Promise<ChildOutcome> {
  // The watchdog below stops a silent child; this outer limit only guards against one that talks forever.
  // One GC thread: a kernel on one core is timed by the process's CPU clock, which also counts the
  // helper threads of V8's parallel collector, time that comes with what a kernel allocates rather
  // than with its work (a decode loop here: 5–13 % more CPU than wall time, 1–6 % with one GC
  // thread). With one, the decode steps' growth in t came out at ×1.43–1.66 in seven runs, against
  // ×1.48–1.97 in seven without.
  const { child, kill, closed } = spawnLimited(['--expose-gc', '--single-threaded-gc', '--import', 'tsx', WORKER, JSON.stringify(plan)], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    timeoutMs: 6 * 3600 * 1000,
  });
  const messages: WorkerMessage[] = [];
  let busy: ChildOutcome['busy'];
  let silent = false;
  let stderr = '';
  let watchdog: NodeJS.Timeout | undefined;
  const rearm = (seconds: number) => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      silent = true;
      kill();
    }, seconds * 1000);
  };
  // Starting Node and tsx and importing the course takes seconds on a loaded machine: the first word gets longer.
  rearm(Math.max(limitSeconds, STARTUP_SECONDS));
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  createInterface({ input: child.stdio[3] as Readable }).on('line', (line) => {
    const parsed = WorkerMessage.safeParse(parseJson(line));
    if (!parsed.success) return;
    rearm(limitSeconds);
    if (parsed.data.type === 'busy') busy = { id: parsed.data.id, phase: parsed.data.phase };
    messages.push(parsed.data);
    onMessage?.(parsed.data);
  });
  return closed.then(({ code }) => {
    clearTimeout(watchdog);
    const lastWords = stderr.trim().split('\n').filter((l) => l.trim() !== '').slice(-1)[0] ?? '';
    const ending = silent ? 'silent' : code === 0 ? 'done' : 'crashed';
    return { messages, ending, ...(busy ? { busy } : {}), lastWords: lastWords || `exit code ${code}` };
  });
}

export async function runCeilings(root: string, plan: CeilingsPlan, limitSeconds: number): Promise<Ceilings | string> {
  const outcome = await runChild(root, plan, limitSeconds);
  const found = outcome.messages.find((m) => m.type === 'ceilings');
  if (found?.type === 'ceilings') return found.ceilings;
  return outcome.ending === 'silent' ? `the ceiling measurement said nothing for ${limitSeconds} s and was stopped` : `the ceiling measurement failed: ${outcome.lastWords}`;
}

/** A case that never reported, with the reason. */
export function unreported(c: BenchCase, group: string, week: number, measured: Measurement): CaseResult {
  return caseResult(c, group, week, { flops: { value: null, from: c.flops.from }, bytes: { value: null, from: c.bytes.from }, notes: [], measured });
}

/**
 * The given cases (one series of a group), in order: measured by one child, or by a few when a case
 * hangs or kills its process (each restart leaves out the cases already settled).
 */
export async function runCases(plan: Omit<GroupPlan, 'cases'>, cases: readonly BenchCase[], limitSeconds: number): Promise<CaseResult[]> {
  const settled = new Map<string, CaseResult>();
  const blame = (outcome: ChildOutcome): Measurement =>
    outcome.ending === 'silent'
      ? { status: 'timed-out', limitSeconds }
      : { status: 'error', message: `the bench process died (${outcome.lastWords})` };
  for (let attempt = 0; attempt <= cases.length && settled.size < cases.length; attempt++) {
    const outcome = await runChild(plan.root, { ...plan, cases: cases.filter((c) => !settled.has(c.id)).map((c) => c.id) }, limitSeconds);
    for (const m of outcome.messages) if (m.type === 'case') settled.set(m.result.id, m.result);
    if (outcome.ending === 'done') break;
    const culprit = outcome.busy && !settled.has(outcome.busy.id) ? cases.find((c) => c.id === outcome.busy!.id) : undefined;
    if (!culprit) {
      for (const c of cases) if (!settled.has(c.id)) settled.set(c.id, unreported(c, plan.group, plan.week, blame(outcome)));
      break;
    }
    settled.set(culprit.id, unreported(culprit, plan.group, plan.week, blame(outcome)));
  }
  const never: Measurement = { status: 'error', message: 'the bench process ended without measuring this case' };
  return cases.map((c) => settled.get(c.id) ?? unreported(c, plan.group, plan.week, never));
}

/** Every case of a group, one child per series (in the order the series first appear), in the group's order. */
export async function runGroup(plan: Omit<GroupPlan, 'cases'>, cases: readonly BenchCase[], limitSeconds: number): Promise<CaseResult[]> {
  const series = [...new Set(cases.map((c) => c.series))];
  const results: CaseResult[] = [];
  for (const name of series) results.push(...(await runCases(plan, cases.filter((c) => c.series === name), limitSeconds)));
  return cases.map((c) => results.find((r) => r.id === c.id)!);
}
