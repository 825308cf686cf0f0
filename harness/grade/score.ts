/**
 * Score: every check gets exactly one status, and every week a status built from its checks.
 * Pure functions of the loaded weeks and the run's events.
 *
 * The checks of a file come from its collected inventory, in source order, so totals stay stable:
 * a check that never ran because its file hung or failed to load still counts, with that reason.
 * A file that never got as far as collecting its tests (a syntax error, a missing module) takes its
 * inventory from a collection of the same file against the reference solutions (`inventory`).
 */
import { CATEGORIES, type Category } from '../course/schema.ts';
import type { Week } from '../course/load.ts';
import { readLedger } from '../course/spec.ts';
import type { CollectedTest, ErrorInfo, Heartbeat, RunEvent, TestResultEvent } from './events.ts';
import type { Hung, RunOutcome } from './run.ts';
import type { Check, CheckStatus, Progress, WeekProgress } from './progress.ts';

type Blocker = NonNullable<Check['blockedBy']>;

export function categoryOf(tags: readonly string[]): Category | undefined {
  const categories = tags.filter((tag): tag is Category => (CATEGORIES as readonly string[]).includes(tag));
  return categories.length === 1 ? categories[0] : undefined;
}

/** The test files of a week, in the order its spec lists its modules: course order. */
export function weekTestFiles(week: Week): string[] {
  return week.spec.modules.map((module) => `weeks/${week.slug}/${module}.test.ts`);
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

/** "count (week 1) is not implemented yet ..." thrown while a file loaded. */
function notImplementedIn(error: ErrorInfo | undefined): Blocker | undefined {
  if (error?.name !== 'NotImplemented') return undefined;
  const match = /^(\S+) \(week (\d+)\)/.exec(error.message);
  return match ? { fn: match[1]!, week: Number(match[2]) } : undefined;
}

function fromNotImplemented(records: readonly Blocker[], weekNumber: number): Pick<Check, 'status' | 'blockedBy'> | undefined {
  const earlier = [...records].filter((r) => r.week < weekNumber).sort((a, b) => a.week - b.week)[0];
  if (earlier) return { status: 'blocked', blockedBy: { week: earlier.week, fn: earlier.fn } };
  if (records.some((r) => r.week === weekNumber)) return { status: 'not started' };
  return undefined;
}

const ASYNC_TIMEOUT = /^Test timed out in \d+ms/;

function missingExportMessage(error: ErrorInfo): string {
  const missing = error.missingExport!;
  const where = missing.module ? `${missing.module} does not export a function named ${missing.name}` : `no module exports a function named ${missing.name}`;
  return `the test imports ${missing.name}, but ${where}: was it renamed or removed? Keep the stub's exact name and signature.`;
}

function classify(result: TestResultEvent, weekNumber: number): Pick<Check, 'status' | 'blockedBy' | 'message'> {
  if (result.state === 'passed') return { status: 'passed' };
  if (result.state === 'skipped' || result.state === 'pending') {
    return { status: 'failed', message: 'this check was skipped (.skip or .todo in the test file): a skipped check never passes' };
  }
  const fromStub = fromNotImplemented(result.notImplemented, weekNumber);
  if (fromStub) return fromStub;
  const error = result.errors[0];
  if (error?.missingExport) return { status: 'crashed', message: missingExportMessage(error) };
  if (error && ASYNC_TIMEOUT.test(error.message)) {
    return { status: 'timed out', message: `${error.message}: an await that never resolves, or a loop that waits for something that never happens` };
  }
  return { status: 'failed' };
}

type LedgerLookup = (week: Week, symbol: string) => Check['ledger'];

function checkFromResult(result: TestResultEvent, week: Week, ledger: LedgerLookup): Check {
  const error = result.errors[0];
  const { status, blockedBy, message } = classify(result, week.number);
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
  const row = status === 'failed' ? /ledger row (\S+?):/.exec(error?.message ?? '')?.[1] : undefined;
  if (row) check.ledger = ledger(week, row);
  return check;
}

/** A result rebuilt from the worker's heartbeat, for a check whose reporter update was lost when its file was stopped. */
function resultFromHeartbeat(beat: Extract<Heartbeat, { phase: 'end' }>, test: CollectedTest, file: string, project: string): TestResultEvent {
  return {
    type: 'test-result',
    project,
    file,
    fullName: test.fullName,
    name: test.name,
    tags: test.tags,
    state: beat.failed ? 'failed' : 'passed',
    errors: beat.error ? [{ name: beat.error.name, message: beat.error.message }] : [],
    notImplemented: beat.notImplemented,
    durationMs: 0,
  };
}

type FileRun = {
  collected?: CollectedTest[];
  results: Map<string, TestResultEvent>;
  moduleError?: ErrorInfo;
  hung?: Hung;
  ends: Map<string, Extract<Heartbeat, { phase: 'end' }>>;
};

function fileRun(outcome: RunOutcome, project: string, file: string): FileRun {
  const run: FileRun = { results: new Map(), ends: new Map() };
  for (const event of outcome.events) {
    if (event.type === 'run-end' || event.project !== project || event.file !== file) continue;
    if (event.type === 'module-collected') run.collected = event.tests;
    if (event.type === 'test-result') run.results.set(event.fullName, event);
    if (event.type === 'module-error') run.moduleError ??= event.errors[0];
  }
  for (const beat of outcome.heartbeats) if (beat.file === file && beat.phase === 'end') run.ends.set(beat.fullName, beat);
  run.hung = outcome.hung.find((h) => h.file === file);
  return run;
}

export type ScoreContext = {
  project: string;
  /** Tests of files that never collected in this run, from a reference collection of the same files. */
  inventory?: ReadonlyMap<string, CollectedTest[]>;
  ledger?: LedgerLookup;
};

function baseCheck(week: Week, file: string, test: CollectedTest): Pick<Check, 'week' | 'file' | 'id' | 'name' | 'category'> {
  return { week: week.number, file, id: test.fullName, name: test.name, category: categoryOf(test.tags) ?? 'behaviour' };
}

/** Every check of one test file, in source order, each with exactly one status. */
export function checksForFile(week: Week, file: string, outcome: RunOutcome, context: ScoreContext): Check[] {
  const ledger = context.ledger ?? (() => undefined);
  const run = fileRun(outcome, context.project, file);
  const inventory = run.collected && run.collected.length > 0 ? run.collected : context.inventory?.get(file);
  const tests: CollectedTest[] = inventory && inventory.length > 0
    ? inventory
    : [{ fullName: `${file} (loading)`, name: `${file} loads`, tags: ['behaviour'] }];
  const checks: Check[] = [];
  const hungTest = run.hung?.fullName;
  const hungName = hungTest ? tests.find((t) => t.fullName === hungTest)?.name ?? hungTest : undefined;
  for (const test of tests) {
    const base = baseCheck(week, file, test);
    const result = run.results.get(test.fullName);
    const end = run.ends.get(test.fullName);
    if (result) {
      checks.push(checkFromResult(result, week, ledger));
    } else if (run.hung && test.fullName === hungTest) {
      checks.push({
        ...base,
        status: 'timed out',
        message: `this check was still running after ${run.hung.seconds} s and was stopped: look for a loop that never ends in the code it calls`,
        location: file,
      });
    } else if (end) {
      checks.push(checkFromResult(resultFromHeartbeat(end, test, file, context.project), week, ledger));
    } else if (run.hung && hungTest) {
      checks.push({ ...base, status: 'timed out', message: `did not run: ${file} was stopped when "${hungName}" hung`, location: file });
    } else if (run.hung) {
      checks.push({
        ...base,
        status: 'timed out',
        message: `did not run: loading ${file} was still going after ${run.hung.seconds} s (a loop at the top level of a module it imports?)`,
        location: file,
      });
    } else if (run.moduleError) {
      const error = run.moduleError;
      const fromStub = fromNotImplemented(notImplementedIn(error) ? [notImplementedIn(error)!] : [], week.number);
      checks.push({ ...base, ...(fromStub ?? { status: 'crashed' as CheckStatus }), message: shortMessage(error), location: error.location });
    } else {
      checks.push({ ...base, status: 'crashed', message: `${file} did not report a result for this check (did the Vitest run stop early?)`, location: file });
    }
  }
  // Results the inventory did not list (a test added since the reference collection): keep them, after the rest.
  const listed = new Set(tests.map((t) => t.fullName));
  for (const result of run.results.values()) if (!listed.has(result.fullName)) checks.push(checkFromResult(result, week, ledger));
  return checks;
}

/** The files of `weeks` that never collected their tests in this run: they need an inventory from elsewhere. */
export function uncollectedFiles(weeks: readonly Week[], outcome: RunOutcome, project: string): string[] {
  const collected = new Set(
    outcome.events.filter((e) => e.type === 'module-collected' && e.project === project && e.tests.length > 0).map((e) => (e as { file: string }).file),
  );
  return weeks.flatMap(weekTestFiles).filter((file) => !collected.has(file));
}

/** The collected tests per file from a (reference) run: the inventory for files that did not collect. */
export function inventoryFrom(events: readonly RunEvent[]): Map<string, CollectedTest[]> {
  const inventory = new Map<string, CollectedTest[]>();
  for (const event of events) if (event.type === 'module-collected' && event.tests.length > 0) inventory.set(event.file, event.tests);
  return inventory;
}

/** The ledger row a shape check names, read from the week's spec. */
export function ledgerFromSpec(week: Week, symbol: string): Check['ledger'] {
  try {
    const row = readLedger(week.body, week.specPath).find((r) => r.symbol === symbol);
    return row ? { symbol: row.symbol, shape: row.shape, meaning: row.meaning } : undefined;
  } catch {
    return undefined;
  }
}

/** Every check of the given weeks, in course order. */
export function checksFromRun(weeks: readonly Week[], outcome: RunOutcome, project: string, context: Omit<ScoreContext, 'project'> = {}): Check[] {
  return weeks.flatMap((week) => weekTestFiles(week).flatMap((file) => checksForFile(week, file, outcome, { ...context, project })));
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

export type NoteCheck = (week: Week) => { written: boolean; unanswered: string[] };

export function scoreWeek(week: Week, own: readonly Check[], note: { written: boolean; unanswered: string[] }, gradedAt?: string): WeekProgress {
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
    noteWritten: note.written,
    unanswered: note.unanswered,
    gradedAt,
    categories,
    tally: tally(own),
    checks: [...own],
  };
}

export function scoreWeeks(
  weeks: readonly Week[],
  checks: readonly Check[],
  notes: ((week: Week) => boolean) | NoteCheck,
  tree: Progress['tree'],
  gradedAt?: string,
): Progress {
  const noteOf = (week: Week) => {
    const note = notes(week);
    return typeof note === 'boolean' ? { written: note, unanswered: [] } : note;
  };
  const progress = weeks.map((week) => scoreWeek(week, checks.filter((c) => c.week === week.number), noteOf(week), gradedAt));
  return withOverall({ version: 1, tree, gradedAt, weeks: progress, overall: { passed: 0, total: 0 } });
}

/** The document with its overall tally recomputed from its weeks. */
export function withOverall(progress: Progress): Progress {
  const checks = progress.weeks.flatMap((w) => w.checks);
  return { ...progress, weeks: [...progress.weeks].sort((a, b) => a.number - b.number), overall: tally(checks) };
}

/** `update`'s weeks replace the same weeks of `base`: how watch mode and `--week` keep the rest of the picture. */
export function mergeProgress(base: Progress | undefined, update: Progress): Progress {
  if (!base || base.tree !== update.tree) return withOverall(update);
  const replaced = new Set(update.weeks.map((w) => w.number));
  return withOverall({ ...update, weeks: [...base.weeks.filter((w) => !replaced.has(w.number)), ...update.weeks] });
}

/** The first unfinished check in course order: the learner's next step. */
export function nextCheck(progress: Progress, week?: number): Check | undefined {
  for (const w of progress.weeks) {
    if (week !== undefined && w.number !== week) continue;
    const check = w.checks.find((c) => c.status !== 'passed');
    if (check) return check;
  }
  return undefined;
}
