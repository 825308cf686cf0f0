/**
 * `npm run watch [-- --manual] [--limit S]`: grades once, then re-grades on every save in weeks/ with
 * a warm Vitest (harness/grade/warm.ts), so the verdict comes from running the checks, not from
 * starting Vitest. A save runs its own week's checks first and prints that verdict at once; then the
 * week's predictions are scored (a truth runs the learner's code at full size) and the later weeks
 * that are already started (they import the saved module) are re-checked, and the table is printed
 * again only if that changed it. Later weeks not started yet are not re-run: their own stubs throw
 * first, whatever the earlier week does. A notes.md save only re-reads the note. After every
 * verdict the site is published in the background: the verdict never waits for it.
 *
 * Keys: h hint, r re-run all, q quit; with --manual, Enter re-grades the weeks changed since the last
 * run (for file systems where watching fails). Never writes into weeks/.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { loadCourse, selectWeeks, type Course } from '../course/load.ts';
import { CourseError } from '../course/errors.ts';
import { CHECK_LIMIT_MS, grade, noteOf, PROJECT_OF } from '../grade/grade.ts';
import { renderReport } from '../grade/report.ts';
import { showNextHint } from '../grade/hint-tiers.ts';
import { WarmRunner } from '../grade/warm.ts';
import { watchFolder, type WeeksWatcher } from '../grade/watcher.ts';
import { mergeProgress, withOverall, type Progress } from '../progress/document.ts';
import { readProgress } from '../progress/store.ts';
import { predictWeeks } from '../predictions/predict.ts';
import { publish } from '../publish/publish.ts';
import { positive, withArgs, type CommandSpec } from './args.ts';

export const spec = {
  name: 'watch',
  summary: 'Grade, then re-grade on every save in weeks/ (the saved week first, then the later weeks already started). Keys: h hint, r re-run all, q quit.',
  options: {
    manual: { type: 'boolean', help: 're-grade when you press Enter (for file systems where watching fails)' },
    limit: { type: 'string', value: 'SECONDS', help: 'stop a check after this long (default 10)', parse: positive },
  },
} as const satisfies CommandSpec;

/** The newest modification time of any file under dir. */
export function newestChange(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export type WatchOptions = {
  root: string;
  manual: boolean;
  input: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  output: Writable;
  checkLimitMs?: number;
  /** Wait this long after a save for more saves before re-grading (an editor may write a file twice). */
  debounceMs?: number;
};

const KEYS = 'keys: h hint · r re-run all · q quit';
const DEBOUNCE_MS = 50;
/** The backstop for one run of the checks, as grade()'s. */
const RUN_LIMIT_MS = 10 * 60_000;

/** The week a path under weeks/ belongs to ("02-training/softmax.ts" → 2), or undefined. */
export function weekOfChange(path: string): number | undefined {
  const match = /^(\d{2})-[^/\\]+[/\\]/.exec(path);
  return match ? Number(match[1]) : undefined;
}

/** The weeks to re-run after changes in `changed`: every week from the earliest changed one on. */
export function affectedWeeks(all: readonly number[], changed: Iterable<number>): number[] {
  const earliest = Math.min(...changed);
  return all.filter((n) => n >= earliest);
}

/** Which weeks a save re-grades, in order. */
export type SavePlan = {
  /** The saved weeks: graded first, and their verdict printed as soon as they are done. */
  first: number[];
  /** Later weeks already started: they import the saved modules, so they are re-checked next. */
  later: number[];
  /** Later weeks not started: their own stubs still throw first, so the save cannot change them. */
  skipped: number[];
};

/**
 * The plan for saves in `saved` weeks. Only a saved module (not a note, a spec or predictions) can
 * change a later week; a week counts as started unless the current progress says "not started".
 */
export function planSave(all: readonly number[], saved: Iterable<number>, moduleSaved: boolean, progress?: Progress): SavePlan {
  const first = [...new Set(saved)].filter((n) => all.includes(n)).sort((a, b) => a - b);
  const after = moduleSaved && first.length > 0 ? all.filter((n) => n > first[0]! && !first.includes(n)) : [];
  const started = (n: number) => progress?.weeks.find((w) => w.number === n)?.status !== 'not started';
  return { first, later: after.filter(started), skipped: after.filter((n) => !started(n)) };
}

/**
 * A plan with the weeks an earlier save still owes a re-check (it was saved again before they ran):
 * they join the later weeks, or are the whole plan when nothing else needs grading.
 */
export function withOwed(plan: SavePlan, owed: readonly number[]): SavePlan {
  const extra = owed.filter((n) => !plan.first.includes(n) && !plan.later.includes(n));
  if (plan.first.length === 0) return { first: [...extra].sort((a, b) => a - b), later: [], skipped: [] };
  return { ...plan, later: [...plan.later, ...extra].sort((a, b) => a - b), skipped: plan.skipped.filter((n) => !extra.includes(n)) };
}

function weeksText(weeks: readonly number[]): string {
  return `week${weeks.length > 1 ? 's' : ''} ${weeks.join(', ')}`;
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** `checked` (graded without predictions), each week showing the predictions `shown` last scored for it. */
function withPredictionsOf(shown: Progress | undefined, checked: Progress): Progress {
  return {
    ...checked,
    weeks: checked.weeks.map((w) => {
      const last = shown?.weeks.find((x) => x.number === w.number);
      return last ? { ...w, predictions: last.predictions, predictionTally: last.predictionTally } : w;
    }),
  };
}

/** Saves collected while waiting: which files of which weeks, and later weeks still owed a re-check. */
type Job = { all: boolean; saved: Map<number, Set<string>>; recheck: Set<number>; at: number };

/** Whether any saved file is one of its week's modules. */
function savedModule(course: Course, job: Job): boolean {
  return [...job.saved].some(([n, files]) => {
    const week = course.weeks.find((w) => w.number === n);
    return week !== undefined && [...files].some((f) => week.spec.modules.some((m) => `${m}.ts` === f));
  });
}

/** The weeks with a saved file other than notes.md: those need their checks run. */
function gradedBySave(job: Job): number[] {
  return [...job.saved].filter(([, files]) => [...files].some((f) => f !== 'notes.md')).map(([n]) => n);
}

export function watchCourse(options: WatchOptions): Promise<number> {
  const { root, output } = options;
  const say = (text: string) => output.write(`${text}\n`);
  const runner = new WarmRunner(root);
  let progress: Progress | undefined = readProgress(root, 'weeks');
  let course: Course = loadCourse(root);
  let job: Job | undefined;
  let working: Promise<void> = Promise.resolve();
  let busy = false;
  /** Grading starts once the watcher is ready, so every save after the first verdict is seen. */
  let gate: Promise<void> = Promise.resolve();
  let lastGradedAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let watcher: WeeksWatcher | undefined;
  let publishing: Promise<void> = Promise.resolve();
  let toPublish: Progress | undefined;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));

  /** The site, rebuilt after the verdict is printed; saves that arrive meanwhile are published together next. */
  const schedulePublish = (graded: Progress) => {
    const first = toPublish === undefined;
    toPublish = toPublish ? mergeProgress(toPublish, graded) : graded;
    if (!first) return;
    publishing = publishing.then(async () => {
      const next = toPublish!;
      toPublish = undefined;
      await publish({ course, progress: next, log: say });
    });
  };

  const checkLimitMs = options.checkLimitMs ?? CHECK_LIMIT_MS;

  /** Starts the checks of `weeks` in the warm Vitest now; grade() then takes their outcome (WarmRunner.runEarly). */
  const startChecks = (weeks?: number[]) => {
    const files = selectWeeks(course, weeks).flatMap((w) => w.testFiles);
    runner.runEarly({ root, projects: [PROJECT_OF.weeks], files, timeoutMs: RUN_LIMIT_MS, checkLimitMs });
  };

  /** Grades `weeks`; without `predictions`, the table keeps each week's last scored predictions until predictWeeks runs. */
  const gradeWeeks = async (weeks?: number[], predictions = true): Promise<Progress> => {
    // The checks run while grade() reads git and hashes the course (a no-op when they already started).
    startChecks(weeks);
    const graded = await grade(course, { tree: 'weeks', weeks, checkLimitMs, engine: runner.run, predictions });
    progress = mergeProgress(progress, predictions ? graded.progress : withPredictionsOf(progress, graded.progress));
    return graded.progress;
  };

  const gradeAll = async (started: number) => {
    const graded = await gradeWeeks();
    say(`\n${renderReport(progress!, course)}\n\nRe-graded every week in ${seconds(started)}. ${KEYS}`);
    schedulePublish(graded);
  };

  /**
   * The saved weeks' checks first, printed at once; then their predictions (a truth can take the
   * learner's own code a second to compute) and the later started weeks, reprinted only if they changed.
   */
  const gradeSave = async (plan: SavePlan, started: number) => {
    const checked = await gradeWeeks(plan.first, false);
    const skipped = plan.skipped.length > 0 ? ` (${weeksText(plan.skipped)} not started: not re-run)` : '';
    const then = plan.later.length > 0 ? `; re-checking ${weeksText(plan.later)}, which build on it ...` : `. ${KEYS}`;
    const before = renderReport(progress!, course);
    say(`\n${before}\n\nRe-graded ${weeksText(plan.first)} in ${seconds(started)}${skipped}${then}`);
    const predicted = await predictWeeks(course, checked);
    progress = mergeProgress(progress, predicted);
    // Saved again meanwhile: that save's verdict comes first, and the later weeks are re-checked after it.
    const later = job ? [] : plan.later;
    if (job) plan.later.forEach((n) => job!.recheck.add(n));
    const laterGraded = later.length > 0 ? await gradeWeeks(later) : undefined;
    const after = renderReport(progress!, course);
    const what = later.length > 0 ? `Re-checked ${weeksText(later)}` : 'Predictions scored';
    if (after !== before) say(`\n${after}\n\n${what} in ${seconds(started)}. ${KEYS}`);
    else if (later.length > 0) say(`${what} in ${seconds(started)}: no change.`);
    schedulePublish(laterGraded ? mergeProgress(predicted, laterGraded) : predicted);
  };

  const refreshNotes = () => {
    if (!progress) return;
    const note = noteOf(course, 'weeks');
    progress = withOverall({
      ...progress,
      weeks: progress.weeks.map((w) => {
        const week = course.weeks.find((x) => x.number === w.number);
        return week ? { ...w, ...(({ written, unanswered }) => ({ noteWritten: written, unanswered }))(note(week)) } : w;
      }),
    });
    say(`\n${renderReport(progress, course)}\n\nNotes re-read. ${KEYS}`);
    schedulePublish(progress);
  };

  const planFor = (next: Job, weeks: number[]): SavePlan => {
    const all = course.weeks.map((w) => w.number);
    return withOwed(planSave(all, weeks, savedModule(course, next), progress), [...next.recheck].filter((n) => all.includes(n)));
  };

  const runJob = async (next: Job) => {
    lastGradedAt = Date.now();
    const weeks = gradedBySave(next);
    try {
      // The saved weeks' checks start before the course is read again: the files to run rarely change.
      if (!next.all && weeks.length > 0) startChecks(weeks);
      course = loadCourse(root);
      if (next.all) return await gradeAll(next.at);
      if (weeks.length > 0 || next.recheck.size > 0) await gradeSave(planFor(next, weeks), next.at);
      if ([...next.saved.values()].some((files) => files.has('notes.md'))) refreshNotes();
    } catch (error) {
      const problem = error instanceof CourseError ? `Course error: ${error.message}\n(fix it and save again)` : `Grading failed: ${(error as Error).message}`;
      say(`\n${problem} ${KEYS}`);
    } finally {
      runner.dropEarly();
    }
  };

  /** Runs the queued saves one job at a time; saves made during a run are graded together right after it. */
  const drain = () => {
    if (busy) return;
    busy = true;
    working = gate.then(async () => {
      while (job) {
        const next = job;
        job = undefined;
        await runJob(next);
      }
      busy = false;
    });
  };

  const enqueue = (update: (job: Job) => void) => {
    job ??= { all: false, saved: new Map(), recheck: new Set(), at: Date.now() };
    update(job);
  };

  const onSave = (path: string) => {
    const week = weekOfChange(path);
    if (week === undefined) return;
    enqueue((j) => j.saved.set(week, (j.saved.get(week) ?? new Set()).add(path.split(/[/\\]/).pop()!)));
    clearTimeout(timer);
    timer = setTimeout(drain, options.debounceMs ?? DEBOUNCE_MS);
  };

  /** --manual: the weeks whose files changed since the last run, by modification time. */
  const changedSinceLastRun = (): number[] => course.weeks.filter((w) => newestChange(w.dir) >= lastGradedAt).map((w) => w.number);

  const quit = () => {
    clearTimeout(timer);
    if (options.input.isTTY && options.input.setRawMode) options.input.setRawMode(false);
    options.input.pause();
    void (async () => {
      await watcher?.close();
      await working;
      await runner.close();
      await publishing;
      finish(0);
    })();
  };

  const onKey = (key: string) => {
    if (key === 'q' || key === '\u0003') return quit();
    if (key === 'r') {
      enqueue((j) => (j.all = true));
      return drain();
    }
    if (key === 'h') return void working.then(() => say(progress ? `\n${showNextHint(course.root, progress, course)}` : 'Still grading ...'));
    if (options.manual && (key === '' || key === '\r' || key === '\n')) {
      const changed = changedSinceLastRun();
      enqueue((j) => {
        if (changed.length === 0) j.all = true;
        for (const n of changed) j.saved.set(n, new Set(course.weeks.find((w) => w.number === n)!.spec.modules.map((m) => `${m}.ts`)));
      });
      drain();
    }
  };

  if (options.input.isTTY && options.input.setRawMode) {
    options.input.setRawMode(true);
    options.input.setEncoding('utf8');
    options.input.on('data', (chunk: string) => [...chunk].forEach(onKey));
  } else {
    createInterface({ input: options.input }).on('line', (line) => onKey(line.trim()));
  }

  say(options.manual ? 'Grading ... (manual mode: press Enter to re-grade after saving)' : 'Grading ... (watching weeks/ for saves)');
  runner.start();
  if (!options.manual) {
    watcher = watchFolder(join(root, 'weeks'), onSave, (error) => say(`Watching weeks/ failed (${error.message}): use npm run watch -- --manual.`));
  }
  gate = watcher?.ready ?? Promise.resolve();
  enqueue((j) => (j.all = true));
  drain();
  return done;
}

export function run(root: string, args: string[]): Promise<number> {
  return withArgs(spec, args, ({ values }) =>
    watchCourse({ root, manual: values.manual, input: process.stdin, output: process.stdout, checkLimitMs: values.limit === undefined ? undefined : values.limit * 1000 }),
  );
}
