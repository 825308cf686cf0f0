/**
 * The contract of a week's bench file, `solutions/NN-slug/bench.ts`: author material (like the mutants) whose
 * default export is `defineBench<Modules>({ group: { ... } })`. `Modules` is written from the week's
 * own modules with type-only imports, so a signature change in a stub breaks the bench file at
 * `tsc`, not at run time:
 *
 *     import type * as linear from './linear.ts';
 *     import type * as scale from '../05-model-scale/scale.ts';
 *     export default defineBench<{ linear: typeof linear; scale: typeof scale }>({ square: { ... } });
 *
 * The keys of `Modules` are module names as the specs list them (`modules: [linear, gradcheck]`).
 * At run time the bench loads every module of the course from weeks/ (or solutions/ with
 * --reference) in its child process and passes them in; a module that is missing or does not load
 * throws, when a case touches it, an error naming its file, and the other cases still run.
 * Nothing in harness/ lists the weeks, the groups or the cases: they are discovered from the files.
 */

/** What a case may know about the machine, e.g. to size a tile to the L2 cache. */
export type BenchMachine = {
  cores: number;
  /** Bytes per core, read from /sys/devices/system/cpu/cpu0/cache; null where the system does not say. */
  caches: { l1d: number | null; l2: number | null; l3: number | null };
};

/** A predicted number: which of the learner's functions gives it (shown in the report), and how. */
export type Formula<M> = { from: string; value(m: M, context: { machine: BenchMachine }): number };

export type SetupContext = {
  machine: BenchMachine;
  /** A line shown under the case in the report, e.g. "tile 147, from the L2 of 512 KiB". */
  note(text: string): void;
};

export type CaseDefinition<M, S> = {
  /** Unique in the course; predictions refer to it (`bench: { case: decode-cache-128 }`). */
  id: string;
  /** Cases of one series differ only in x; growth compares neighbours in a series. */
  series: string;
  label: string;
  x: number;
  xName: string;
  /** The cores the kernel keeps busy: 1, or 'all' for a kernel on worker threads. The roofline uses that many cores' ceilings. */
  cores?: 1 | 'all';
  flops: Formula<M>;
  bytes: Formula<M>;
  /** Untimed, once: inputs, weights, a filled KV cache. */
  setup(m: M, context: SetupContext): S;
  /** Untimed, before every timed run: a fresh copy when `run` changes its state (a decode step appends to the cache). */
  fresh?(state: S): S;
  /** Timed: the kernel. It may return a promise (a kernel on worker threads); the clock stops when it settles. */
  run(m: M, state: S): unknown;
  /**
   * How many kernel calls one `run` makes, when it makes several on one fresh state (default 1):
   * the measured time is divided by it. A run of 16 decode steps from t − 8 times the cache as a
   * generation loop sees it (just written, in the cache), and its mean step costs what the step at t does.
   */
  steps?: number;
};

/** A case with its state type forgotten, as the harness holds it. */
export type BenchCase<M = unknown> = CaseDefinition<M, unknown>;

/** Makes a case; typed so that `setup`'s result is what `fresh` and `run` receive. */
export type CaseMaker<M> = <S>(definition: CaseDefinition<M, S>) => BenchCase<M>;

export type GroupDefinition<M> = {
  /** One line above the group's table. */
  title: string;
  /** What "bytes" counts in this group, in the table header: "both inputs read and the output written once, fp64". */
  bytes: string;
  /** The group's cases, in the order they print. Called in the parent too (to list them): build, do not run, anything here. */
  cases(kernel: CaseMaker<M>): BenchCase<M>[];
  /** A series whose x is a batch size: the report shows where the roofline predicts it stops being memory-bound. */
  sweep?: string;
};

/** The default export of a bench file: its groups by name (`npm run bench -- --only <name>`). */
export type BenchFile = { readonly kind: 'systems-track-bench'; readonly groups: Record<string, GroupDefinition<unknown>> };

export function defineBench<M>(groups: Record<string, GroupDefinition<M>>): BenchFile {
  return { kind: 'systems-track-bench', groups: groups as unknown as Record<string, GroupDefinition<unknown>> };
}

export function isBenchFile(value: unknown): value is BenchFile {
  return typeof value === 'object' && value !== null && (value as BenchFile).kind === 'systems-track-bench' && typeof (value as BenchFile).groups === 'object';
}

/** The identity maker: `cases(kernel)` receives it. */
export const makeCase: CaseMaker<unknown> = (definition) => definition as BenchCase<unknown>;
