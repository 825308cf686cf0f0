/**
 * The child process's side of `npm run profile` (run by harness/sandbox/run.ts, one case per
 * process): install the allocation counter and the op hook, evaluate the case's formulas, run its
 * setup uncounted, run the case counted, measure what it keeps, and with a traffic plan run it once
 * more traced through the cache models. Returns plain data; the parent validates and prints it.
 */
import { installAllocationCounter, reachableBuffers, heldBytes } from './alloc.ts';
import { CacheModel, fullyAssociative, type CacheGeometry, type CacheStats } from './cache.ts';
import { OpCounter, type OpCount } from './counter.ts';
import { isProfileFile, makeProfileCase, type OpTable, type ProfileCase } from './define.ts';
import { Tracer } from './trace.ts';

export type ProgramInput = {
  /** The profiled week's file key in `imported`, and every profile file up to it (for the ops). */
  profile: string;
  profiles: string[];
  modules: string[];
  caseId: string;
  l1d: CacheGeometry;
};

export type FormulaOutcome = { from: string; value: number } | { from: string; error: string };

export type Passes = {
  /** Bytes of the value passesOver names, after the call. */
  bytes: number;
  readBytes: number;
  writeBytes: number;
  /** (readBytes + writeBytes) / bytes. */
  passes: number;
};

export type TrafficOutcome = { caches: CacheStats[]; elementReads: number; elementWrites: number; passes?: Passes };

export type CaseOutcome = {
  id: string;
  ops: OpCount[];
  flops: number;
  bytesAccessed: number;
  allocatedBytes: number;
  allocations: number;
  heldBytes: number;
  formulas: Record<string, FormulaOutcome>;
  traffic?: TrafficOutcome;
};

export type ProgramResult = { outcome: CaseOutcome } | { problem: string };

function message(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split('\n')[0]!;
}

function mergedOps(imported: Record<string, unknown>, keys: string[]): OpTable {
  const table: OpTable = {};
  for (const key of keys) {
    const file = (imported[key] as { default?: unknown }).default;
    if (!isProfileFile(file)) continue;
    for (const [module, ops] of Object.entries(file.ops)) table[module] = { ...table[module], ...ops };
  }
  return table;
}

async function counted(counter: OpCounter, c: ProfileCase, modules: unknown, state: unknown): Promise<{ ops: OpCount[]; result: unknown }> {
  counter.begin();
  try {
    const result = await c.run(modules, state);
    return { ops: counter.end(), result };
  } catch (error) {
    counter.end();
    throw error;
  }
}

async function traced(counter: OpCounter, c: ProfileCase, modules: unknown, l1d: CacheGeometry): Promise<TrafficOutcome> {
  const plan = c.traffic!;
  const geometries = [
    ...plan.fullyAssociative.map((bytes) => fullyAssociative(bytes, 'fully associative: no conflicts (the traffic model’s assumption)')),
    ...(plan.l1d ? [l1d] : []),
  ];
  const caches = geometries.map((g) => new CacheModel(g));
  const tracer = new Tracer(caches);
  const state = c.setup(modules);
  const before = plan.passesOver ? reachableBuffers(plan.passesOver(state)) : new Set<ArrayBufferLike>();
  tracer.traceAll(state);
  counter.onAllocate = (value) => tracer.traced(value);
  try {
    await counted(counter, c, modules, state);
  } finally {
    counter.onAllocate = undefined;
  }
  const outcome: TrafficOutcome = { caches: caches.map((cache) => cache.stats()), elementReads: tracer.reads, elementWrites: tracer.writes };
  if (plan.passesOver) {
    const afterValue = plan.passesOver(state);
    const after = reachableBuffers(afterValue);
    let readBytes = 0;
    let writeBytes = 0;
    for (const buffer of new Set([...before, ...after])) {
      const t = tracer.perBuffer.get(buffer);
      readBytes += t?.readBytes ?? 0;
      writeBytes += t?.writeBytes ?? 0;
    }
    const bytes = heldBytes(afterValue);
    outcome.passes = { bytes, readBytes, writeBytes, passes: bytes === 0 ? 0 : (readBytes + writeBytes) / bytes };
  }
  return outcome;
}

export async function main(imported: Record<string, unknown>, input: ProgramInput): Promise<ProgramResult> {
  installAllocationCounter();
  const counter = new OpCounter(mergedOps(imported, input.profiles));
  counter.install();
  const file = (imported[input.profile] as { default?: unknown }).default;
  if (!isProfileFile(file)) return { problem: `${input.profile}: the default export must be defineProfile({...})` };
  const modules = Object.fromEntries(input.modules.map((name) => [name, imported[name]]));
  const c = file.cases(makeProfileCase).find((candidate) => candidate.id === input.caseId);
  if (!c) return { problem: `no case "${input.caseId}"` };
  let state: unknown;
  try {
    state = c.setup(modules);
  } catch (error) {
    return { problem: `its setup threw ${message(error)}` };
  }
  let run: { ops: OpCount[]; result: unknown };
  try {
    run = await counted(counter, c, modules, state);
  } catch (error) {
    return { problem: `it threw ${message(error)}` };
  }
  const formulas: Record<string, FormulaOutcome> = {};
  for (const [name, formula] of Object.entries(c.formulas ?? {})) {
    try {
      const value = formula.value(modules, state);
      formulas[name] = typeof value === 'number' && Number.isFinite(value) ? { from: formula.from, value } : { from: formula.from, error: `not a finite number: ${String(value).slice(0, 40)}` };
    } catch (error) {
      formulas[name] = { from: formula.from, error: message(error) };
    }
  }
  const sum = (pick: (op: OpCount) => number) => run.ops.reduce((total, op) => total + pick(op), 0);
  const outcome: CaseOutcome = {
    id: c.id,
    ops: run.ops,
    flops: sum((op) => op.flops ?? 0),
    bytesAccessed: sum((op) => op.bytesAccessed),
    allocatedBytes: sum((op) => op.allocatedBytes),
    allocations: sum((op) => op.allocations),
    heldBytes: heldBytes(c.held ? c.held(state, run.result) : run.result),
    formulas,
  };
  if (c.traffic) {
    try {
      outcome.traffic = await traced(counter, c, modules, input.l1d);
    } catch (error) {
      return { problem: `its traced run threw ${message(error)}` };
    }
  }
  return { outcome };
}
