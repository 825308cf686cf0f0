/**
 * Predictions in the grading pipeline: read each week's predictions.yaml, keep the first answer the
 * grader sees (and later, different ones as revisions) in .course/predictions.json, compute each
 * truth from the graded tree's code once the question's module passes every check (or take it from
 * the bench's measurement), and score. The record lives with the learner's progress, outside weeks/,
 * so `reset` never touches it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isScalar, parseDocument } from 'yaml';
import { z } from 'zod';
import { questionText, type Question } from '../course/schema.ts';
import type { Course, Week } from '../course/load.ts';
import { benchTimings, benchTruth, computeTruths } from './compute.ts';
import { writeOwned } from '../outputs.ts';
import { PredictedValue, PredictionEntry, type PredictionResult, type PredictionTally, type Progress, type Tree, type WeekProgress } from '../progress/document.ts';
import { courseDir, withLock } from '../progress/store.ts';
import { attachProfileTruths } from '../profile/truth.ts';
export { benchDoubt, benchTruth, computeTruths, type BenchTiming } from './compute.ts';
import { answerText, isUnanswered, parseAnswer } from './parse.ts';
import { knownMistakes, type Mistake } from './mistakes.ts';
import { judge, sameAtPrecision, shownValue } from './score.ts';

/** A predictions.yaml larger than this is refused with a message naming it: it is untrusted input. */
export const MAX_PREDICTIONS_BYTES = 64 * 1024;

const Recorded = z.object({ first: PredictionEntry, revisions: z.array(PredictionEntry) });
export const PredictionLog = z.object({ version: z.literal(1), weeks: z.record(z.string(), z.record(z.string(), Recorded)) });
export type PredictionLog = z.infer<typeof PredictionLog>;
const CachedTruth = z.object({ fingerprint: z.string(), value: PredictedValue.optional(), error: z.string().optional() });
const TruthCache = z.record(z.string(), CachedTruth);
type TruthCache = z.infer<typeof TruthCache>;

export function logPath(root: string): string {
  return join(courseDir(root), 'predictions.json');
}

function truthCachePath(root: string, tree: Tree): string {
  return join(courseDir(root), tree === 'solutions' ? 'truths.reference.json' : 'truths.json');
}

function readJson<T>(path: string, schema: z.ZodType<T>, fallback: T): T {
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

/** An answer as YAML read it, and as the learner wrote it (9.4e8 stays "9.4e8", not 940000000). */
export type Answer = { raw: unknown; text?: string } | { problem: string };

/** The answers in a predictions.yaml's text by question id, or one problem for the whole file (named `shown`). */
export function parseAnswers(source: string, shown: string): Map<string, Answer> | { problem: string } {
  if (Buffer.byteLength(source) > MAX_PREDICTIONS_BYTES) return { problem: `${shown} is larger than ${MAX_PREDICTIONS_BYTES / 1024} KiB: keep one short answer per question` };
  const doc = parseDocument(source);
  if (doc.errors.length > 0) return { problem: `${shown} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}` };
  if (doc.contents === null) return new Map();
  if (!isMap(doc.contents)) return { problem: `${shown} must be a list of "question-id: answer" lines` };
  const answers = new Map<string, Answer>();
  for (const pair of doc.contents.items) {
    const id = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const node = pair.value as { range?: [number, number, number]; toJSON?: () => unknown } | null;
    const raw = node && typeof node.toJSON === 'function' ? node.toJSON() : null;
    // Strings are shown as YAML read them (no quotes); numbers and lists as written.
    const text = typeof raw !== 'string' && node?.range ? source.slice(node.range[0], node.range[1]).trim() : undefined;
    answers.set(id, { raw, ...(text ? { text } : {}) });
  }
  return answers;
}

/** The answers in <tree>/NN-slug/predictions.yaml by question id, or one problem for the whole file. */
export function readAnswers(root: string, tree: Tree, week: Week): Map<string, Answer> | { problem: string } {
  const path = join(root, tree, week.slug, 'predictions.yaml');
  const shown = relative(root, path);
  if (!existsSync(path)) return new Map();
  if (statSync(path).size > MAX_PREDICTIONS_BYTES) return { problem: `${shown} is larger than ${MAX_PREDICTIONS_BYTES / 1024} KiB: keep one short answer per question` };
  return parseAnswers(readFileSync(path, 'utf8'), shown);
}

type ModuleState = { passes: boolean; started: boolean };

function moduleState(week: WeekProgress | undefined, slug: string, module: string): ModuleState {
  const checks = (week?.checks ?? []).filter((c) => c.file === `weeks/${slug}/${module}.test.ts`);
  return {
    passes: checks.length > 0 && checks.every((c) => c.status === 'passed') && !(week?.modified?.length),
    started: checks.some((c) => c.status !== 'not started'),
  };
}

/** Records an answer: the first one seen stays first; a different later one is appended as a revision. */
export function recordAnswer(recorded: z.infer<typeof Recorded> | undefined, entry: PredictionEntry): z.infer<typeof Recorded> {
  if (!recorded) return { first: entry, revisions: [] };
  const latest = recorded.revisions[recorded.revisions.length - 1] ?? recorded.first;
  if (JSON.stringify(latest.value) === JSON.stringify(entry.value)) return recorded;
  return { first: recorded.first, revisions: [...recorded.revisions, entry] };
}

const GRADE = 'npm run grade';
const BENCH = 'npm run bench, then npm run grade';

/** A prediction with no truth yet: what it waits for, and (when answered) the command that scores it. */
function waiting(result: PredictionResult, pending: string, what: string, command: string, file: string): PredictionResult {
  if (!result.first) return { ...result, pending, reason: `not answered yet: answer it in ${file}` };
  return { ...result, pending, reason: `waits for ${what}; then ${command} scores it`, scoredBy: command };
}

export function tallyOf(results: readonly PredictionResult[]): PredictionTally {
  const scored = (s: string) => results.filter((r) => r.score === s).length;
  const pending = results.filter((r) => r.first && !r.score).length;
  return { asked: results.length, answered: results.filter((r) => r.first).length, hit: scored('hit'), close: scored('close'), miss: scored('miss'), pending };
}

type WeekInput = { week: Week; progress: WeekProgress; answers: Map<string, Answer> | { problem: string } };

export function currentEntry(q: Question, answer: Answer | undefined, started: boolean, at: string): { entry?: PredictionEntry; problem?: string } {
  if (!answer) return {};
  if ('problem' in answer) return { problem: answer.problem };
  if (isUnanswered(answer.raw)) return {};
  const parsed = parseAnswer(q.kind, answer.raw, q.choices);
  if ('problem' in parsed) return { problem: parsed.problem };
  return { entry: { text: answer.text ?? answerText(answer.raw), value: parsed.value, at, codeStarted: started } };
}

/**
 * Adds predictions to the graded weeks of `progress`: records first answers and revisions (tree
 * weeks only), computes truths where the module passes, and scores. Returns the same document with
 * each week's predictions filled in.
 */
export async function predictWeeks(course: Course, progress: Progress): Promise<Progress> {
  const { root } = course;
  const tree = progress.tree;
  const at = progress.gradedAt ?? new Date().toISOString();
  const inputs: WeekInput[] = progress.weeks.flatMap((p) => {
    const week = course.weeks.find((w) => w.number === p.number);
    return week && week.spec.predictions.length > 0 ? [{ week, progress: p, answers: readAnswers(root, tree, week) }] : [];
  });
  const log = await withLock(root, 'predictions', () => {
    // The reference tree's exemplar answers are never mixed with the learner's record, nor stored.
    const current: PredictionLog = tree === 'weeks' ? readJson(logPath(root), PredictionLog, { version: 1, weeks: {} }) : { version: 1, weeks: {} };
    for (const { week, progress: p, answers } of inputs) {
      for (const q of week.spec.predictions) {
        const answer = answers instanceof Map ? answers.get(q.id) : answers;
        const { entry } = currentEntry(q, answer, moduleState(p, week.slug, q.module).started, at);
        if (!entry) continue;
        const weekLog = (current.weeks[week.slug] ??= {});
        weekLog[q.id] = recordAnswer(weekLog[q.id], entry);
      }
    }
    if (tree === 'weeks') writeOwned(root, logPath(root), `${JSON.stringify(current, null, 2)}\n`);
    return current;
  });
  const cachePath = truthCachePath(root, tree);
  const cache: TruthCache = readJson(cachePath, TruthCache, {});
  const timing = benchTimings(root, tree);
  // Truths the cache does not hold for the week's current fingerprint, for modules that pass: all in one child.
  const stale = inputs.flatMap(({ week, progress: p }) =>
    week.spec.predictions.filter((q) => !q.bench && moduleState(p, week.slug, q.module).passes && (p.fingerprint === undefined || cache[`${week.slug}:${q.id}`]?.fingerprint !== p.fingerprint)).map((q) => ({ week, p, q })),
  );
  if (stale.length > 0) {
    const computed = await computeTruths(root, tree, [...new Set(stale.map((s) => s.week))]);
    for (const { week, p, q } of stale) cache[`${week.slug}:${q.id}`] = { fingerprint: p.fingerprint ?? '', ...computed.get(week.slug)?.get(q.id) };
  }
  // Known mistakes' values, for the answered code questions whose first answer is not the truth at its precision.
  const wanted = inputs.flatMap(({ week, progress: p }) => {
    const ids = week.spec.predictions
      .filter((q) => !q.bench && moduleState(p, week.slug, q.module).passes)
      .filter((q) => {
        const first = log.weeks[week.slug]?.[q.id]?.first;
        const truth = cache[`${week.slug}:${q.id}`]?.value;
        return first !== undefined && truth !== undefined && !sameAtPrecision(first, truth);
      })
      .map((q) => q.id);
    return ids.length > 0 ? [{ week, ids }] : [];
  });
  const mistakes = wanted.length > 0 ? await knownMistakes(course, wanted) : new Map<string, Map<string, Mistake[]>>();
  const weeks = progress.weeks.map((p) => {
    const input = inputs.find((i) => i.progress === p);
    if (!input) return p;
    const { week, answers } = input;
    const predictions = week.spec.predictions.map((q): PredictionResult => {
      const answer = answers instanceof Map ? answers.get(q.id) : answers;
      const recorded = log.weeks[week.slug]?.[q.id];
      const state = moduleState(p, week.slug, q.module);
      const { problem } = currentEntry(q, answer, state.started, at);
      const result: PredictionResult = { id: q.id, kind: q.kind, question: questionText(q), module: q.module, first: recorded?.first, revisions: recorded?.revisions ?? [], ...(problem ? { problem: `${relative(root, join(root, tree, week.slug, 'predictions.yaml'))}: ${q.id}: ${problem}` } : {}) };
      const file = `${tree}/${week.slug}/predictions.yaml`;
      if (!state.passes) return waiting(result, `${q.module}.ts does not pass every check yet`, `${q.module}.ts to pass every check`, GRADE, file);
      const truth = q.bench ? benchTruth(q.bench, timing) : (cache[`${week.slug}:${q.id}`] ?? {});
      if (truth.value === undefined) {
        const error = truth.error ?? 'no truth yet';
        return q.bench ? waiting(result, error, `the bench to measure ${[q.bench.case, q.bench.over].filter(Boolean).join(' and ')}`, BENCH, file) : waiting(result, error, `its truth, which failed: ${error}`, GRADE, file);
      }
      const checked = PredictedValue.safeParse(truth.value);
      if (!checked.success) return waiting(result, `the truth is not a number, a shape or a word: ${JSON.stringify(truth.value).slice(0, 80)}`, 'a truth that reads as its kind', GRADE, file);
      if (!result.first) return { ...result, truth: checked.data, reason: `not answered: your code says ${shownValue(checked.data)}` };
      // a time the bench took while it warned is shown, not scored: it is neither a hit nor a miss
      const unreliable = 'unreliable' in truth ? truth.unreliable : undefined;
      if (unreliable !== undefined) return { ...result, truth: checked.data, unreliable };
      return { ...result, truth: checked.data, ...judge(result.first, checked.data, mistakes.get(week.slug)?.get(q.id) ?? []) };
    });
    return { ...p, predictions, predictionTally: tallyOf(predictions) };
  });
  if (weeks.some((w, i) => w !== progress.weeks[i])) writeOwned(root, cachePath, `${JSON.stringify(cache, null, 2)}\n`);
  return attachProfileTruths(root, { ...progress, weeks });
}

