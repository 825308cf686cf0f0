/**
 * Score: every check gets exactly one status, and every week a status built from its checks.
 * Pure functions of the loaded weeks and the run's events.
 */
import { CATEGORIES, type Category } from '../course/schema.ts';
import type { Week } from '../course/load.ts';
import type { ErrorInfo, RunEvent, TestResultEvent } from './events.ts';
import type { RunOutcome } from './run.ts';
import type { Check, CheckStatus, Progress, WeekProgress } from './progress.ts';

export function categoryOf(tags: readonly string[]): Category | undefined {
  const categories = tags.filter((tag): tag is Category => (CATEGORIES as readonly string[]).includes(tag));
  return categories.length === 1 ? categories[0] : undefined;
}

function weekOfFile(weeks: readonly Week[], file: string): Week | undefined {
  return weeks.find((week) => file.startsWith(`weeks/${week.slug}/`));
}

function describeError(error: ErrorInfo | undefined): string | undefined {
  if (!error) return undefined;
  const comparison = error.expected !== undefined && error.actual !== undefined ? `\nexpected: ${error.expected}\nactual:   ${error.actual}` : '';
  return `${error.name}: ${error.message}${comparison}`;
}

function classify(result: TestResultEvent, weekNumber: number): Pick<Check, 'status' | 'blockedBy'> {
  if (result.state === 'passed') return { status: 'passed' };
  const earlier = result.notImplemented.filter((r) => r.week < weekNumber).sort((a, b) => a.week - b.week)[0];
  if (earlier) return { status: 'blocked', blockedBy: earlier };
  if (result.notImplemented.some((r) => r.week === weekNumber)) return { status: 'not started' };
  return { status: 'failed' };
}

function checkFromResult(result: TestResultEvent, week: Week): Check {
  return {
    week: week.number,
    file: result.file,
    id: result.fullName,
    name: result.name,
    category: categoryOf(result.tags) ?? 'behaviour',
    ...classify(result, week.number),
    message: result.state === 'passed' ? undefined : describeError(result.errors[0]),
    location: result.errors[0]?.location,
  };
}

/** Checks from one project's events, including tests that hung (started, never finished) and files that crashed. */
export function checksFromRun(weeks: readonly Week[], outcome: RunOutcome, project: string): Check[] {
  const mine = outcome.events.filter((e): e is Exclude<RunEvent, { type: 'run-end' }> => e.type !== 'run-end' && e.project === project);
  const finished = new Set(mine.filter((e) => e.type === 'test-result').map((e) => `${e.file}\0${e.fullName}`));
  const checks: Check[] = [];
  for (const event of mine) {
    const week = weekOfFile(weeks, event.file);
    if (!week) continue;
    if (event.type === 'test-result' && event.state !== 'skipped') checks.push(checkFromResult(event, week));
    if (event.type === 'test-start' && !finished.has(`${event.file}\0${event.fullName}`)) {
      checks.push({
        week: week.number,
        file: event.file,
        id: event.fullName,
        name: event.name,
        category: 'behaviour',
        status: 'timed out',
        message: `this check was still running after the time limit: look for a loop that never ends in the code it calls (${event.file})`,
      });
    }
    if (event.type === 'module-error') {
      const error = event.errors[0];
      checks.push({
        week: week.number,
        file: event.file,
        id: `${event.file} (loading)`,
        name: `${event.file} loads`,
        category: 'behaviour',
        status: 'crashed',
        message: describeError(error),
        location: error?.location,
      });
    }
  }
  return checks;
}

function tally(checks: readonly Check[]): { passed: number; total: number } {
  return { passed: checks.filter((c) => c.status === 'passed').length, total: checks.length };
}

function weekStatus(checks: readonly Check[]): Pick<WeekProgress, 'status' | 'blockedBy'> {
  const blocked = checks.find((c) => c.status === 'blocked');
  if (blocked) return { status: 'blocked', blockedBy: blocked.blockedBy };
  if (checks.length > 0 && checks.every((c) => c.status === 'passed')) return { status: 'complete' };
  if (checks.every((c) => c.status === 'not started')) return { status: 'not started' };
  return { status: 'in progress' };
}

export function scoreWeeks(
  weeks: readonly Week[],
  checks: readonly Check[],
  notesWritten: (week: Week) => boolean,
  tree: Progress['tree'],
): Progress {
  const progress: WeekProgress[] = weeks.map((week) => {
    const own = checks.filter((c) => c.week === week.number);
    const categories: WeekProgress['categories'] = {};
    for (const category of CATEGORIES) {
      const inCategory = own.filter((c) => c.category === category);
      if (inCategory.length > 0) categories[category] = tally(inCategory);
    }
    return {
      number: week.number,
      slug: week.slug,
      title: week.spec.title,
      ...weekStatus(own),
      noteWritten: notesWritten(week),
      categories,
      tally: tally(own),
      checks: own,
    };
  });
  return { version: 1, tree, weeks: progress, overall: tally(checks) };
}

/** The first unfinished check in course order: the learner's next step. */
export function nextCheck(progress: Progress): Check | undefined {
  for (const week of progress.weeks) {
    const check = week.checks.find((c) => c.status !== 'passed');
    if (check) return check;
  }
  return undefined;
}
