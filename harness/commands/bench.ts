/**
 * `npm run bench [-- --reference] [--limit <seconds>] [--only <group>]`: times the learner's kernels from weeks
 * 1–4 (or, with --reference, the solutions) against the FLOPs and bytes their own formulas predict.
 * Each group of cases runs in a child process with a time limit (harness/bench/run.ts), one group at
 * a time so that they do not compete for the two cores. Prints one table per group and writes
 * site/out/bench.json for the site to chart. Never part of `npm test`: timings are not checks.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { growthOf, kvCacheSummary, renderResults } from '../bench/report.ts';
import { runGroup } from '../bench/run.ts';
import { BenchResults, GROUPS, type CaseResult, type Group } from '../bench/schema.ts';

const DEFAULT_LIMIT_SECONDS = 30;

type Options = { tree: 'weeks' | 'solutions'; limitSeconds: number; groups: Group[] };

export function parseArgs(args: string[]): Options | string {
  const options: Options = { tree: 'weeks', limitSeconds: DEFAULT_LIMIT_SECONDS, groups: [...GROUPS] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--reference') options.tree = 'solutions';
    else if (arg === '--limit' && Number(args[i + 1]) > 0) options.limitSeconds = Number(args[++i]);
    else if (arg === '--only' && (GROUPS as readonly string[]).includes(args[i + 1] ?? '')) options.groups = [args[++i] as Group];
    else return `unknown argument "${arg}"`;
  }
  return options;
}

function machine(): BenchResults['machine'] {
  const list = cpus();
  return { cpu: list[0]?.model ?? 'unknown', cores: list.length, node: process.version };
}

export async function run(root: string, args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    console.error(`${options}\nusage: npm run bench [-- --reference] [--limit <seconds per group>] [--only <${GROUPS.join(' | ')}>]`);
    return 2;
  }
  const started = performance.now();
  const m = machine();
  console.log(`Bench of ${options.tree}/ on ${m.cores} × ${m.cpu}, Node ${m.node}; median of ≥ 5 runs after 2 warm-ups.\n`);
  const cases: CaseResult[] = [];
  for (const group of options.groups) {
    const results = await runGroup({ root, tree: options.tree, group, limitSeconds: options.limitSeconds });
    cases.push(...results);
    console.log(`${renderResults(results)}\n`);
  }
  const summary = kvCacheSummary(cases);
  if (summary) console.log(summary);
  const wallSeconds = (performance.now() - started) / 1000;
  const results = BenchResults.parse({
    version: 1, tree: options.tree, createdAt: new Date().toISOString(), machine: m, cases, growth: growthOf(cases), wallSeconds,
  });
  const out = join(root, 'site', 'out', 'bench.json');
  mkdirSync(join(root, 'site', 'out'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Wrote ${relative(root, out)} in ${wallSeconds.toFixed(1)} s.`);
  return 0;
}
