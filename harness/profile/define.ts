/**
 * The contract of a week's profile file, `solutions/NN-slug/profile.ts` (author material): its
 * default export is `defineProfile<Modules>({ ops, cases })`, typed from the week's own modules like
 * a bench file (`import type * as linear from './linear.ts'`), so a signature change fails `tsc`.
 *
 * - `ops`: the week's primitive ops and their FLOP conventions, by module and function (the spec's:
 *   a matmul 2·m·k·n, elementwise 1 per output, a reduction 1 per input, softmax 3 per element, data
 *   movement 0). A `primitive` covers everything it does: calls inside it are not counted again
 *   (like an aten op under PyTorch's FlopCounterMode). An `own` rule is the arithmetic a composite
 *   does in its own loops beside the ops it calls (linearForward's bias add); the calls inside it
 *   are counted too. The ops of every week up to the profiled one apply (the course is cumulative).
 * - `cases`: calls to run at small sizes on the learner's code (or the reference). Each is counted:
 *   the ops it ran (calls, shapes, FLOPs, bytes in and out), the typed arrays it allocated, the
 *   bytes reachable from what it returns (or from `held`), and, with `traffic`, every element read
 *   and write replayed through cache models (harness/profile/cache.ts).
 * Nothing in harness/ lists the weeks, the ops or the cases: they are discovered from the files.
 */

/** A call's arguments and its result, as an op rule sees them. */
export type OpRule = {
  kind: 'primitive' | 'own';
  /** The convention in words, shown in the report: "2·m·k·n", "1 per output element (the bias add)". */
  convention: string;
  flops(args: readonly unknown[], result: unknown): number;
};

/** Ops by module name (as the specs list them), then function name. */
export type OpTable = Record<string, Record<string, OpRule>>;

/** A number the learner's formula predicts for a case: which function gives it (shown), and how; evaluated after the counted run, on its state. */
export type ProfileFormula<M, S = unknown> = { from: string; value(m: M, state: S): number };

export type TrafficPlan<S> = {
  /** Fully associative LRU caches to replay through, in bytes (week 6's traffic model assumes one). */
  fullyAssociative: number[];
  /** Also replay through the machine's L1d (set-associative; stated when the system does not say): what conflicts add. */
  l1d: boolean;
  /** Counts the passes over the typed arrays reachable from this value, before the call and after it (the KV cache). */
  passesOver?(state: S): unknown;
};

export type ProfileCaseDefinition<M, S> = {
  /** Unique in the course: `npm run profile -- --only <id>` and predictions refer to it. */
  id: string;
  label: string;
  /** Cases of one series differ only in x: the report shows how the counts grow with it. */
  series?: string;
  x?: number;
  xName?: string;
  /** Not counted: inputs, weights, a filled cache. */
  setup(m: M): S;
  /** Counted: the call (or calls) to profile. */
  run(m: M, state: S): unknown;
  /** The value whose bytes are held (default: what run returns), e.g. the KV cache after the step. */
  held?(state: S, result: unknown): unknown;
  /** "Your formula says", held against "your code did". */
  formulas?: { flops?: ProfileFormula<M, S>; held?: ProfileFormula<M, S>; allocated?: ProfileFormula<M, S>; traffic?: ProfileFormula<M, S> };
  traffic?: TrafficPlan<S>;
};

/** A case with its state type forgotten, as the harness holds it. */
export type ProfileCase<M = unknown> = ProfileCaseDefinition<M, unknown>;

export type CaseMaker<M> = <S>(definition: ProfileCaseDefinition<M, S>) => ProfileCase<M>;

/** What a profile case measures that a formula predicts (report.ts reads each from the outcome). */
export type ProfileMeasure = 'flops' | 'held' | 'allocated' | 'traffic';

/** A prediction question answered by a case's formula and held against what the case ran (the second truth). */
export type ProfilePrediction = { case: string; measure: ProfileMeasure };

export type ProfileDefinition<M> = {
  ops: OpTable;
  /** Prediction ids of the week (predictions.yaml) whose formula the profile also holds against what ran. */
  predictions?: Record<string, ProfilePrediction>;
  /** Called in the parent too (to list them): build, do not run, anything here. */
  cases(profile: CaseMaker<M>): ProfileCase<M>[];
};

export type ProfileFile = {
  readonly kind: 'systems-track-profile';
  readonly ops: OpTable;
  readonly predictions: Record<string, ProfilePrediction>;
  cases(profile: CaseMaker<unknown>): ProfileCase[];
};

export function defineProfile<M>(definition: ProfileDefinition<M>): ProfileFile {
  return { kind: 'systems-track-profile', ops: definition.ops, predictions: definition.predictions ?? {}, cases: definition.cases as unknown as ProfileFile['cases'] };
}

export function isProfileFile(value: unknown): value is ProfileFile {
  const v = value as ProfileFile;
  return typeof v === 'object' && v !== null && v.kind === 'systems-track-profile' && typeof v.ops === 'object' && typeof v.cases === 'function';
}

export const makeProfileCase: CaseMaker<unknown> = (definition) => definition as ProfileCase;

/** The elements of a shape (1 for a scalar shape). */
export function elements(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** The shape of a tensor-like value, or undefined. */
export function shapeOf(value: unknown): number[] | undefined {
  const shape = (value as { shape?: unknown } | null)?.shape;
  return Array.isArray(shape) && shape.every((d) => typeof d === 'number') ? (shape as number[]) : undefined;
}

/** Rules for the common conventions, from the shapes a call receives and returns. */
export const rules = {
  /** [m, k] @ [k, n] (or batched [.., m, k] @ [.., k, n]): 2·m·k·n per batch element. */
  matmul(convention = '2·m·k·n'): OpRule {
    return {
      kind: 'primitive',
      convention,
      flops: (args) => {
        const a = shapeOf(args[0]) ?? [];
        const b = shapeOf(args[1]) ?? [];
        const k = a[a.length - 1] ?? 0;
        const n = b[b.length - 1] ?? 0;
        return 2 * k * n * (elements(a) / Math.max(k, 1));
      },
    };
  },
  /** Moves data, computes nothing. */
  movement(): OpRule {
    return { kind: 'primitive', convention: '0 (data movement)', flops: () => 0 };
  },
  /** `perElement` FLOPs per element of the result. */
  perOutput(perElement: number, convention: string, kind: OpRule['kind'] = 'primitive'): OpRule {
    return { kind, convention, flops: (_args, result) => perElement * elements(shapeOf(result) ?? [0]) };
  },
  /** `perElement` FLOPs per element of the first argument. */
  perInput(perElement: number, convention: string): OpRule {
    return { kind: 'primitive', convention, flops: (args) => perElement * elements(shapeOf(args[0]) ?? [0]) };
  },
};
