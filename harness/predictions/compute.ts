/**
 * The truths predictions are scored against: a code question's from the graded tree's modules (its
 * week's solutions/NN-slug/truths.ts run in a sandboxed child), a time or growth question's from the
 * bench's stored measurements.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { pairedGrowth } from '../bench/analyse.ts';
import { isBusy, ratio } from '../bench/stats.ts';
import { parseJson } from '../child.ts';
import type { Question } from '../course/schema.ts';
import type { Week } from '../course/load.ts';
import { authorFile, authorFileShown, modulePath } from '../course/paths.ts';
import { runSandboxed } from '../sandbox/run.ts';
import { PredictedValue, type Tree } from '../progress/document.ts';
import { courseDir } from '../progress/store.ts';
import type { TruthsInput } from './truths-program.ts';

const PROGRAM = fileURLToPath(new URL('./truths-program.ts', import.meta.url));
const TRUTH_LIMIT_MS = 60_000;

/** `unreliable`: a time the bench took while it warned (samples spread over 10 %, or two clocks in one ratio): shown, not scored. */
export type Truth = { value?: PredictedValue; error?: string; unreliable?: string };

/**
 * Truths of the code questions of `weeks`, computed from the tree's modules in one sandboxed child
 * with a time limit (one bundle and one process for all of them). slug → id → truth.
 */
export async function computeTruths(root: string, tree: Tree, weeks: readonly Week[]): Promise<Map<string, Map<string, Truth>>> {
  return runTruths(root, weeks.map((week) => ({ key: week.slug, week, tree })));
}

/** One set of truths to compute: a week's questions on its modules in `tree` (a tree's folder name below the root), reported under `key`. */
export type TruthsRun = { key: string; week: Week; tree: string; ids?: readonly string[] };

/** The truths of several runs (the same week on several trees, say) in one sandboxed child. key → id → truth. */
export async function runTruths(root: string, runs: readonly TruthsRun[], timeoutMs = TRUTH_LIMIT_MS): Promise<Map<string, Map<string, Truth>>> {
  const out = new Map<string, Map<string, Truth>>();
  const questions = (run: TruthsRun) => run.week.spec.predictions.filter((q) => !q.bench && (run.ids === undefined || run.ids.includes(q.id)));
  const asked = runs.filter((r) => questions(r).length > 0);
  const runnable = asked.filter((r) => existsSync(authorFile(root, r.week.slug, 'truths')));
  for (const run of asked.filter((r) => !runnable.includes(r))) {
    out.set(run.key, new Map(questions(run).map((q) => [q.id, { error: `${authorFileShown(run.week.slug, 'truths')} is missing` }])));
  }
  if (runnable.length === 0) return out;
  const imports: Record<string, string> = {};
  for (const { key, week, tree } of runnable) {
    for (const m of week.spec.modules) imports[`${key}/${m}`] = modulePath(root, tree, week.slug, m);
    imports[`${key}/#truths`] = authorFile(root, week.slug, 'truths');
  }
  const input: TruthsInput = {
    weeks: runnable.map((run) => ({ slug: run.key, modules: run.week.spec.modules, questions: questions(run).map((q) => ({ id: q.id, given: q.given })) })),
  };
  const outcome = await runSandboxed({ imports, program: PROGRAM, input, timeoutMs });
  const Result = z.record(z.string(), z.record(z.string(), z.object({ value: PredictedValue.optional(), error: z.string().optional() })));
  const parsed = 'result' in outcome ? Result.safeParse(outcome.result) : undefined;
  const reason = 'problem' in outcome ? outcome.problem : 'the truths came back malformed';
  for (const run of runnable) {
    const got = parsed?.success ? parsed.data[run.key] : undefined;
    out.set(run.key, new Map(questions(run).map((q) => [q.id, got?.[q.id] ?? { error: reason }])));
  }
  return out;
}

const BenchFile = z.object({
  tree: z.string().optional(),
  cases: z.array(
    z.object({
      id: z.string(),
      series: z.string().optional(),
      group: z.string().optional(),
      measured: z.object({
        status: z.string(),
        medianSeconds: z.number().optional(),
        samples: z.array(z.number()).optional(),
        spread: z.number().optional(),
        clock: z.string().optional(),
        load: z.number().optional(),
      }),
    }),
  ),
});
export type BenchTiming = { series?: string; medianSeconds: number; samples: number[]; spread?: number; clock?: string; load?: number; group?: string };

/** The bench's timing of a case id, from the results `npm run bench` stored for this tree. */
export function benchTimings(root: string, tree: Tree): (id: string) => BenchTiming | undefined {
  const path = join(courseDir(root), tree === 'solutions' ? 'bench.reference.json' : 'bench.json');
  const results = existsSync(path) ? BenchFile.safeParse(parseJson(readFileSync(path, 'utf8'))) : undefined;
  return (id) => {
    const found = results?.success ? results.data.cases.find((c) => c.id === id) : undefined;
    const { status, medianSeconds, samples = [], spread, clock, load } = found?.measured ?? {};
    return status === 'ok' && medianSeconds !== undefined ? { series: found!.series, medianSeconds, samples, spread, clock, load, group: found!.group } : undefined;
  };
}

/** A time, or a ratio of two: per round, as the bench prints growth, when both cases were sampled in the same rounds. */
export function benchTruth(bench: NonNullable<Question['bench']>, timing: (id: string) => BenchTiming | undefined): Truth {
  const top = timing(bench.case);
  const bottom = bench.over === undefined ? undefined : timing(bench.over);
  if (top === undefined || (bench.over !== undefined && bottom === undefined)) {
    return { error: `run npm run bench: it has not measured ${[bench.case, bench.over].filter(Boolean).join(' and ')} yet` };
  }
  const doubt = benchDoubt(bench, top, bottom);
  if (bottom === undefined) return { value: top.medianSeconds, ...doubt };
  const value = top.series !== undefined && top.series === bottom.series ? pairedGrowth(bottom, top) : ratio(bottom.medianSeconds, top.medianSeconds);
  return value === null ? { error: `the bench's times for ${bench.case} and ${bench.over} are not positive` } : { value, ...doubt };
}

/** Why a bench truth is not to be scored: the bench warned while taking it, or its ratio divides times of two clocks. */
export function benchDoubt(bench: NonNullable<Question['bench']>, top: BenchTiming, bottom?: BenchTiming): { unreliable?: string } {
  const group = top.group ?? bottom?.group;
  const again = `run ${group ? `npm run bench -- --only ${group}` : 'npm run bench'} again on a quieter machine`;
  const busy = [[bench.case, top], [bench.over, bottom]].filter(([, t]) => t && (t as BenchTiming).samples.length > 1 && isBusy((t as BenchTiming).spread ?? 0));
  if (busy.length > 0) {
    const [id, t] = busy[0] as [string, BenchTiming];
    return { unreliable: `the bench warned while timing ${id}: its samples spread by ${Math.round((t.spread ?? 0) * 100)} %${t.load !== undefined ? ` at load ${t.load}` : ''}; ${again}` };
  }
  if (bottom && top.clock && bottom.clock && top.clock !== bottom.clock) {
    return { unreliable: `${bench.case} was timed by the ${top.clock} clock and ${bench.over} by the ${bottom.clock} clock: a ratio needs one clock; ${again}` };
  }
  return {};
}
