/**
 * The bench end to end, in child processes, on temporary courses: the ceilings measured on tiny
 * sizes; a week copied from a real one under a new number and slug benches with no other edit;
 * stubs, hanging and crashing kernels are named and the other cases still run; results live in
 * .course/ one file per tree (--reference leaves the learner's alone) and the site still rebuilds
 * after a bench; the command line. Every run is --quick: no test asserts a speed.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run as benchCommand } from '../commands/bench.ts';
import { run as gradeCommand } from '../commands/grade.ts';
import { removeFixtureCourse, repoRoot, writeFixtureCourse } from '../grade/fixtures/course.ts';
import { runBench, selectGroups, UnknownGroup, type BenchOptions } from './bench.ts';
import { Ceilings, QUICK_CEILINGS } from './ceilings.ts';
import { discoverBench } from './discover.ts';
import { benchResultsPath, readBenchResults } from './results.ts';
import { runCeilings } from './run.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

const QUICK: BenchOptions = { tree: 'solutions', only: [], limitSeconds: 60, quick: true };
const quiet = () => {};

/** A real week's two folders copied into `root` as week `number` with folder `slug`: only the spec's week number changes. */
function copyWeek(root: string, from: string, slug: string, number: number): void {
  cpSync(join(repoRoot, 'weeks', from), join(root, 'weeks', slug), { recursive: true });
  cpSync(join(repoRoot, 'solutions', from), join(root, 'solutions', slug), { recursive: true });
  const spec = join(root, 'weeks', slug, 'spec.md');
  writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^week: \d+$/m, `week: ${number}`));
}

/** A temporary course inside the repository (so its files resolve the repository's packages), with the real harness linked in. */
function course(name: string): string {
  const root = join(repoRoot, '.course', 'fixtures', `bench-${name}-${process.pid}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  symlinkSync(join(repoRoot, 'harness'), join(root, 'harness'), 'dir');
  roots.push(root);
  return root;
}

/** Week 1 is the real week 1 without its bench; week 2 is the real week 1 again, bench and all, as 02-again. */
function copiedCourse(name: string): string {
  const root = course(name);
  copyWeek(root, '01-linear', '01-linear', 1);
  rmSync(join(root, 'solutions', '01-linear', 'bench.ts'));
  copyWeek(root, '01-linear', '02-again', 2);
  return root;
}

async function capture<T>(work: () => Promise<T>): Promise<{ value: T; out: string; err: string }> {
  const [log, error] = [console.log, console.error];
  let out = '';
  let err = '';
  console.log = (...args: unknown[]) => void (out += `${args.join(' ')}\n`);
  console.error = (...args: unknown[]) => void (err += `${args.join(' ')}\n`);
  try {
    return { value: await work(), out, err };
  } finally {
    [console.log, console.error] = [log, error];
  }
}

describe('the course’s own bench files', () => {
  it('are discovered from the weeks, with unique ids, and every series grows in x', async () => {
    const { groups, problems } = await discoverBench(repoRoot);
    expect(problems).toEqual([]);
    expect(groups.map((g) => g.name)).toEqual(expect.arrayContaining(['matmul', 'linear', 'attention', 'decode']));
    for (const group of groups) {
      expect(group.file).toBe(`solutions/${group.slug}/bench.ts`);
      for (const series of new Set(group.cases.map((c) => c.series))) {
        const xs = group.cases.filter((c) => c.series === series).map((c) => c.x);
        expect(xs.length, series).toBeGreaterThan(1);
        expect([...xs].sort((a, b) => a - b), series).toEqual(xs);
      }
    }
    const decode = groups.find((g) => g.name === 'decode')!;
    expect(decode.definition.sweep && decode.cases.some((c) => c.series === decode.definition.sweep)).toBe(true);
  });

  it('every case a prediction names (bench: { case, over }) exists', async () => {
    const { weeks, groups } = await discoverBench(repoRoot);
    const ids = new Set(groups.flatMap((g) => g.cases.map((c) => c.id)));
    const named = weeks.flatMap((w) => w.spec.predictions.flatMap((q) => (q.bench ? [q.bench.case, ...(q.bench.over ? [q.bench.over] : [])] : [])));
    expect(named.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('harness/bench holds no hand-written copy of a week’s functions or types', () => {
    const exported = readdirSync(join(repoRoot, 'weeks')).flatMap((slug) => {
      const dir = join(repoRoot, 'weeks', slug);
      if (!existsSync(join(dir, 'spec.md'))) return [];
      return readdirSync(dir)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/^export (?:function|type|const) (\w+)/gm)].map((m) => m[1]!));
    });
    expect(exported).toContain('decodeStep');
    const dir = join(repoRoot, 'harness', 'bench');
    for (const file of readdirSync(dir).filter((f) => /\.(ts|mjs)$/.test(f) && !f.endsWith('.test.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      const named = exported.filter((name) => new RegExp(`\\b${name}\\b`).test(text));
      expect(named, file).toEqual([]);
    }
  });

  it('--only must name a group that exists; the error lists them', async () => {
    const { groups } = await discoverBench(repoRoot);
    expect(selectGroups(groups, ['decode']).map((g) => g.name)).toEqual(['decode']);
    expect(() => selectGroups(groups, ['nosuchgroup'])).toThrow(UnknownGroup);
    expect(() => selectGroups(groups, ['nosuchgroup'])).toThrow(/no bench group "nosuchgroup": the groups are matmul, linear, attention, decode/);
  });
});

describe('ceilings', () => {
  it('are measured on tiny sizes in a child process, on one thread and on two', async () => {
    const ceilings = await runCeilings(repoRoot, { kind: 'ceilings', options: QUICK_CEILINGS }, 60);
    expect(typeof ceilings, String(ceilings)).toBe('object');
    const parsed = Ceilings.parse(ceilings);
    expect(parsed.measured.map((c) => c.threads)).toEqual([1, 2]);
    for (const c of parsed.measured) {
      expect(c.flopsPerSecond.best).toBeGreaterThan(0);
      expect(c.bytesPerSecond.best).toBeGreaterThan(0);
      expect(c.flopsPerSecond.passes).toHaveLength(QUICK_CEILINGS.passes);
    }
  }, 60_000);
});

describe('a week copied under a new number and slug', () => {
  const root = copiedCourse('copy');

  it('benches with no other edit: its group, its cases, its modules from its own folder', async () => {
    const { results } = await runBench(root, { ...QUICK, only: ['matmul'] }, quiet);
    expect(results.groups).toEqual([expect.objectContaining({ name: 'matmul', week: 2, file: 'solutions/02-again/bench.ts' })]);
    expect(results.cases.map((c) => c.id)).toEqual(['matmul-32', 'matmul-64', 'matmul-128', 'matmul-256']);
    for (const c of results.cases) {
      expect(c.measured.status).toBe('ok');
      expect(c.flops.value).toBe(2 * c.x ** 3 + c.x ** 2);
      // the course has no week 5: the bytes say which module is missing, and the case still ran
      expect(c.bytes).toMatchObject({ value: null, note: expect.stringMatching(/no module "scale" in this course/) });
    }
    expect(results.tree).toBe('solutions');
    expect(results.ceilings?.measured.length).toBeGreaterThan(0);
  }, 90_000);

  it('results are stored per tree in .course/: --reference leaves the learner’s alone, and nothing goes to site/out', async () => {
    const { results: learner } = await runBench(root, { ...QUICK, tree: 'weeks', only: ['matmul'] }, quiet);
    // the shipped stubs: not implemented, named with their week and function
    expect(learner.cases[0]!.measured).toEqual({ status: 'not-implemented', week: 1, fn: 'matmul' });
    expect(learner.cases[0]!.flops.note).toBe('not implemented yet (week 1: linearFlops)');
    const learnerText = readFileSync(benchResultsPath(root, 'weeks'), 'utf8');
    await runBench(root, { ...QUICK, only: ['matmul'] }, quiet);
    expect(readFileSync(benchResultsPath(root, 'weeks'), 'utf8')).toBe(learnerText);
    expect(readBenchResults(root, 'weeks')?.tree).toBe('weeks');
    expect(readBenchResults(root, 'solutions')?.tree).toBe('solutions');
    expect(readdirSync(join(root, '.course')).sort()).toEqual(['bench.json', 'bench.reference.json']);
    expect(existsSync(join(root, 'site', 'out'))).toBe(false);
  }, 90_000);

  it('the command line: a bad flag, a bad value or an unknown group exits 2 with the usage; --help exits 0', async () => {
    const unknown = await capture(() => benchCommand(root, ['--only', 'nosuchgroup']));
    expect(unknown.value).toBe(2);
    expect(unknown.err).toMatch(/no bench group "nosuchgroup": the groups are matmul, linear/);
    expect(unknown.err).toMatch(/usage: npm run bench/);
    for (const args of [['--limit', '0'], ['--limt', '5'], ['extra']]) {
      const bad = await capture(() => benchCommand(root, args));
      expect(bad.value, args.join(' ')).toBe(2);
      expect(bad.err).toMatch(/usage: npm run bench/);
    }
    const help = await capture(() => benchCommand(root, ['--help']));
    expect(help.value).toBe(0);
    expect(help.out).toMatch(/--reference[\s\S]*--only GROUP[\s\S]*--limit SECONDS/);
  }, 30_000);
});

describe('learner code that misbehaves', () => {
  it('a stub is "not implemented yet", a hanging kernel times out, a crashing one is named, and the other cases still run', async () => {
    const root = course('probe');
    copyWeek(root, '01-linear', '01-linear', 1);
    writeFileSync(
      join(root, 'solutions', '01-linear', 'bench.ts'),
      `import { NotImplemented } from '../../harness/runtime/index.ts';
import { defineBench, type CaseDefinition } from '../../harness/bench/define.ts';

const base = { series: 'probe', xName: 'n', flops: { from: 'test', value: () => 1000 }, bytes: { from: 'test', value: () => 8000 }, setup: () => 0 };
const probe = (id: string, x: number, run: CaseDefinition<unknown, number>['run']) => ({ ...base, id, label: id, x, run });

export default defineBench<unknown>({
  probe: {
    title: 'kernels that misbehave',
    bytes: 'none really',
    cases: (kernel) => [
      kernel(probe('probe-stub', 1, () => { throw new NotImplemented('probeKernel', 1); })),
      kernel(probe('probe-hang', 2, () => { for (;;) {} })),
      kernel(probe('probe-ok', 3, () => { let s = 0; for (let i = 0; i < 1000; i++) s += i; return s; })),
      kernel(probe('probe-exit', 4, () => process.exit(3))),
      kernel(probe('probe-async', 5, () => new Promise((resolve) => setTimeout(resolve, 1)))),
    ],
  },
});
`,
    );
    const { results } = await runBench(root, { ...QUICK, limitSeconds: 5 }, quiet);
    const byId = Object.fromEntries(results.cases.map((c) => [c.id, c.measured]));
    expect(byId['probe-stub']).toEqual({ status: 'not-implemented', week: 1, fn: 'probeKernel' });
    expect(byId['probe-hang']).toEqual({ status: 'timed-out', limitSeconds: 5 });
    expect(byId['probe-ok']?.status).toBe('ok');
    expect(byId['probe-exit']).toMatchObject({ status: 'error', message: expect.stringMatching(/the bench process died/) });
    expect(byId['probe-async']?.status).toBe('ok');
    expect(results.cases.map((c) => c.id)).toEqual(['probe-stub', 'probe-hang', 'probe-ok', 'probe-exit', 'probe-async']);
  }, 90_000);
});

describe('bench, then grade', () => {
  it('grade still rebuilds the site after a bench', async () => {
    const root = writeFixtureCourse('bench-then-grade');
    try {
      await runBench(root, { ...QUICK, tree: 'weeks' }, quiet);
      expect(existsSync(join(root, 'site', 'out'))).toBe(false);
      const { out } = await capture(() => gradeCommand(root, []));
      expect(out).not.toMatch(/not rebuilt/);
      expect(out).toMatch(/Site: \d+ pages/);
      expect(existsSync(join(root, 'site', 'out', 'index.html'))).toBe(true);
      expect(readBenchResults(root, 'weeks')?.tree).toBe('weeks');
    } finally {
      removeFixtureCourse(root);
    }
  }, 120_000);
});
