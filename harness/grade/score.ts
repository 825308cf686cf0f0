/**
 * Score: every check gets exactly one status, and every week a status built from its checks.
 * Pure functions of the loaded weeks and the run's events; every decision reads a field (the
 * reporter's state, a check's meta, a hang the watchdog recorded), never the words of a message.
 *
 * The checks of a file come from its collected inventory, in source order, so totals stay stable:
 * a check that never ran because its file hung or failed to load still counts, with that reason.
 * A file that never got as far as collecting its tests (a syntax error, a missing module) takes its
 * inventory from a collection of the same file against the reference solutions (`inventory`).
 */
import { CATEGORIES, type Category } from '../course/schema.ts';
import type { Week } from '../course/load.ts';
import { tally, withOverall, type Check, type CheckStatus, type Progress, type Tree, type WeekProgress } from '../progress/document.ts';
import type { CollectedTest, ErrorInfo, NotImplementedRecord, TestResultEvent } from './events.ts';
import type { Hung, RunOutcome } from './run.ts';

type Blocker = NonNullable<Check['blockedBy']>;

export function categoryOf(tags: readonly string[]): Category | undefined {
  const categories = tags.filter((tag): tag is Category => (CATEGORIES as readonly string[]).includes(tag));
  return categories.length === 1 ? categories[0] : undefined;
}

function describeError(error: ErrorInfo | undefined): string | undefined {
  if (!error) return undefined;
  const comparison = error.expected !== undefined && error.actual !== undefined ? `\nexpected: ${error.expected}\nactual:   ${error.actual}` : '';
  return `${error.name}: ${error.message}${comparison}`;
}

/** A loading error is long (a code frame): keep its first lines. */
function shortMessage(error: ErrorInfo | undefined): string | undefined {
  if (!error) return undefined;
  const lines = error.message.split('\n').filter((l) => l.trim() !== '' && !/^Transform failed with \d+ errors?:?$/.test(l.trim()));
  // Vite reports a parse error as "Transform failed"; to a learner it is a syntax error in their file.
  const name = /^Transform failed/.test(error.message) ? 'SyntaxError' : error.name;
  return [`${name}: ${(lines[0] ?? '').trim()}`, ...lines.slice(1, 8)].join('\n');
}

function fromNotImplemented(records: readonly NotImplementedRecord[], weekNumber: number): Pick<Check, 'status' | 'blockedBy'> | undefined {
  const earlier = [...records].filter((r) => r.week < weekNumber).sort((a, b) => a.week - b.week)[0];
  if (earlier) return { status: 'blocked', blockedBy: { week: earlier.week, fn: earlier.fn } };
  if (records.some((r) => r.week === weekNumber)) return { status: 'not started' };
  return undefined;
}

/** Names a test file imports from a week module that the learner's module does not export (renamed or removed). */
export type MissingExport = { name: string; module: string };

function missingExportMessage(missing: readonly MissingExport[]): string {
  const list = missing.map((m) => `${m.module} does not export ${m.name}`).join('; ');
  return `the test imports ${missing.map((m) => m.name).join(', ')}, but ${list}: was it renamed or removed? Keep the stub's exact name and signature.`;
}

/** Vitest's own time limit for an async check, which it reports as an error; the grader calls it a time-out. */
const ASYNC_TIMEOUT = /^Test timed out in \d+ms/;

function classify(result: TestResultEvent, weekNumber: number, missing: readonly MissingExport[]): Pick<Check, 'status' | 'blockedBy' | 'message'> {
  if (result.state === 'passed') return { status: 'passed' };
  if (result.state === 'skipped' || result.state === 'pending') {
    return { status: 'failed', message: 'this check was skipped (.skip or .todo in the test file): a skipped check never passes' };
  }
  const fromStub = fromNotImplemented(result.meta.notImplemented, weekNumber);
  if (fromStub) return fromStub;
  const error = result.errors[0];
  if (missing.length > 0 && error?.name === 'TypeError') return { status: 'crashed', message: missingExportMessage(missing) };
  if (error && ASYNC_TIMEOUT.test(error.message)) {
    return { status: 'timed out', message: `${error.message}: an await that never resolves, or a loop that waits for something that never happens` };
  }
  return { status: 'failed' };
}

function checkFromResult(result: TestResultEvent, week: Week, missing: readonly MissingExport[]): Check {
  const error = result.errors[0];
  const { status, blockedBy, message } = classify(result, week.number, missing);
  const check: Check = {
    week: week.number,
    file: result.file,
    id: result.fullName,
    name: result.name,
    category: categoryOf(result.tags) ?? 'behaviour',
    status,
    blockedBy,
    message: status === 'passed' ? undefined : (message ?? describeError(error)),
    location: status === 'passed' ? undefined : error?.location,
  };
  if (status === 'failed' && error?.expected !== undefined) check.expected = error.expected;
  if (status === 'failed' && error?.actual !== undefined) check.actual = error.actual;
  if (status === 'failed' && result.meta.ledger) check.ledger = result.meta.ledger;
  return check;
}

type FileRun = { collected?: CollectedTest[]; results: Map<string, TestResultEvent>; moduleError?: ErrorInfo; hung: Hung[] };

function fileRun(outcome: RunOutcome, project: string, file: string): FileRun {
  const run: FileRun = { results: new Map(), hung: outcome.hung.filter((h) => h.file === file) };
  for (const event of outcome.events) {
    if (event.type === 'run-end' || event.project !== project || event.file !== file) continue;
    if (event.type === 'module-collected') run.collected = event.tests;
    if (event.type === 'test-result') run.results.set(event.fullName, event);
    if (event.type === 'module-error') run.moduleError ??= event.errors[0];
  }
  return run;
}

export type ScoreContext = {
  project: string;
  /** Tests of files that never collected in this run, from a reference collection of the same files. */
  inventory?: ReadonlyMap<string, CollectedTest[]>;
  /** Per test file, the imported names its learner module no longer exports. */
  missingExports?: ReadonlyMap<string, MissingExport[]>;
};

function baseCheck(week: Week, file: string, test: CollectedTest): Pick<Check, 'week' | 'file' | 'id' | 'name' | 'category'> {
  return { week: week.number, file, id: test.fullName, name: test.name, category: categoryOf(test.tags) ?? 'behaviour' };
}

/** A check that got no result from the reporter because its file hung: hung itself, stopped by another, or never loaded. */
function unfinished(base: Pick<Check, 'week' | 'file' | 'id' | 'name' | 'category'>, run: FileRun, tests: readonly CollectedTest[]): Check {
  const own = run.hung.find((h) => h.fullName === base.id);
  if (own) {
    return { ...base, status: 'timed out', stop: { kind: 'hung', seconds: own.seconds }, location: base.file,
      message: `this check was still running after ${own.seconds} s and was stopped: look for a loop that never ends in the code it calls` };
  }
  const last = run.hung[run.hung.length - 1]!;
  if (last.fullName !== undefined) {
    const by = tests.find((t) => t.fullName === last.fullName)?.name ?? last.fullName;
    return { ...base, status: 'timed out', stop: { kind: 'stopped', seconds: last.seconds, by }, location: base.file, message: `did not run: ${base.file} was stopped when "${by}" hung` };
  }
  return { ...base, status: 'timed out', stop: { kind: 'loading', seconds: last.seconds }, location: base.file,
    message: `did not run: loading ${base.file} was still going after ${last.seconds} s (a loop at the top level of a module it imports?)` };
}

/** Every check of one test file, in source order, each with exactly one status. */
export function checksForFile(week: Week, file: string, outcome: RunOutcome, context: ScoreContext): Check[] {
  const run = fileRun(outcome, context.project, file);
  const missing = context.missingExports?.get(file) ?? [];
  const inventory = run.collected && run.collected.length > 0 ? run.collected : context.inventory?.get(file);
  const tests: CollectedTest[] = inventory && inventory.length > 0 ? inventory : [{ fullName: `${file} (loading)`, name: `${file} loads`, tags: ['behaviour'] }];
  const hungNames = new Set(run.hung.map((h) => h.fullName));
  const checks = tests.map((test): Check => {
    const base = baseCheck(week, file, test);
    const result = run.results.get(test.fullName);
    if (result && !hungNames.has(test.fullName)) return checkFromResult(result, week, missing);
    if (run.hung.length > 0) return unfinished(base, run, tests);
    if (run.moduleError) {
      const error = run.moduleError;
      const fromStub = fromNotImplemented(error.notImplemented ? [error.notImplemented] : [], week.number);
      return { ...base, ...(fromStub ?? { status: 'crashed' as CheckStatus }), message: shortMessage(error), location: error.location };
    }
    return { ...base, status: 'crashed', message: `${file} did not report a result for this check (did the Vitest run stop early?)`, location: file };
  });
  // Results the inventory did not list (a test added since the reference collection): keep them, after the rest.
  const listed = new Set(tests.map((t) => t.fullName));
  for (const result of run.results.values()) if (!listed.has(result.fullName)) checks.push(checkFromResult(result, week, missing));
  return checks;
}

/** The files of `weeks` that never collected their tests in this run: they need an inventory from elsewhere. */
export function uncollectedFiles(weeks: readonly Week[], outcome: RunOutcome, project: string): string[] {
  const collected = new Set(outcome.events.flatMap((e) => (e.type === 'module-collected' && e.project === project && e.tests.length > 0 ? [e.file] : [])));
  return weeks.flatMap((w) => w.testFiles).filter((file) => !collected.has(file));
}

/** The collected tests per file from a (reference) run: the inventory for files that did not collect. */
export function inventoryFrom(events: RunOutcome['events']): Map<string, CollectedTest[]> {
  const inventory = new Map<string, CollectedTest[]>();
  for (const event of events) if (event.type === 'module-collected' && event.tests.length > 0) inventory.set(event.file, event.tests);
  return inventory;
}

/** Every check of the given weeks, in course order. */
export function checksFromRun(weeks: readonly Week[], outcome: RunOutcome, context: ScoreContext): Check[] {
  return weeks.flatMap((week) => week.testFiles.flatMap((file) => checksForFile(week, file, outcome, context)));
}

function weekStatus(checks: readonly Check[], modified: readonly string[]): Pick<WeekProgress, 'status' | 'blockedBy'> {
  if (modified.length > 0) return { status: 'modified course' };
  const blocked = checks.find((c) => c.status === 'blocked');
  if (blocked) return { status: 'blocked', blockedBy: blocked.blockedBy };
  if (checks.length > 0 && checks.every((c) => c.status === 'passed')) return { status: 'complete' };
  if (checks.every((c) => c.status === 'not started')) return { status: 'not started' };
  return { status: 'in progress' };
}

export type WeekFacts = {
  note: { written: boolean; unanswered: string[]; problem?: string };
  /** Course files that differ from the course as shipped (see course/shipped.ts). */
  modified?: string[];
  fingerprint?: string;
};

export function scoreWeek(week: Week, own: readonly Check[], facts: WeekFacts, gradedAt?: string): WeekProgress {
  const categories: WeekProgress['categories'] = {};
  for (const category of CATEGORIES) {
    const inCategory = own.filter((c) => c.category === category);
    if (inCategory.length > 0) categories[category] = tally(inCategory);
  }
  const modified = facts.modified ?? [];
  return {
    number: week.number,
    slug: week.slug,
    title: week.spec.title,
    ...weekStatus(own, modified),
    ...(modified.length > 0 ? { modified } : {}),
    noteWritten: facts.note.written,
    unanswered: facts.note.unanswered,
    ...(facts.note.problem ? { noteProblem: facts.note.problem } : {}),
    gradedAt,
    fingerprint: facts.fingerprint,
    categories,
    tally: tally(own),
    checks: [...own],
    predictions: [],
  };
}

export function scoreWeeks(weeks: readonly Week[], checks: readonly Check[], facts: (week: Week) => WeekFacts, tree: Tree, gradedAt?: string): Progress {
  const progress = weeks.map((week) => scoreWeek(week, checks.filter((c) => c.week === week.number), facts(week), gradedAt));
  return withOverall({ version: 2, tree, gradedAt, weeks: progress, overall: { passed: 0, total: 0 } });
}
