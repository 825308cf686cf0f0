/**
 * The grading pipeline in one call, for grade, watch, hint, site and demo: load → run → score, and
 * the predictions scored against what the checked code says. (Report and publish are the callers'
 * business.) Takes the loaded course; writes only the prediction record in .course/.
 */
import { availableParallelism, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { selectWeeks, type Course, type Week } from '../course/load.ts';
import { noteStatus, readNoteFile } from '../course/notes.ts';
import type { Progress, Tree } from '../progress/document.ts';
import { predictWeeks } from '../predictions/predict.ts';
import { courseIntegrity, fingerprints, missingExports, modifiedFor } from './inspect.ts';
import { runChecks, runVitest, type Engine, type RunOutcome } from './run.ts';
import { checksFromRun, inventoryFrom, scoreWeeks, uncollectedFiles, type MissingExport } from './score.ts';

/** A check running longer than this on a quiet machine is stopped as "timed out" (the slowest reference check takes about 2.5 s). */
export const CHECK_LIMIT_MS = 10_000;
const MAX_CHECK_LIMIT_MS = 120_000;

/**
 * The check limit for this run: the base limit, stretched by how busy the machine is (the load
 * average per core), so that a correct but slow check on a busy laptop is not called a hang.
 */
export function checkLimitFor(baseMs: number, load = loadavg()[0] ?? 0, cores = availableParallelism()): number {
  return Math.min(MAX_CHECK_LIMIT_MS, Math.max(baseMs, Math.round(baseMs * (load / cores))));
}
const RUN_LIMIT_MS = 10 * 60_000;
/** Matches no test name: a run that only collects. */
const NO_TEST = '^(?!)';

export type GradeOptions = {
  tree: Tree;
  /** Week numbers to grade; all when omitted. */
  weeks?: readonly number[];
  checkLimitMs?: number;
  /** What runs Vitest: a fresh process per batch unless watch passes its warm one. */
  engine?: Engine;
  /** false: leave the predictions out (watch prints the checks' verdict first, then scores them with predictWeeks). */
  predictions?: boolean;
};

export type Graded = { progress: Progress; outcome: RunOutcome; timings: { runMs: number; inventoryMs: number } };

export const PROJECT_OF: Record<Tree, string> = { weeks: 'learner', solutions: 'reference' };

/** The note of a week in the graded tree: written when every prompt has an answer of substance. */
export function noteOf(course: Course, tree: Tree) {
  return (week: Week) => {
    const path = tree === 'solutions' ? join(course.root, 'solutions', week.slug, 'notes.md') : week.notesPath;
    const file = readNoteFile(path, relative(course.root, path));
    return { ...noteStatus(file.text, week.spec.prompts), ...(file.problem ? { problem: file.problem } : {}) };
  };
}

/** What grading reads from the course besides the checks: integrity against the course as shipped, missing exports, fingerprints. */
function inspectCourse(course: Course, weeks: readonly Week[], tree: Tree) {
  const missing = new Map<string, MissingExport[]>(weeks.flatMap((w) => [...missingExports(course, w, tree)]));
  return { integrity: courseIntegrity(course, tree), missing, prints: fingerprints(course, tree) };
}

/** `work()` while `running` is under way; if it throws, the run ends first, so no Vitest child is left behind an error. */
async function whileRunning<T>(running: Promise<unknown>, work: () => T): Promise<T> {
  try {
    return work();
  } catch (error) {
    await running.catch(() => undefined);
    throw error;
  }
}

export async function grade(course: Course, options: GradeOptions): Promise<Graded> {
  const { root } = course;
  const weeks = selectWeeks(course, options.weeks);
  const project = PROJECT_OF[options.tree];
  const checkLimitMs = options.checkLimitMs ?? checkLimitFor(CHECK_LIMIT_MS);
  const started = Date.now();
  const running = runChecks({ root, projects: [project], files: weeks.flatMap((w) => w.testFiles), timeoutMs: RUN_LIMIT_MS, checkLimitMs }, options.engine);
  // While Vitest starts in its child process: the course's integrity (git), missing exports and fingerprints, none of which the run needs.
  const { integrity, missing, prints } = await whileRunning(running, () => inspectCourse(course, weeks, options.tree));
  const outcome = await running;
  const runMs = Date.now() - started;
  if (!outcome.events.some((e) => e.type === 'module-queued' || e.type === 'module-collected') && !outcome.timedOut) {
    throw new Error(`Vitest did not run any test file. Its output:\n${outcome.output.slice(-3000)}`);
  }
  // Files that never collected (a syntax error, a missing import, a hang while loading): list their checks from the reference.
  const uncollected = uncollectedFiles(weeks, outcome, project);
  const inventory = uncollected.length > 0
    ? inventoryFrom((await (options.engine ?? runVitest)({ root, projects: ['reference'], files: uncollected, testNamePattern: NO_TEST, timeoutMs: RUN_LIMIT_MS, checkLimitMs })).events)
    : new Map();
  const gradedAt = new Date().toISOString();
  const checks = checksFromRun(weeks, outcome, { project, inventory, missingExports: missing });
  const note = noteOf(course, options.tree);
  const facts = (week: Week) => ({ note: note(week), modified: modifiedFor(integrity, week), fingerprint: prints.get(week.number) });
  const scored = scoreWeeks(weeks, checks, facts, options.tree, gradedAt);
  const progress = options.predictions === false ? scored : await predictWeeks(course, scored);
  progress.course = integrity.source.kind === 'git' ? { commit: integrity.source.commit, note: integrity.source.note } : { note: integrity.source.note };
  return { progress, outcome, timings: { runMs, inventoryMs: Date.now() - started - runMs } };
}
