/**
 * `npm run bench` from start to end: discover the groups (solutions/NN-slug/bench.ts), measure this
 * machine's ceilings in a child process, run each series of each group in a child process of its
 * own (one at a time, so they do not compete for the cores), place every case on the roofline,
 * print, and store the results with the learner's progress (results.ts). Never part of `npm test`:
 * timings are not checks.
 */
import { relative } from 'node:path';
import { caseWarnings, ceilingWarnings, growthOf, placeOnRoofline, spansOf, sweepOf } from './analyse.ts';
import { DEFAULT_CEILINGS, QUICK_CEILINGS, type Ceilings } from './ceilings.ts';
import { discoverBench, type DiscoveredGroup } from './discover.ts';
import { courseModules } from './modules.ts';
import { renderCeilings, renderGroup, renderMachine, renderSpans, renderSweep, renderWarnings } from './report.ts';
import { gitState, machine, readBenchResults, writeBenchResults } from './results.ts';
import { runCeilings, runGroup } from './run.ts';
import type { BenchResults, CaseResult, GroupInfo, Tree } from './schema.ts';
import { DEFAULT_TIMING, QUICK_TIMING } from './stats.ts';

export type BenchOptions = {
  tree: Tree;
  /** Group names to run; all when empty. */
  only: string[];
  /** A child that says nothing for this long is stopped, and the case it was running is timed out. */
  limitSeconds: number;
  /** One short sample per case and tiny ceilings: does everything run? Not figures to believe. */
  quick: boolean;
};

export class UnknownGroup extends Error {
  constructor(readonly group: string, readonly known: string[]) {
    super(`there is no bench group "${group}": the groups are ${known.length > 0 ? known.join(', ') : '(none: no week has a bench.ts)'}`);
    this.name = 'UnknownGroup';
  }
}

/** The discovered groups that `only` selects; an unknown name is an UnknownGroup naming the ones that exist. */
export function selectGroups(groups: readonly DiscoveredGroup[], only: readonly string[]): DiscoveredGroup[] {
  const known = groups.map((g) => g.name);
  const unknown = only.find((name) => !known.includes(name));
  if (unknown !== undefined) throw new UnknownGroup(unknown, known);
  return only.length === 0 ? [...groups] : groups.filter((g) => only.includes(g.name));
}

/**
 * With --only, the stored results of the other groups stay: a partial run replaces only the groups
 * it ran (their truths and the time questions scored from them survive). Returns what to keep.
 */
export function keptFromStore(root: string, tree: BenchOptions['tree'], ran: readonly GroupInfo[]): { groups: GroupInfo[]; cases: CaseResult[]; note: string } | undefined {
  const stored = readBenchResults(root, tree);
  if (!stored) return undefined;
  const names = new Set(ran.map((g) => g.name));
  const groups = stored.groups.filter((g) => !names.has(g.name));
  if (groups.length === 0) return undefined;
  const cases = stored.cases.filter((c) => !names.has(c.group));
  const note = `--only: the groups ${groups.map((g) => g.name).join(', ')} are kept from the run of ${stored.createdAt} (load ${stored.machine.loadAverage[0] ?? '?'}), not measured again.`;
  return { groups, cases, note };
}

export async function runBench(root: string, options: BenchOptions, log: (line: string) => void = console.log): Promise<{ results: BenchResults; path: string }> {
  const started = performance.now();
  const m = machine(); // first: the load average before the bench adds its own
  const discovery = await discoverBench(root);
  const groups = selectGroups(discovery.groups, options.only);
  const { commit, dirty } = gitState(root, options.tree);
  log(renderMachine(m, options.tree, commit));
  const warnings = [...discovery.problems];
  if (m.loadAverage[0]! > 0.5) warnings.push(`the load average was ${m.loadAverage[0]!.toFixed(2)} before the bench: other programs were using the CPU, and the figures may suffer.`);
  for (const p of discovery.problems) log(`Problem: ${p}`);

  const measured = await runCeilings(root, { kind: 'ceilings', options: options.quick ? QUICK_CEILINGS : DEFAULT_CEILINGS }, Math.max(options.limitSeconds, 120));
  const ceilings: Ceilings | null = typeof measured === 'string' ? null : measured;
  warnings.push(...ceilingWarnings(measured));
  log(ceilings ? `\n${renderCeilings(ceilings)}` : `\nCeilings: not measured (${measured as string}).`);

  const timing = options.quick ? QUICK_TIMING : DEFAULT_TIMING;
  log(
    `\nEach series runs in a process of its own; each case is warmed up for ${timing.warmupSeconds} s, then sampled in rounds across its series (at least ${timing.minRounds}), ` +
      `each sample a batch of runs lasting at least ${timing.sampleSeconds * 1000} ms; median ± half the interquartile range. ` +
      'A kernel on one core is timed by this process\'s CPU clock (time waiting for a core another program holds is not counted; V8 collects garbage on one thread, so its helpers add nothing), one on worker threads by the wall clock, and so is every kernel of its group (both sides of a speed-up on one clock).',
  );
  const infos: GroupInfo[] = [];
  const cases: CaseResult[] = [];
  for (const group of groups) {
    const info: GroupInfo = { name: group.name, week: group.week, file: group.file, title: group.definition.title, bytes: group.definition.bytes, ...(group.definition.sweep ? { sweep: group.definition.sweep } : {}) };
    const plan = {
      kind: 'group' as const,
      root,
      tree: options.tree,
      file: group.file,
      group: group.name,
      week: group.week,
      modules: courseModules(discovery.weeks, options.tree, group.week),
      timing,
      machine: { cores: m.cores, caches: m.caches },
      // a group with a kernel on worker threads times all its kernels by the wall clock: its speed-ups compare like with like
      ...(group.cases.some((c) => c.cores === 'all') ? { clock: 'wall' as const } : {}),
    };
    const results = (await runGroup(plan, group.cases, options.limitSeconds)).map((r) => placeOnRoofline(r, ceilings, m.cores));
    infos.push(info);
    cases.push(...results);
    log(`\n${renderGroup(info, results, growthOf(results))}`);
    const sweep = sweepOf(info, results, ceilings);
    if (sweep) log(renderSweep(sweep));
  }

  const kept = options.only.length > 0 ? keptFromStore(root, options.tree, infos) : undefined;
  if (kept) {
    infos.unshift(...kept.groups);
    cases.unshift(...kept.cases);
    warnings.push(kept.note);
  }
  const spans = renderSpans(spansOf(cases));
  if (spans) log(`\n${spans}`);
  warnings.push(...caseWarnings(cases));
  if (options.quick) warnings.push('--quick: one short sample per case and tiny ceilings; these figures check that everything runs, nothing more.');
  if (warnings.length > 0) log(`\n${renderWarnings(warnings)}`);
  const results: BenchResults = {
    version: 2,
    tree: options.tree,
    commit,
    dirty,
    createdAt: new Date().toISOString(),
    quick: options.quick,
    machine: m,
    ceilings,
    groups: infos,
    cases,
    growth: growthOf(cases),
    warnings,
    wallSeconds: (performance.now() - started) / 1000,
  };
  const path = writeBenchResults(root, results);
  log(`\nWrote ${relative(root, path)} in ${results.wallSeconds.toFixed(1)} s.`);
  return { results, path };
}
