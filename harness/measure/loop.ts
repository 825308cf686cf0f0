/**
 * `npm run measure -- loop [--runs N]`: the learner's loop, timed from outside. In a fresh clone of
 * the course (the committed HEAD, in the temporary folder) with the reference solutions copied into
 * weeks/, it starts a real `npm run watch`, then saves a week 1 module and a week 5 module N times
 * each (default 10), alternately by writing the file and by renaming a new file over it (as sed -i
 * and most editors do), each save changing the text. It times each save to the verdict line the watch
 * prints for the saved week, to the later weeks' re-check (when the saved week has later weeks) and
 * to the site published after it; the next save waits for the site, as a learner who reads the
 * verdict does. Also: the watch's first grade against a bare `vitest run --project learner` and against
 * grade() with a fresh Vitest (what npm run grade does, and what the watch did before).
 * Prints the medians, the goal (≤ 1 s) and the machine's load: only a quiet machine's figures count.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadCourse } from '../course/load.ts';
import { grade } from '../grade/grade.ts';

const SAVES = 10;
const GOAL_MS = 1000;
/** Give up on one verdict after this long: something is broken, not slow. */
const PATIENCE_MS = 300_000;
const say = (line = '') => console.log(line);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

/** The machine's load, and whether its figures can stand in the README (a quiet machine: load under a quarter of the cores). */
function machine(): string {
  const [one, five] = loadavg() as [number, number];
  const cores = availableParallelism();
  const quiet = one < cores / 4;
  return `load ${one.toFixed(2)} (1 min) ${five.toFixed(2)} (5 min), ${cores} cores: ${quiet ? 'quiet' : 'busy, so these figures are not the goal\'s'}`;
}

/** A fresh clone of the course's HEAD in the temp folder, node_modules linked, every week solved with the reference. */
function solvedClone(root: string): string {
  const clone = join(mkdtempSync(join(tmpdir(), 'systems-track-loop-')), 'course');
  execFileSync('git', ['clone', '--quiet', '--local', root, clone]);
  symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'));
  for (const slug of readdirSync(join(clone, 'solutions'))) {
    for (const name of readdirSync(join(clone, 'solutions', slug)).filter((n) => n.endsWith('.ts') || n === 'notes.md')) {
      cpSync(join(clone, 'solutions', slug, name), join(clone, 'weeks', slug, name));
    }
  }
  return clone;
}

/** A running `npm run watch` whose output lines can be awaited. */
class Watch {
  private readonly lines: Array<{ text: string; at: number }> = [];
  private readonly waiters = new Set<() => void>();
  private errors = '';
  readonly child;

  constructor(clone: string) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'harness/cli.ts', 'watch'], { cwd: clone, stdio: ['pipe', 'pipe', 'pipe'] });
    // Warnings from the site build and the like: kept for a failure, not mixed into the figures.
    this.child.stderr.on('data', (chunk: Buffer) => (this.errors = (this.errors + chunk.toString()).slice(-4000)));
    createInterface({ input: this.child.stdout }).on('line', (text) => {
      this.lines.push({ text, at: performance.now() });
      this.waiters.forEach((wake) => wake());
    });
  }

  get length(): number {
    return this.lines.length;
  }

  /** How many lines from index `from` on match `pattern`. */
  count(pattern: RegExp, from = 0): number {
    return this.lines.slice(from).filter((line) => pattern.test(line.text)).length;
  }

  /** The first line from index `from` on matching `pattern`, and when it arrived. */
  async next(pattern: RegExp, from: number): Promise<{ text: string; at: number; index: number }> {
    const started = performance.now();
    for (;;) {
      const index = this.lines.findIndex((line, i) => i >= from && pattern.test(line.text));
      if (index >= 0) return { ...this.lines[index]!, index };
      if (this.child.exitCode !== null) throw new Error(`npm run watch exited (${this.child.exitCode}) before printing ${pattern}:\n${this.errors}`);
      if (performance.now() - started > PATIENCE_MS) throw new Error(`npm run watch never printed ${pattern}; last lines:\n${this.lines.slice(-20).map((l) => l.text).join('\n')}`);
      await new Promise<void>((resolve) => {
        const wake = () => (this.waiters.delete(wake), resolve());
        this.waiters.add(wake);
        setTimeout(wake, 1000);
      });
    }
  }

  async quit(): Promise<void> {
    this.child.stdin.end('q\n');
    await new Promise((resolve) => (this.child.exitCode === null ? this.child.once('exit', resolve) : resolve(undefined)));
  }
}

/** Milliseconds from a save to its verdict, to the later weeks' re-check (when it has some), and to the site published after it. */
type Save = { how: 'write' | 'rename'; verdictMs: number; recheckMs?: number; siteMs: number };

/** Saves `module` (relative to the clone) `count` times, writing and renaming in turn, and times each to the watch's lines. */
async function timeSaves(watch: Watch, clone: string, module: string, week: number, count: number): Promise<Save[]> {
  const path = join(clone, module);
  const original = readFileSync(path, 'utf8');
  const saves: Save[] = [];
  for (let i = 1; i <= count; i++) {
    const how = i % 2 === 1 ? 'write' : 'rename';
    const text = `${original}\n// save ${i}: npm run measure -- loop\n`;
    const from = watch.length;
    const saved = performance.now();
    if (how === 'write') writeFileSync(path, text);
    else {
      writeFileSync(`${path}.save~`, text);
      renameSync(`${path}.save~`, path);
    }
    const verdict = await watch.next(new RegExp(`^Re-graded weeks? (\\d+, )*${week}\\b.* in [\\d.]+ s`), from);
    const recheck = /re-checking/.test(verdict.text) ? await watch.next(/^Re-checked /, verdict.index) : undefined;
    // The site is published once the whole re-grade is done (predictions, later weeks): its line ends the save.
    const site = await watch.next(/^Site: /, verdict.index);
    saves.push({ how, verdictMs: verdict.at - saved, recheckMs: recheck && recheck.at - saved, siteMs: site.at - saved });
    const later = recheck ? `, later weeks re-checked ${ms(recheck.at - saved).padStart(8)}` : '';
    say(`   save ${String(i).padStart(2)} by ${how.padEnd(6)}: verdict ${ms(verdict.at - saved).padStart(8)}${later}, site published ${ms(site.at - saved).padStart(8)}`);
  }
  return saves;
}

function summary(module: string, saves: readonly Save[]): boolean {
  const verdict = median(saves.map((s) => s.verdictMs));
  const byHow = (how: Save['how']) => ms(median(saves.filter((s) => s.how === how).map((s) => s.verdictMs)));
  const rechecks = saves.flatMap((s) => (s.recheckMs === undefined ? [] : [s.recheckMs]));
  const later = rechecks.length > 0 ? `; → later weeks re-checked ${ms(median(rechecks))}` : '';
  say(`   ${module}: median save → verdict ${ms(verdict)} (write ${byHow('write')}, rename ${byHow('rename')})${later}; → site published ${ms(median(saves.map((s) => s.siteMs)))}; goal ≤ ${ms(GOAL_MS)}: ${verdict <= GOAL_MS ? 'met' : 'missed'}`);
  return verdict <= GOAL_MS;
}

export async function measure(root: string, options: { runs?: number }): Promise<number> {
  const count = options.runs ?? SAVES;
  say(`npm run measure -- loop --runs ${count}, ${new Date().toISOString()}, Node ${process.version}`);
  say(`Machine: ${machine()}`);
  const clone = solvedClone(root);
  const course = loadCourse(clone);
  const targets = [course.weeks[0]!, course.weeks[4] ?? course.weeks.at(-1)!].map((w) => ({ week: w.number, module: `weeks/${w.slug}/${w.spec.modules[0]}.ts` }));
  try {
    const started = performance.now();
    spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'learner'], { cwd: clone, stdio: 'ignore' });
    const bare = performance.now() - started;
    say(`\nA bare Vitest run of every check (node node_modules/vitest/vitest.mjs run --project learner): ${ms(bare)}`);
    const coldStarted = performance.now();
    await grade(loadCourse(clone), { tree: 'weeks' });
    const cold = performance.now() - coldStarted;
    say(`grade() with a fresh Vitest, as npm run grade and the old watch's first grade (in this process, no site): ${ms(cold)}, ${(cold / bare).toFixed(2)} × the bare run`);
    // What that grade stored (the predictions' truths above all) would spare the watch work a fresh clone has to do.
    rmSync(join(clone, '.course'), { recursive: true, force: true });
    const watchStarted = performance.now();
    const watch = new Watch(clone);
    try {
      await watch.next(/^Re-graded every week in/, 0);
      const first = performance.now() - watchStarted;
      say(`npm run watch, from its start to its first verdict on every week: ${ms(first)}, ${(first / bare).toFixed(2)} × the bare run, ${(first / cold).toFixed(2)} × grade()`);
      await watch.next(/^Site: /, 0);
      const met: boolean[] = [];
      for (const { week, module } of targets) {
        say(`\nSaving ${module} (week ${week}) ${count} times; ${machine()}`);
        met.push(summary(module, await timeSaves(watch, clone, module, week, count)));
      }
      // The reference passes every check: a check stopped at the limit means the machine was too slow for it.
      const hung = watch.count(/ hung: "/);
      if (hung > 0) say(`\n${hung} reports named a check that hung (the reference never hangs): the machine was too busy, and each hang restarts the warm Vitest.`);
      say(`\nGoal, median save → verdict ≤ ${ms(GOAL_MS)} for both modules: ${met.every(Boolean) ? 'met' : 'missed'}. Machine at the end: ${machine()}`);
    } finally {
      await watch.quit();
    }
  } finally {
    rmSync(join(clone, '..'), { recursive: true, force: true });
  }
  return 0;
}
