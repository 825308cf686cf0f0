/**
 * A week's hook: what its page shows once the week is complete, computed from the published tree's
 * own code. A hook is a file `harness/site/hooks/<week slug>.ts` whose default export is
 * `defineHook({...})`; the builder finds it by the week's folder name, so adding a week's results
 * (or figures) means adding one file, never editing a list.
 *
 * Hooks run in a child process with a time limit (see collect.ts), because they call learner code.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Tensor } from '../runtime/index.ts';
import type { LedgerRow, WorkedExample } from '../course/spec.ts';
import type { Comparison, ResultTable } from './results.ts';

export type Tree = 'weeks' | 'solutions';

export type HookContext = {
  root: string;
  tree: Tree;
  slug: string;
  /** The site's output folder: where other commands leave data to chart (week 5's bench.json). */
  outDir: string;
  ledger: LedgerRow[];
  examples: WorkedExample[];
  /** A worked example's values by name; throws naming the example if the spec has none. */
  example(name: string): Record<string, unknown>;
  /** The first worked example with a number for every key, and those numbers. */
  dims(keys: readonly string[]): { example: string; dims: Record<string, number> };
  /** A function exported by a module of the published tree (this week's unless `slug` is given). */
  fn<F extends (...args: never[]) => unknown>(module: string, name: string, slug?: string): Promise<F>;
};

/** The tensors a forward and backward pass produced, keyed by ledger symbol (or a close spelling). */
export type LedgerRun = { example: string; dims: Record<string, number>; tensors: Record<string, Tensor | undefined> };

export type FigureSpec = { description: string; spec: Record<string, unknown> };

export type FigureSource = {
  id: string;
  title: string;
  /** The figure, or undefined when there is nothing to draw (e.g. no bench results yet). */
  compute(ctx: HookContext): Promise<FigureSpec | undefined>;
};

export type WeekHook = {
  ledger?(ctx: HookContext): Promise<LedgerRun>;
  tables?(ctx: HookContext): Promise<ResultTable[]>;
  figures?: FigureSource[];
};

/** Identity, for type checking a hook file's default export. */
export function defineHook(hook: WeekHook): WeekHook {
  return hook;
}

export function hookPath(hooksDir: string, slug: string): string {
  return join(hooksDir, `${slug}.ts`);
}

export async function importModule(path: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}

/** A row comparing a computed number with the spec's, if the spec's example has it under `key`. */
export function compare(label: string, value: unknown, example: Record<string, unknown>, key: string | undefined, unit?: Comparison['unit']): Comparison {
  const expected = key === undefined ? undefined : lookup(example, key);
  return { label, value: typeof value === 'number' && Number.isFinite(value) ? value : null, ...(expected === undefined ? {} : { expected }), ...(unit ? { unit } : {}) };
}

/** `a.b` reads a nested number from an example ("param_bytes.fp32"). */
export function lookup(example: Record<string, unknown>, key: string): number | undefined {
  let value: unknown = example;
  for (const part of key.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return typeof value === 'number' ? value : undefined;
}
