/**
 * `npm run watch [-- --manual] [--limit S]`: grades once, then re-grades on every save in weeks/,
 * re-running only the weeks a change can affect (weeks import earlier weeks, so a change in week N
 * affects weeks N and later), and reprints the table and the next step. A change to a notes.md only
 * re-reads the note. Keys: h hint, r re-run all, q quit; with --manual, Enter re-runs the weeks
 * changed since the last run (for file systems where watching fails). Never writes into weeks/.
 */
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { loadCourse, type Course } from '../course/load.ts';
import { CourseError } from '../course/errors.ts';
import { grade, noteOf } from '../grade/grade.ts';
import { renderHint, renderReport } from '../grade/report.ts';
import { mergeProgress, withOverall, type Progress } from '../progress/document.ts';
import { readProgress } from '../progress/store.ts';
import { publish } from '../publish/publish.ts';
import { positive, withArgs, type CommandSpec } from './args.ts';

export const spec = {
  name: 'watch',
  summary: 'Grade, then re-grade on every save in weeks/ (the saved week and the later ones). Keys: h hint, r re-run all, q quit.',
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
  /** Wait this long after a save for more saves before re-grading. */
  debounceMs?: number;
};

const KEYS = 'keys: h hint · r re-run all · q quit';

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

export function watchCourse(options: WatchOptions): Promise<number> {
  const { root, output } = options;
  const say = (text: string) => output.write(`${text}\n`);
  let progress: Progress | undefined = readProgress(root, 'weeks');
  let course: Course = loadCourse(root);
  let running: Promise<void> = Promise.resolve();
  let lastGradedAt = 0;
  let pending = new Set<number>();
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));

  const regrade = (only?: number[]) => {
    running = running.then(async () => {
      const started = Date.now();
      lastGradedAt = started;
      try {
        course = loadCourse(root);
        const graded = await grade(course, { tree: 'weeks', weeks: only, checkLimitMs: options.checkLimitMs });
        progress = mergeProgress(progress, graded.progress);
        const which = only ? `week${only.length > 1 ? 's' : ''} ${only.join(', ')}` : 'every week';
        say(`\n${renderReport(progress, course)}\n\nRe-graded ${which} in ${((Date.now() - started) / 1000).toFixed(1)} s. ${KEYS}`);
        await publish({ course, progress: graded.progress, log: () => {} });
      } catch (error) {
        if (!(error instanceof CourseError)) throw error;
        say(`\nCourse error: ${error.message}\n(fix it and save again) ${KEYS}`);
      }
    });
    return running;
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
    return publish({ course, progress, log: () => {} }).then(() => undefined);
  };

  const onChange = (path: string) => {
    const week = weekOfChange(path);
    if (week === undefined) return;
    if (/notes\.md$/.test(path)) {
      running = running.then(refreshNotes);
      return;
    }
    pending.add(week);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = pending;
      pending = new Set();
      void regrade(affectedWeeks(course.weeks.map((w) => w.number), changed));
    }, options.debounceMs ?? 150);
  };

  /** --manual: the weeks whose files changed since the last run, by modification time. */
  const changedSinceLastRun = (): number[] => course.weeks.filter((w) => newestChange(w.dir) >= lastGradedAt).map((w) => w.number);

  const quit = () => {
    watcher?.close();
    clearTimeout(timer);
    if (options.input.isTTY && options.input.setRawMode) options.input.setRawMode(false);
    options.input.pause();
    void running.then(() => finish(0));
  };

  const onKey = (key: string) => {
    if (key === 'q' || key === '\u0003') return quit();
    if (key === 'r') return void regrade();
    if (key === 'h') {
      void running.then(() => say(progress ? `\n${renderHint(progress, course)}` : 'Still grading ...'));
      return;
    }
    if (key === '' || key === '\r' || key === '\n') {
      if (!options.manual) return;
      const changed = changedSinceLastRun();
      void regrade(changed.length > 0 ? affectedWeeks(course.weeks.map((w) => w.number), changed) : undefined);
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
  void regrade();
  if (!options.manual) {
    try {
      watcher = watch(join(root, 'weeks'), { recursive: true }, (_event, file) => file && onChange(String(file)));
    } catch (error) {
      say(`Watching weeks/ failed (${(error as Error).message}): use npm run watch -- --manual.`);
    }
  }
  return done;
}

export function run(root: string, args: string[]): Promise<number> {
  return withArgs(spec, args, ({ values }) =>
    watchCourse({ root, manual: values.manual, input: process.stdin, output: process.stdout, checkLimitMs: values.limit === undefined ? undefined : values.limit * 1000 }),
  );
}
