/**
 * Run: Vitest in a child process, in its own process group, with wall-clock limits. Results stream
 * back over a pipe (fd 3) from harness/grade/reporter.ts; what a stuck worker did last comes from
 * harness/grade/heartbeat.ts through a temporary file.
 *
 * A synchronous infinite loop in a learner's code cannot be interrupted by Vitest itself. With
 * `checkLimitMs`, a watchdog kills the whole group as soon as one check (or one file's loading) has
 * run longer than that, and names it. `runChecks` then runs the files that had not finished again,
 * without the hung one, until every file has either finished or hung: one hung file never starves
 * the rest, and a run without a hang costs one Vitest process.
 */
import { parseJson, spawnLimited } from '../child.ts';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Heartbeat, RunEvent } from './events.ts';

export type RunOptions = {
  root: string;
  projects: string[];
  /** Test files to run (relative to root); all of the projects' files when omitted. */
  files?: string[];
  /** Wall-clock limit for the whole run (a backstop). */
  timeoutMs: number;
  /** Wall-clock limit for one check, or for loading one file; enables the watchdog and the heartbeat. */
  checkLimitMs?: number;
  /** Vitest's --testNamePattern. */
  testNamePattern?: string;
  /** Extra environment for the Vitest process. */
  env?: Record<string, string>;
  /** Called for every event as it arrives. */
  onEvent?: (event: RunEvent) => void;
};

/** A check (or, without fullName, a file's loading) that was still running at the limit. */
export type Hung = { project: string; file: string; fullName?: string; seconds: number };

export type RunOutcome = {
  events: RunEvent[];
  /** Heartbeats from inside the workers, file paths relative to root. */
  heartbeats: Heartbeat[];
  timedOut: boolean;
  hung: Hung[];
  exitCode: number | null;
  /** Vitest's own output, for diagnosing a run that produced no events. */
  output: string;
  /** How many Vitest processes it took (1 unless something hung). */
  processes: number;
};

const require = createRequire(import.meta.url);
const VITEST = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const REPORTER = fileURLToPath(new URL('./reporter.ts', import.meta.url));
const WATCHDOG_TICK_MS = 100;

function slash(path: string): string {
  return path.split('\\').join('/');
}

export function readHeartbeats(path: string, root: string): Heartbeat[] {
  if (!existsSync(path)) return [];
  const beats: Heartbeat[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const parsed = Heartbeat.safeParse(parseJson(line));
    if (parsed.success) beats.push({ ...parsed.data, file: slash(isAbsolute(parsed.data.file) ? relative(root, parsed.data.file) : parsed.data.file) });
  }
  return beats;
}

/** Loading a file, or finishing one after its last check, may take this much longer than one check (a busy machine). */
export function loadLimit(checkLimitMs: number): number {
  return Math.max(4 * checkLimitMs, 10_000);
}

/**
 * Files that have not ended and whose last heartbeat is too old: a check that started more than
 * `limits.check` ago, or a load (or the time after a file's last check) older than `limits.load`.
 */
export function findHung(beats: readonly Heartbeat[], ended: ReadonlySet<string>, now: number, limits: { check: number; load: number }, project: string): Hung[] {
  const last = new Map<string, Heartbeat>();
  for (const beat of beats) last.set(beat.file, beat);
  const hung: Hung[] = [];
  for (const [file, beat] of last) {
    const limit = beat.phase === 'start' ? limits.check : limits.load;
    if (ended.has(file) || now - beat.at <= limit) continue;
    const seconds = Math.round((now - beat.at) / 100) / 10;
    hung.push({ project, file, fullName: beat.phase === 'start' ? beat.fullName : undefined, seconds });
  }
  return hung;
}

/** One Vitest process. */
export function runVitest(options: RunOptions): Promise<RunOutcome> {
  const args = [VITEST, 'run', '--reporter', REPORTER, '--no-color', ...(options.files ?? []).map((f) => join(options.root, f))];
  for (const project of options.projects) args.push('--project', project);
  if (options.testNamePattern !== undefined) args.push('--testNamePattern', options.testNamePattern);
  const watchdog = options.checkLimitMs !== undefined;
  const beatDir = watchdog ? mkdtempSync(join(tmpdir(), 'systems-track-')) : undefined;
  const beatFile = beatDir ? join(beatDir, 'heartbeat.ndjson') : undefined;
  let timedOut = false;
  let hung: Hung[] = [];
  const ended = new Set<string>();
  const project = options.projects[0] ?? '';
  const { child, kill, closed } = spawnLimited(args, {
    cwd: options.root,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    timeoutMs: options.timeoutMs,
    onTimeout: () => {
      timedOut = true;
      if (beatFile) hung = findHung(readHeartbeats(beatFile, options.root), ended, Date.now(), { check: 0, load: 0 }, project);
    },
    env: {
      ...process.env,
      ...options.env,
      SYSTEMS_TRACK_EVENTS_FD: '3',
      FORCE_COLOR: '0',
      ...(beatFile ? { SYSTEMS_TRACK_HEARTBEAT: beatFile } : {}),
    },
  });
  const events: RunEvent[] = [];
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const lines = createInterface({ input: child.stdio[3] as Readable });
  lines.on('line', (line) => {
    const parsed = RunEvent.safeParse(parseJson(line));
    if (!parsed.success) return;
    events.push(parsed.data);
    if (parsed.data.type === 'module-end') ended.add(parsed.data.file);
    options.onEvent?.(parsed.data);
  });
  const limits = { check: options.checkLimitMs ?? 0, load: loadLimit(options.checkLimitMs ?? 0) };
  const tick = watchdog
    ? setInterval(() => {
        const found = findHung(readHeartbeats(beatFile!, options.root), ended, Date.now(), limits, project);
        if (found.length === 0) return;
        timedOut = true;
        hung = found;
        kill();
      }, WATCHDOG_TICK_MS)
    : undefined;
  return closed.then(({ code: exitCode }) => {
    if (tick) clearInterval(tick);
    const heartbeats = beatFile ? readHeartbeats(beatFile, options.root) : [];
    if (beatDir) rmSync(beatDir, { recursive: true, force: true });
    return { events, heartbeats, timedOut, hung, exitCode, output, processes: 1 };
  });
}

function fileOf(item: RunEvent | Heartbeat): string | undefined {
  return 'file' in item ? item.file : undefined;
}

/** Vitest matches --testNamePattern against "file describe test", space-joined: skip these checks of a file. */
export function excludePattern(fullNames: readonly string[]): string | undefined {
  if (fullNames.length === 0) return undefined;
  const escaped = fullNames.map((name) => name.split(' > ').join(' ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return `^(?!(?:.* )?(?:${escaped.join('|')})$)`;
}

type Batch = { files: string[]; exclude: string[] };

/** Runs one batch: a fresh Vitest process (runVitest), or a warm one kept between runs (warm.ts, for watch). */
export type Engine = (options: RunOptions) => Promise<RunOutcome>;

const MAX_HANGS_PER_FILE = 3;

/**
 * Runs `files` until each has finished: after a time-out, the files that had not finished run again
 * in a new process, and a file whose check hung runs again on its own without the checks that hung,
 * so every other check gets its result from the reporter. A file that hung while loading ends there.
 * Events and heartbeats of the runs that were cut short are dropped for the files that run again.
 */
export async function runChecks(options: RunOptions & { files: string[]; checkLimitMs: number }, engine: Engine = runVitest): Promise<RunOutcome> {
  const merged: RunOutcome = { events: [], heartbeats: [], timedOut: false, hung: [], exitCode: 0, output: '', processes: 0 };
  const batches: Batch[] = [{ files: options.files, exclude: [] }];
  for (let batch = batches.shift(); batch; batch = batches.shift()) {
    const outcome = await engine({ ...options, files: batch.files, testNamePattern: excludePattern(batch.exclude) });
    merged.processes += 1;
    merged.output += outcome.output;
    merged.exitCode = outcome.exitCode;
    if (!outcome.timedOut) {
      merged.events.push(...outcome.events);
      merged.heartbeats.push(...outcome.heartbeats);
      continue;
    }
    merged.timedOut = true;
    const ended = new Set(outcome.events.filter((e) => e.type === 'module-end').map((e) => e.file));
    let hung = outcome.hung;
    if (hung.length === 0) {
      // The backstop fired with no heartbeat to blame: every unfinished file counts as hung while loading, so the loop ends.
      hung = batch.files.filter((f) => !ended.has(f)).map((file) => ({ project: options.projects[0] ?? '', file, seconds: options.timeoutMs / 1000 }));
    }
    merged.hung.push(...hung);
    const loadingHung = new Set(hung.filter((h) => h.fullName === undefined).map((h) => h.file));
    const keep = new Set([...ended, ...loadingHung]);
    for (const h of hung.filter((x) => x.fullName !== undefined && !ended.has(x.file))) {
      const exclude = [...(batch.files.length === 1 ? batch.exclude : []), h.fullName!];
      // Each hang costs one check limit: after MAX_HANGS_PER_FILE of them, the file's other checks are left unrun.
      if (exclude.length < MAX_HANGS_PER_FILE) batches.push({ files: [h.file], exclude });
      else keep.add(h.file);
    }
    merged.events.push(...outcome.events.filter((e) => e.type === 'run-end' || keep.has(fileOf(e) ?? '')));
    merged.heartbeats.push(...outcome.heartbeats.filter((b) => keep.has(b.file)));
    const hungFiles = new Set(hung.map((h) => h.file));
    const rest = batch.files.filter((f) => !keep.has(f) && !hungFiles.has(f));
    if (rest.length > 0) batches.push({ files: rest, exclude: [] });
  }
  return merged;
}
