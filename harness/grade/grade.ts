/**
 * The grading pipeline in one call, for grade, watch and hint: load → run → score. (Report and
 * render are the callers' business.) Reads the course; writes nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCourse, type Week } from '../course/load.ts';
import { noteStatus } from '../course/notes.ts';
import { CourseError } from '../course/errors.ts';
import type { Progress } from './progress.ts';
import { runChecks, runVitest, type RunOutcome } from './run.ts';
import { checksFromRun, inventoryFrom, ledgerFromSpec, scoreWeeks, uncollectedFiles, weekTestFiles } from './score.ts';

/** A check running longer than this is stopped as "timed out". Vitest's own limit for async tests is 5 s. */
export const CHECK_LIMIT_MS = 10_000;
const RUN_LIMIT_MS = 10 * 60_000;
/** Matches no test name: a run that only collects. */
const NO_TEST = '^(?!)';

export type GradeOptions = {
  tree: Progress['tree'];
  /** Week numbers to grade; all when omitted. */
  weeks?: readonly number[];
  checkLimitMs?: number;
};

export type Graded = { progress: Progress; weeks: Week[]; outcome: RunOutcome; timings: { runMs: number; inventoryMs: number } };

export function selectWeeks(weeks: readonly Week[], numbers: readonly number[] | undefined): Week[] {
  if (!numbers) return [...weeks];
  for (const n of numbers) {
    if (!weeks.some((w) => w.number === n)) {
      throw new CourseError('weeks/', 'week', `${n} does not exist: the course has weeks ${weeks.map((w) => w.number).join(', ')}`);
    }
  }
  return weeks.filter((w) => numbers.includes(w.number));
}

export function noteOf(root: string, tree: Progress['tree']) {
  return (week: Week) => {
    const path = tree === 'solutions' ? join(root, 'solutions', week.slug, 'notes.md') : week.notesPath;
    return noteStatus(existsSync(path) ? readFileSync(path, 'utf8') : undefined, week.spec.prompts);
  };
}

export async function grade(root: string, options: GradeOptions): Promise<Graded> {
  const all = loadCourse(root);
  const weeks = selectWeeks(all, options.weeks);
  const project = options.tree === 'solutions' ? 'reference' : 'learner';
  const checkLimitMs = options.checkLimitMs ?? CHECK_LIMIT_MS;
  const started = Date.now();
  const outcome = await runChecks({ root, projects: [project], files: weeks.flatMap(weekTestFiles), timeoutMs: RUN_LIMIT_MS, checkLimitMs });
  const runMs = Date.now() - started;
  if (!outcome.events.some((e) => e.type === 'module-queued' || e.type === 'module-collected') && !outcome.timedOut) {
    throw new Error(`Vitest did not run any test file. Its output:\n${outcome.output.slice(-3000)}`);
  }
  // Files that never collected (a syntax error, a missing import, a hang while loading): list their checks from the reference.
  const missing = uncollectedFiles(weeks, outcome, project);
  let inventory = new Map();
  if (missing.length > 0) {
    const listed = await runVitest({ root, projects: ['reference'], files: missing, testNamePattern: NO_TEST, timeoutMs: RUN_LIMIT_MS, checkLimitMs });
    inventory = inventoryFrom(listed.events);
  }
  const gradedAt = new Date().toISOString();
  const checks = checksFromRun(weeks, outcome, project, { inventory, ledger: ledgerFromSpec });
  const progress = scoreWeeks(weeks, checks, noteOf(root, options.tree), options.tree, gradedAt);
  return { progress, weeks: all, outcome, timings: { runMs, inventoryMs: Date.now() - started - runMs } };
}
