/**
 * A week's page: what it shows once the week is complete, computed from the published tree's own
 * code. The week's author owns it: `solutions/NN-slug/page.ts` default-exports `definePage<Modules>({...})`,
 * where `Modules` is typed from the week's own modules (`typeof import('./linear.ts')`), so a
 * signature change breaks the page at type-check time, never at run time. The builder finds the
 * file by the week's folder; adding a week's results means adding that one file.
 *
 * Pages run in a child process with a time limit (see collect.ts), because they call learner code.
 */
import { pathToFileURL } from 'node:url';
import type { Tensor } from '../runtime/index.ts';
import type { LedgerRow, WorkedExample } from '../course/spec.ts';
import type { Tree } from '../progress/document.ts';
import type { Comparison, ResultTable } from './results.ts';

export type PageContext<M> = {
  /** The week's modules from the published tree, keyed by module name. */
  modules: M;
  root: string;
  tree: Tree;
  slug: string;
  ledger: LedgerRow[];
  examples: WorkedExample[];
  /** A worked example's values by name; throws naming the example if the spec has none. */
  example(name: string): Record<string, unknown>;
  /** The first worked example with a number for every key, and those numbers. */
  dims<K extends string>(keys: readonly K[]): { example: string; dims: Record<K, number> };
};

/** The tensors a forward and backward pass produced, keyed by ledger symbol (or a close spelling). */
export type LedgerRun = { example: string; dims: Record<string, number>; tensors: Record<string, Tensor | undefined> };

export type FigureSpec = { description: string; spec: Record<string, unknown> };

export type FigureSource<M> = {
  id: string;
  title: string;
  /** The figure, or undefined when there is nothing to draw (e.g. no bench results yet). */
  compute(ctx: PageContext<M>): FigureSpec | undefined | Promise<FigureSpec | undefined>;
};

export type WeekPage<M> = {
  ledger?(ctx: PageContext<M>): LedgerRun | Promise<LedgerRun>;
  tables?(ctx: PageContext<M>): ResultTable[] | Promise<ResultTable[]>;
  figures?: FigureSource<M>[];
};

/** Identity, for type checking a page file's default export against the week's modules. */
export function definePage<M>(page: WeekPage<M>): WeekPage<M> {
  return page;
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

/** A number from an example that must be there: the error names the example and the key. */
export function need(example: Record<string, unknown>, key: string, name = 'the example'): number {
  const value = lookup(example, key);
  if (value === undefined) throw new Error(`${name} needs a number "${key}"`);
  return value;
}
