/**
 * The warm grader behind watch: one Vitest kept alive in a child process (warm-host.ts), so a re-run
 * after a save costs the checks it runs, not a Vitest start. `WarmRunner.run` is an Engine (run.ts):
 * the same options and the same outcome as `runVitest`, so runChecks' hang handling, scoring and
 * reporting stay one code path.
 *
 * The guarantees of a cold run hold: the host runs in its own process group and learner code in its
 * forked workers; the heartbeat file names a check that hangs; the watchdog then kills the whole
 * group (the only way to stop a synchronous loop) and the next run starts a new host. A host that
 * dies during a run without being killed (a crash, a signal from outside) is restarted and the run
 * tried once more; a second death is reported like a cold Vitest that stopped early.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { killGroup, parseJson, spawnLimited, type LimitedChild } from '../child.ts';
import { writeOwned } from '../outputs.ts';
import { RunEvent, type Heartbeat } from './events.ts';
import { findHung, loadLimit, readHeartbeats, runVitest, type Engine, type Hung, type RunOptions, type RunOutcome } from './run.ts';

const HOST = fileURLToPath(new URL('./warm-host.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** The host's own wall-clock limit: longer than any watch session; a host past it is simply started again. */
const HOST_LIFETIME_MS = 12 * 3600_000;
/** How much of the host's own output to keep for diagnosing a run that produced no events. */
const OUTPUT_KEPT = 64 * 1024;
const WATCHDOG_TICK_MS = 100;

const Control = z.object({ control: z.enum(['ready', 'done']), id: z.number().optional() });

type Pending = { id: number; events: RunEvent[]; ended: Set<string>; onEvent?: (event: RunEvent) => void; done: () => void };

type Host = {
  limited: LimitedChild;
  beatDir: string;
  beatFile: string;
  ready: Promise<boolean>;
  closed: Promise<number | null>;
  output: string;
  current?: Pending;
};

/** What makes two runs the same run (the wall-clock backstop and the event callback do not). */
function runKey(options: RunOptions): string {
  return JSON.stringify([options.files ?? [], options.testNamePattern ?? null, options.checkLimitMs ?? null]);
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export class WarmRunner {
  /** How many warm Vitest processes have started: one, plus one after each hang or crash. */
  starts = 0;
  private host?: Host;
  private queue: Promise<unknown> = Promise.resolve();
  private requests = 0;
  private closing = false;
  /** A run started before it was asked for (runEarly). */
  private early?: { key: string; outcome: Promise<RunOutcome> };

  constructor(
    readonly root: string,
    readonly project = 'learner',
  ) {}

  /** The warm Vitest's process id (the leader of its group), while one is running. */
  get pid(): number | undefined {
    return this.host?.limited.child.pid;
  }

  /** Starts the warm Vitest now, so its start overlaps whatever the caller does before the first run. */
  start(): void {
    this.host ??= this.spawn();
  }

  /** An Engine: runs in the warm Vitest when the options are its project's; anything else runs cold. */
  run: Engine = (options) => {
    const warm = options.root === this.root && options.projects.length === 1 && options.projects[0] === this.project && !options.env;
    if (!warm) return runVitest(options);
    const early = this.early;
    this.early = undefined;
    return early?.key === runKey(options) ? early.outcome : this.enqueue(options);
  };

  /**
   * Starts a run now that a caller is about to ask for (watch, before grade() reads git and hashes
   * the course): the next `run` with the same files, name pattern and check limit gets its outcome.
   * A run nobody asks for is only wasted work: the next different run waits for it and goes on.
   */
  runEarly(options: RunOptions): void {
    if (this.early?.key === runKey(options)) return;
    this.early = { key: runKey(options), outcome: this.enqueue(options) };
    this.early.outcome.catch(() => undefined);
  }

  /** Forgets a run started early that nobody asked for: its outcome may predate the next saves. */
  dropEarly(): void {
    this.early = undefined;
  }

  private enqueue(options: RunOptions): Promise<RunOutcome> {
    const next = this.queue.then(() => this.runWarm(options, false));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Stops the warm Vitest and its workers. */
  async close(): Promise<void> {
    this.closing = true;
    const host = this.host;
    this.host = undefined;
    if (!host) return;
    host.limited.kill();
    await host.closed;
  }

  private spawn(): Host {
    this.starts += 1;
    const beatDir = mkdtempSync(join(tmpdir(), 'systems-track-warm-'));
    const beatFile = join(beatDir, 'heartbeat.ndjson');
    const limited = spawnLimited(['--import', TSX, HOST, this.root, this.project], {
      cwd: this.root,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      timeoutMs: HOST_LIFETIME_MS,
      env: { ...process.env, SYSTEMS_TRACK_EVENTS_FD: '3', SYSTEMS_TRACK_HEARTBEAT: beatFile, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    const ready = deferred();
    const onExit = () => killGroup(limited.child.pid);
    // Never outlive the watch that started it, however the watch ends.
    process.on('exit', onExit);
    let wasReady = false;
    const closed = limited.closed.then(({ code }) => {
      process.off('exit', onExit);
      rmSync(beatDir, { recursive: true, force: true });
      if (this.host !== host) return code;
      // Killed by the watchdog or from outside: start the next one now, so the next save finds it warm.
      // (Only after a host that did start: one that cannot start would only fail again.)
      this.host = wasReady && !this.closing ? this.spawn() : undefined;
      return code;
    });
    const started = Promise.race([ready.promise.then(() => (wasReady = true)), closed.then(() => false)]);
    const host: Host = { limited, beatDir, beatFile, ready: started, closed, output: '' };
    const keep = (chunk: Buffer) => (host.output = (host.output + chunk.toString()).slice(-OUTPUT_KEPT));
    // A host that died between runs breaks the pipe; its `closed` reports that, so the write error adds nothing.
    limited.child.stdin?.on('error', () => {});
    limited.child.stdout?.on('data', keep);
    limited.child.stderr?.on('data', keep);
    createInterface({ input: limited.child.stdio[3] as Readable }).on('line', (line) => this.onLine(host, line, ready.resolve));
    return host;
  }

  private onLine(host: Host, line: string, ready: () => void): void {
    const json = parseJson(line);
    const run = host.current;
    const control = Control.safeParse(json);
    if (control.success) {
      if (control.data.control === 'ready') ready();
      else if (run && run.id === control.data.id) run.done();
      return;
    }
    const event = RunEvent.safeParse(json);
    if (!event.success || !run) return;
    run.events.push(event.data);
    if (event.data.type === 'module-end') run.ended.add(event.data.file);
    run.onEvent?.(event.data);
  }

  private async runWarm(options: RunOptions, retried: boolean): Promise<RunOutcome> {
    const host = this.host ?? (this.host = this.spawn());
    if (!(await host.ready)) return retried ? this.stopped(host, options, []) : this.runWarm(options, true);
    writeOwned(this.root, host.beatFile, '');
    const finished = deferred();
    const run: Pending = { id: ++this.requests, events: [], ended: new Set(), onEvent: options.onEvent, done: finished.resolve };
    host.current = run;
    const outputBefore = host.output.length;
    (host.limited.child.stdin as Writable).write(`${JSON.stringify({ id: run.id, files: options.files ?? [], testNamePattern: options.testNamePattern })}\n`);
    const stop = this.watchdog(host, run, options);
    const ended = await Promise.race([finished.promise.then(() => 'done' as const), host.closed.then(() => 'closed' as const)]);
    const { timedOut, hung, beatsAtKill } = stop();
    host.current = undefined;
    // A killed host's folder is gone with it: the heartbeats are the ones the watchdog read before the kill.
    const heartbeats = beatsAtKill ?? readHeartbeats(host.beatFile, this.root);
    if (ended === 'closed' && !timedOut && !retried) return this.runWarm(options, true);
    if (ended === 'closed' && !timedOut) return this.stopped(host, options, run.events);
    const output = host.output.slice(Math.min(outputBefore, host.output.length));
    return { events: run.events, heartbeats, timedOut, hung, exitCode: ended === 'done' ? 0 : await host.closed, output, processes: 1 };
  }

  /** Kills the host when a check (or a file's loading) runs past its limit, or the whole run past the backstop. */
  private watchdog(host: Host, run: Pending, options: RunOptions): () => { timedOut: boolean; hung: Hung[]; beatsAtKill?: Heartbeat[] } {
    let timedOut = false;
    let hung: Hung[] = [];
    let beatsAtKill: Heartbeat[] | undefined;
    /** Kills the host when something hung (or `always`, at the backstop), naming what was still running. */
    const kill = (limits: { check: number; load: number }, always = false): boolean => {
      const beats = readHeartbeats(host.beatFile, this.root);
      const found = findHung(beats, run.ended, Date.now(), limits, this.project);
      if (found.length === 0 && !always) return false;
      [timedOut, hung, beatsAtKill] = [true, found, beats];
      host.limited.kill();
      return true;
    };
    const limits = { check: options.checkLimitMs ?? 0, load: loadLimit(options.checkLimitMs ?? 0) };
    const tick = options.checkLimitMs === undefined ? undefined : setInterval(() => timedOut || kill(limits), WATCHDOG_TICK_MS);
    const backstop = setTimeout(() => kill({ check: 0, load: 0 }, true), options.timeoutMs);
    return () => {
      clearInterval(tick);
      clearTimeout(backstop);
      return { timedOut, hung, beatsAtKill };
    };
  }

  /** The outcome of a run whose host died twice: what a cold Vitest that stopped early reports. */
  private async stopped(host: Host, options: RunOptions, events: RunEvent[]): Promise<RunOutcome> {
    const exitCode = await host.closed;
    const output = `${host.output}\nthe warm Vitest stopped (exit ${exitCode}) while running ${(options.files ?? []).join(', ')}`;
    return { events, heartbeats: [], timedOut: false, hung: [], exitCode, output, processes: 1 };
  }
}
