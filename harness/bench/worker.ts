/**
 * The bench's child process: loads the learner's (or the reference) modules, runs one group of
 * cases and sends each result back on fd 3 as a JSON line as soon as it is measured, so a case that
 * hangs loses only itself and the cases after it. Run as `node --import tsx worker.ts <root> <tree> <group>`.
 */
import { existsSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NotImplemented } from '../runtime/index.ts';
import { casesFor, MODULE_FILES, type BenchCase, type Formula, type Modules } from './cases.ts';
import type { CaseResult, Group, Measurement, Prediction } from './schema.ts';
import { DEFAULT_TIMING, median, sample, type TimingOptions } from './stats.ts';

/** Imports every module that exists; a module that fails to load is left out and named by the case that needs it. */
export async function loadModules(root: string, tree: string): Promise<Modules> {
  const modules: Record<string, unknown> = {};
  for (const [key, { path }] of Object.entries(MODULE_FILES)) {
    const file = join(root, tree, path);
    if (!existsSync(file)) continue;
    try {
      modules[key] = await import(pathToFileURL(file).href);
    } catch {
      // Left out: the case that needs it reports "<path> is missing or did not load".
    }
  }
  return modules as Modules;
}

function isNotImplemented(error: unknown): error is NotImplemented {
  return error instanceof NotImplemented || (error instanceof Error && error.name === 'NotImplemented' && 'week' in error);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split('\n')[0]!;
}

export function predict(formula: Formula, m: Modules): Prediction {
  try {
    const value = formula.value(m);
    return Number.isFinite(value) ? { value, from: formula.from } : { value: null, from: formula.from, note: `not a finite number: ${value}` };
  } catch (error) {
    const note = isNotImplemented(error) ? `not implemented yet (week ${error.week})` : firstLine(error);
    return { value: null, from: formula.from, note };
  }
}

export function measure(c: BenchCase, m: Modules, timing: TimingOptions = DEFAULT_TIMING): Measurement {
  try {
    const settle = (globalThis as { gc?: () => void }).gc; // present when run with --expose-gc
    const samples = sample(() => c.prepare(m), (state) => c.run(m, state), { settle, ...timing });
    return { status: 'ok', medianSeconds: median(samples), samples };
  } catch (error) {
    if (isNotImplemented(error)) return { status: 'not-implemented', week: error.week, fn: error.fn };
    return { status: 'error', message: firstLine(error) };
  }
}

export function runCase(c: BenchCase, m: Modules, timing: TimingOptions = DEFAULT_TIMING): CaseResult {
  const flops = predict(c.flops, m);
  const bytes = predict(c.bytes, m);
  const measured = measure(c, m, timing);
  const flopsPerSecond = measured.status === 'ok' && flops.value !== null && measured.medianSeconds > 0 ? flops.value / measured.medianSeconds : null;
  const { id, group, series, label, week, x, xName } = c;
  return { id, group, series, label, week, x, xName, flops, bytes, measured, flopsPerSecond };
}

async function main([root, tree, group]: string[]): Promise<void> {
  const modules = await loadModules(root!, tree!);
  for (const c of casesFor(group as Group)) {
    writeSync(3, `${JSON.stringify({ type: 'case', result: runCase(c, modules) })}\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
