/**
 * `npm run measure -- publish [--runs N]`: the figures behind the README's grading and publishing
 * goals, on this course as it stands (measure a finished course: copy solutions/NN/*.ts and notes.md
 * into weeks/ of a scratch clone first).
 *
 * 1. `npm run grade` against a bare `vitest run --project learner` of the same files, alternated,
 *    after one warm-up grade (so the manifest and the truth cache are as a learner's re-grade finds them);
 * 2. where one grade's time goes, stage by stage, in this process;
 * 3. a publish with nothing changed, in this process and as `npm run site -- --saved`;
 * 4. in a scratch copy of the course, each week's first module changed in turn: which pages ran.
 * Every figure comes with the command and the machine's load, because only a quiet machine gives
 * figures worth comparing. Writes .course/ and site/out/ as grading does; never weeks/.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCourse, type Course } from '../course/load.ts';
import { grade } from '../grade/grade.ts';
import { courseIntegrity, fingerprints, missingExports } from '../grade/inspect.ts';
import { predictWeeks } from '../predictions/predict.ts';
import type { Progress } from '../progress/document.ts';
import { readProgress, storeProgress } from '../progress/store.ts';
import { publish } from '../publish/publish.ts';
import { harnessDigest } from '../site/manifest.ts';
import { buildSite } from '../site/build.ts';

const DEFAULT_RUNS = 3;
const say = (line = '') => console.log(line);

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function spread(values: readonly number[]): string {
  return `${seconds(Math.min(...values))}–${seconds(Math.max(...values))} (median ${seconds(median(values))})`;
}

function load(): string {
  const [one, five] = loadavg();
  const cores = availableParallelism();
  const state = one! < cores * 0.25 ? 'quiet' : one! < cores ? 'somewhat busy' : 'busy: figures not comparable';
  return `load ${one!.toFixed(2)} (1 min), ${five!.toFixed(2)} (5 min) on ${cores} cores: ${state}`;
}

async function timed<T>(work: () => T | Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

/** Wall-clock time of `node <args>` in the course root; its output is kept only for a failure (Vitest exits 1 when a check fails). */
function timeNode(root: string, args: string[], ok: readonly number[] = [0]): number {
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (!ok.includes(child.status ?? -1)) throw new Error(`node ${args.join(' ')} exited ${child.status}:\n${(child.stderr || child.stdout).slice(-2000)}`);
  return ms;
}

const VITEST = ['node_modules/vitest/vitest.mjs', 'run', '--project', 'learner'];
// --limit 60: a busy machine must not turn a slow check into a time-out and a re-run of its file,
// which the bare Vitest run never pays; on a quiet machine no check comes near the default 10 s.
const GRADE = ['--import', 'tsx', 'harness/cli.ts', 'grade', '--limit', '60'];
const SITE_SAVED = ['--import', 'tsx', 'harness/cli.ts', 'site', '--saved'];

function describeCourse(course: Course, progress: Progress | undefined): void {
  if (!progress) return say(`Course: ${course.weeks.length} weeks, not graded yet here (the warm-up grade below grades them).`);
  const complete = progress?.weeks.filter((w) => w.status === 'complete').length ?? 0;
  const timedOut = progress?.weeks.flatMap((w) => w.checks).filter((c) => c.status === 'timed out').length ?? 0;
  say(`Course: ${course.weeks.length} weeks, ${complete} complete in weeks/ (${progress?.overall.passed ?? 0} of ${progress?.overall.total ?? 0} checks pass).`);
  if (complete < course.weeks.length) say('  Not a finished course: copy each solutions/NN-slug/*.ts and notes.md into weeks/ of a scratch clone to measure the goals.');
  if (timedOut > 0) say(`  ${timedOut} checks timed out: the machine is too busy for these figures to mean much.`);
}

function gradeAgainstVitest(root: string, runs: number): { vitest: number[]; grade: number[] } {
  say(`\n1. npm run grade against a bare Vitest run of the same files (${runs} runs each, alternated, after a warm-up grade)`);
  timeNode(root, GRADE);
  const vitest: number[] = [];
  const graded: number[] = [];
  for (let i = 0; i < runs; i++) {
    vitest.push(timeNode(root, VITEST, [0, 1]));
    graded.push(timeNode(root, GRADE));
    say(`   run ${i + 1}: vitest ${seconds(vitest.at(-1)!)}, grade ${seconds(graded.at(-1)!)}; ${load()}`);
  }
  say(`   bare Vitest  node ${VITEST.join(' ')}: ${spread(vitest)}`);
  say(`   grade        node ${GRADE.join(' ')}: ${spread(graded)}`);
  const ratio = median(graded) / median(vitest);
  say(`   ratio of the medians: ${ratio.toFixed(2)} (per run: ${graded.map((g, i) => (g / vitest[i]!).toFixed(2)).join(', ')}); goal ≤ 1.2: ${ratio <= 1.2 ? 'met' : 'missed'}`);
  return { vitest, grade: graded };
}

/** One grade's stages, timed one by one in this process (the grade itself runs them in the same order). */
async function gradeStages(root: string): Promise<void> {
  say('\n2. Where one grade\'s time goes (stages timed in this process; start-up is a separate process)');
  const row = (what: string, ms: number) => say(`   ${what.padEnd(58)} ${seconds(ms).padStart(8)}`);
  row('start-up: node -e 0', timeNode(root, ['-e', '0']));
  row('start-up: node, tsx and the grade command\'s imports (--help)', timeNode(root, [...GRADE.slice(0, 4), '--help']));
  const [course, loadMs] = await timed(() => loadCourse(root));
  row('load the course (specs, ledgers, examples)', loadMs);
  row('course integrity (git: the shipped commit, changed files)', (await timed(() => courseIntegrity(course, 'weeks')))[1]);
  row('missing exports (reading syntax)', (await timed(() => course.weeks.map((w) => missingExports(course, w, 'weeks'))))[1]);
  row('fingerprints (hashing every week\'s inputs and harness/)', (await timed(() => fingerprints(course, 'weeks')))[1]);
  const [graded, gradeMs] = await timed(() => grade(course, { tree: 'weeks', checkLimitMs: 60_000 }));
  row('grade(): all of the above, Vitest, scoring, predictions', gradeMs);
  row('  of which Vitest (the checks, in a child process)', graded.timings.runMs);
  row('  of which listing uncollected files', graded.timings.inventoryMs);
  row('predictions again (truths cached by fingerprint)', (await timed(() => predictWeeks(course, graded.progress)))[1]);
  const [stored, storeMs] = await timed(() => storeProgress(root, graded.progress));
  row('store the progress (locked merge into .course/)', storeMs);
  row('harness digest (part of every publish)', (await timed(() => harnessDigest()))[1]);
  const [site, siteMs] = await timed(() => buildSite({ course, progress: stored }));
  row(`site build (${site.full ? `full: ${site.full}` : `${site.ran.length} pages ran, ${site.written.length} files written`})`, siteMs);
}

async function unchangedPublish(root: string, runs: number): Promise<void> {
  say(`\n3. A publish with nothing changed (${runs} runs)`);
  const course = loadCourse(root);
  const progress = readProgress(root, 'weeks');
  if (!progress) return say('   no stored progress: grade first');
  await publish({ course, progress, log: () => {} });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [published, ms] = await timed(() => publish({ course, progress, log: () => {} }));
    times.push(ms);
    if (published.site?.ran.length || published.site?.full) say(`   run ${i + 1} was not a no-op: ${published.site.full ?? `ran ${published.site.ran.join(', ')}`}`);
  }
  say(`   publish() in process (store the progress, then the site): ${spread(times)}; goal ≤ 0.5 s: ${median(times) <= 500 ? 'met' : 'missed'}`);
  const command = Array.from({ length: runs }, () => timeNode(root, SITE_SAVED));
  say(`   the whole command, node ${SITE_SAVED.join(' ')}: ${spread(command)}; ${load()}`);
}

/** A copy of the course's files in the temp folder (node_modules linked), so changing a module leaves weeks/ alone. */
function scratchCopy(root: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'systems-track-measure-'));
  for (const entry of ['weeks', 'solutions', 'harness', 'package.json', 'package-lock.json', 'tsconfig.json']) {
    cpSync(join(root, entry), join(copy, entry), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

async function oneModuleChanged(root: string): Promise<void> {
  say('\n4. One week\'s module changed (in a scratch copy of the course; a comment appended to the week\'s first module)');
  const progress = readProgress(root, 'weeks');
  if (!progress) return say('   no stored progress: grade first');
  const copy = scratchCopy(root);
  try {
    const course = loadCourse(copy);
    const first = await timed(() => buildSite({ course, progress }));
    say(`   first build in the copy: ${first[0].full ? 'full' : 'incremental'}, ${first[0].ran.length} pages ran, ${seconds(first[1])}`);
    for (const week of course.weeks) {
      const module = `weeks/${week.slug}/${week.spec.modules[0]}.ts`;
      appendFileSync(join(copy, module), '\n// changed by npm run measure -- publish\n');
      const [site, ms] = await timed(() => buildSite({ course, progress }));
      say(`   ${module.padEnd(36)} → pages ran: ${site.ran.join(', ') || 'none'}; ${site.written.length} files written; ${seconds(ms)}`);
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

export async function measure(root: string, options: { runs?: number }): Promise<number> {
  const runs = options.runs ?? DEFAULT_RUNS;
  say(`npm run measure -- publish --runs ${runs}, ${new Date().toISOString()}`);
  say(`Machine: ${load()}; Node ${process.version}.`);
  describeCourse(loadCourse(root), readProgress(root, 'weeks'));
  gradeAgainstVitest(root, runs);
  describeCourse(loadCourse(root), readProgress(root, 'weeks'));
  await gradeStages(root);
  await unchangedPublish(root, runs);
  await oneModuleChanged(root);
  say(`\nMachine at the end: ${load()}.`);
  return 0;
}
