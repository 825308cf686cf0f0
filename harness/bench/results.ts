/**
 * Where the bench's results live, and the one way to read them: with the learner's progress in
 * .course/, one file per tree, so timing the reference never overwrites the learner's own results:
 *
 *   .course/bench.json            the learner's kernels (weeks/)
 *   .course/bench.reference.json  the reference solutions (solutions/)
 *
 * Written atomically through harness/outputs.ts (a temporary file, then a rename); read back
 * through the zod schema, so a reader gets a valid document of the tree it asked for, or undefined.
 * site/out/ is the site build's alone: the bench never writes there.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { git } from '../git.ts';
import { writeOwned } from '../outputs.ts';
import type { BenchMachine } from './define.ts';
import { BenchResults, type Machine, type Tree } from './schema.ts';

export function benchResultsPath(root: string, tree: Tree): string {
  return join(root, '.course', tree === 'solutions' ? 'bench.reference.json' : 'bench.json');
}

/** The stored results of a tree, or undefined when there are none or they do not validate (or are another tree's). */
export function readBenchResults(root: string, tree: Tree): BenchResults | undefined {
  const path = benchResultsPath(root, tree);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = BenchResults.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success && parsed.data.tree === tree ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeBenchResults(root: string, results: BenchResults): string {
  const path = benchResultsPath(root, results.tree);
  writeOwned(root, path, `${JSON.stringify(BenchResults.parse(results), null, 2)}\n`);
  return path;
}

/** "512K", "32768K", "1M" as /sys writes cache sizes, in bytes. */
export function parseCacheSize(text: string): number | null {
  const match = /^(\d+)\s*([KMG]?)/i.exec(text.trim());
  if (!match) return null;
  const scale = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[match[2]!.toUpperCase() as '' | 'K' | 'M' | 'G'];
  return Number(match[1]) * scale;
}

/** Data and unified caches of cpu0 by level, from /sys (Linux); null where it does not say. */
export function readCaches(dir = '/sys/devices/system/cpu/cpu0/cache'): BenchMachine['caches'] {
  const caches: BenchMachine['caches'] = { l1d: null, l2: null, l3: null };
  try {
    for (const entry of readdirSync(dir).filter((e) => /^index\d+$/.test(e))) {
      const read = (name: string) => readFileSync(join(dir, entry, name), 'utf8').trim();
      if (read('type') === 'Instruction') continue;
      const key = ({ '1': 'l1d', '2': 'l2', '3': 'l3' } as const)[read('level')];
      if (key) caches[key] = parseCacheSize(read('size'));
    }
  } catch {
    // not Linux, or no cache information: leave nulls
  }
  return caches;
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() || 'unknown CPU',
    cores: availableParallelism(),
    node: process.version,
    caches: readCaches(),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** HEAD and whether `tree` has uncommitted changes, or nulls outside git. */
export function gitState(root: string, tree: Tree): { commit: string | null; dirty: boolean | null } {
  const commit = git(root, ['rev-parse', 'HEAD'])?.trim();
  if (commit === undefined) return { commit: null, dirty: null };
  const status = git(root, ['status', '--porcelain', '--', tree]);
  return { commit, dirty: status === undefined ? null : status.trim() !== '' };
}
