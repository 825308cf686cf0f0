/**
 * The bench's child process, `node --expose-gc --single-threaded-gc --import tsx worker.ts '<plan as JSON>'`. Either it
 * measures the machine's ceilings, or it runs one group: loads the course's modules from the timed
 * tree, asks the learner's formulas for each case's FLOPs and bytes, sets every case up and warms it
 * up, then samples the cases in rounds (stats.ts). Everything goes back to the parent as JSON lines
 * on fd 3; before anything that runs learner code it says which case it is busy with, so the parent
 * can blame the case that hangs and start again without it.
 */
import { realpathSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NotImplemented } from '../runtime/index.ts';
import { measureCeilings, type CeilingOptions } from './ceilings.ts';
import { isBenchFile, makeCase, type BenchCase, type BenchMachine, type Formula } from './define.ts';
import { loadModules, ModuleUnavailable, type ModuleSource } from './modules.ts';
import type { CaseResult, Measurement, Prediction, Tree, WorkerMessage } from './schema.ts';
import { cpuClock, sampleRounds, summarize, systemClock, warmUp, type Clock, type Timed, type TimingOptions } from './stats.ts';

export type GroupPlan = {
  kind: 'group';
  root: string;
  tree: Tree;
  /** The bench file, relative to root. */
  file: string;
  group: string;
  week: number;
  modules: ModuleSource[];
  /** The ids of the cases to run: one series, less any a previous child already settled (or hung on). */
  cases: string[];
  timing: TimingOptions;
  machine: BenchMachine;
  /** 'wall' when the group has a kernel on worker threads: every case is then timed by the wall clock, so a speed-up compares one clock with itself. */
  clock?: 'wall';
};
export type CeilingsPlan = { kind: 'ceilings'; options: CeilingOptions };
export type Plan = GroupPlan | CeilingsPlan;

function isNotImplemented(error: unknown): error is NotImplemented {
  return error instanceof NotImplemented || (error instanceof Error && error.name === 'NotImplemented' && 'week' in error && 'fn' in error);
}

function firstLine(error: unknown): string {
  if (error instanceof ModuleUnavailable) return error.message;
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split('\n')[0]!;
}

export function predict<M>(formula: Formula<M>, m: M, machine: BenchMachine): Prediction {
  try {
    const value = formula.value(m, { machine });
    return Number.isFinite(value) ? { value, from: formula.from } : { value: null, from: formula.from, note: `not a finite number: ${value}` };
  } catch (error) {
    const note = isNotImplemented(error) ? `not implemented yet (week ${error.week}: ${error.fn})` : firstLine(error);
    return { value: null, from: formula.from, note };
  }
}

export function failure(error: unknown): Measurement {
  if (isNotImplemented(error)) return { status: 'not-implemented', week: error.week, fn: error.fn };
  return { status: 'error', message: firstLine(error) };
}

/** Samples in seconds per run; the measurement is per kernel call, `steps` of them to a run. */
export function measurement(samples: number[], batch: number, steps: number, clock: 'cpu' | 'wall'): Measurement {
  const perCall = samples.map((seconds) => seconds / steps);
  const { median, q1, q3, spread } = summarize(perCall);
  const load = Math.round(loadavg()[0]! * 100) / 100;
  return { status: 'ok', medianSeconds: median, q1Seconds: q1, q3Seconds: q3, spread, batch, steps, clock, load, samples: perCall };
}

/**
 * A kernel on one core by the CPU clock; one on worker threads by the wall clock (its threads' CPU
 * times would add up), and so is every kernel of its group (`forced`): a speed-up divides two times
 * of one clock, never a wall time by a CPU time.
 */
export function clockFor(c: BenchCase, forced?: 'wall'): { name: 'cpu' | 'wall'; clock: Clock } {
  return c.cores === 'all' || forced === 'wall' ? { name: 'wall', clock: systemClock } : { name: 'cpu', clock: cpuClock };
}

/** A case's result before the parent places it on the roofline. */
export function caseResult(c: BenchCase, group: string, week: number, parts: { flops: Prediction; bytes: Prediction; notes: string[]; measured: Measurement }): CaseResult {
  const { id, series, label, x, xName } = c;
  return { id, group, series, label, week, x, xName, cores: c.cores ?? 1, ...parts, roofline: null, flopsPerSecond: null, ofPeak: null, ofRoofline: null };
}

function send(message: WorkerMessage): void {
  writeSync(3, `${JSON.stringify(message)}\n`);
}

export async function benchGroup(plan: GroupPlan, tell: (message: WorkerMessage) => void = send): Promise<void> {
  const exported = ((await import(pathToFileURL(join(plan.root, plan.file)).href)) as { default?: unknown }).default;
  if (!isBenchFile(exported) || !exported.groups[plan.group]) throw new Error(`${plan.file} has no group "${plan.group}"`);
  const cases = exported.groups[plan.group]!.cases(makeCase).filter((c) => plan.cases.includes(c.id));
  const m = await loadModules(plan.root, plan.modules);
  const busy = (id: string, phase: string) => tell({ type: 'busy', id, phase });
  const report = (c: BenchCase, parts: Parameters<typeof caseResult>[3]) => tell({ type: 'case', result: caseResult(c, plan.group, plan.week, parts) });

  const ready: { c: BenchCase; flops: Prediction; bytes: Prediction; notes: string[]; timed: Timed; batch: number; clock: Clock }[] = [];
  for (const c of cases) {
    busy(c.id, 'predictions');
    const flops = predict(c.flops, m, plan.machine);
    const bytes = predict(c.bytes, m, plan.machine);
    const notes: string[] = [];
    try {
      busy(c.id, 'setup');
      const state = c.setup(m, { machine: plan.machine, note: (text) => notes.push(text) });
      const timed: Timed = { fresh: () => (c.fresh ? c.fresh(state) : state), run: (s) => c.run(m, s) };
      busy(c.id, 'warm-up');
      const { clock } = clockFor(c, plan.clock);
      const { batch } = await warmUp(timed, plan.timing, clock);
      ready.push({ c, flops, bytes, notes, timed, batch, clock });
    } catch (error) {
      report(c, { flops, bytes, notes, measured: failure(error) });
    }
  }
  const settle = (globalThis as { gc?: () => void }).gc; // present with --expose-gc
  const { samples, errors } = await sampleRounds(ready, plan.timing, systemClock, settle, (i) => busy(ready[i]!.c.id, 'sample'));
  ready.forEach(({ c, flops, bytes, notes, batch }, i) => {
    report(c, { flops, bytes, notes, measured: errors[i] !== undefined ? failure(errors[i]) : measurement(samples[i]!, batch, c.steps ?? 1, clockFor(c, plan.clock).name) });
  });
}

async function main(plan: Plan): Promise<void> {
  if (plan.kind === 'ceilings') {
    const ceilings = await measureCeilings(plan.options, (threads) => send({ type: 'busy', id: 'ceilings', phase: `${threads} thread(s)` }));
    send({ type: 'ceilings', ceilings });
  } else {
    await benchGroup(plan);
  }
  process.exit(0); // a learner's kernel may have left worker threads or timers behind
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  await main(JSON.parse(process.argv[2]!) as Plan);
}
