/**
 * The grader against a fixture course (harness/grade/fixtures/course.ts) where a learner has left
 * one of every kind of bug: each check must get the one status that explains it, the other weeks
 * must still grade, and nothing in weeks/ may change.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALPHA, BETA, BROKEN, LOOP, RENAMED, removeFixtureCourse, writeFixtureCourse } from './fixtures/course.ts';
import { grade, type Graded } from './grade.ts';
import { loadCourse, type Course } from '../course/load.ts';
import { Progress, type Check } from '../progress/document.ts';
import { renderReport } from './report.ts';
import { run as gradeCommand } from '../commands/grade.ts';
import { run as hintCommand } from '../commands/hint.ts';
import { progressPath } from '../progress/store.ts';

const LIMIT_MS = 1500;

/** A hash of every file under weeks/, path and bytes. */
export function hashTree(dir: string): string {
  const hash = createHash('sha256');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const file of files) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

function check(graded: Graded, file: string, name: string): Check {
  const found = graded.progress.weeks.flatMap((w) => w.checks).find((c) => c.file.endsWith(file) && c.name === name);
  if (!found) throw new Error(`no check "${name}" in ${file}`);
  return found;
}

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  const original = console.log;
  let out = '';
  console.log = (...args: unknown[]) => void (out += `${args.join(' ')}\n`);
  try {
    return { code: await fn(), out };
  } finally {
    console.log = original;
  }
}

describe('grading a learner with one of every bug', () => {
  let root: string;
  let course: Course;
  let graded: Graded;
  let before: string;
  let after: string;

  beforeAll(async () => {
    root = writeFixtureCourse('mixed', {
      alpha: { scale: ALPHA.scale.wrongShape, mean: ALPHA.mean.nan, norm: ALPHA.norm.typeError, total: ALPHA.total.solution },
      broken: BROKEN.syntaxError,
      renamed: RENAMED.missingExport,
      loop: LOOP.infinite,
      beta: BETA.solution,
    });
    before = hashTree(join(root, 'weeks'));
    course = loadCourse(root);
    graded = await grade(course, { tree: 'weeks', checkLimitMs: LIMIT_MS });
    after = hashTree(join(root, 'weeks'));
  });

  afterAll(() => removeFixtureCourse(root));

  it('passes the check whose function is right', () => {
    expect(check(graded, 'alpha.test.ts', 'total matches the worked example').status).toBe('passed');
  });

  it('a thrown TypeError is a failure naming the error and the line in the learner file', () => {
    const c = check(graded, 'alpha.test.ts', 'norm of [3, 4] is 5');
    expect(c.status).toBe('failed');
    expect(c.message).toMatch(/^TypeError: Cannot read properties of undefined/);
    expect(c.location).toMatch(/^weeks\/01-alpha\/alpha\.ts:\d+:\d+$/);
  });

  it('NaN is a failure showing expected against actual', () => {
    const c = check(graded, 'alpha.test.ts', 'mean of two huge values is finite and exact');
    expect(c).toMatchObject({ status: 'failed', category: 'numerics', expected: '1e+308', actual: 'NaN' });
    expect(c.message).toContain('expected: 1e+308');
  });

  it('a wrong shape is a failure carrying the ledger row it checks', () => {
    const c = check(graded, 'alpha.test.ts', 'Y has shape [B, D]');
    expect(c).toMatchObject({ status: 'failed', category: 'shapes', ledger: { symbol: 'Y', shape: '[B, D]', meaning: 'X scaled by k.' } });
    expect(c.message).toContain('got [3, 2]');
  });

  it("an untouched stub of the week's own is not started", () => {
    expect(check(graded, 'alpha.test.ts', 'count counts the values').status).toBe('not started');
  });

  it('a syntax error crashes every check of the file, with the file and line, and the checks are still counted', () => {
    const checks = graded.progress.weeks[0]!.checks.filter((c) => c.file === 'weeks/01-alpha/broken.test.ts');
    expect(checks.map((c) => c.name)).toEqual(['twice doubles 2', 'twice doubles -3']);
    for (const c of checks) {
      expect(c.status).toBe('crashed');
      expect(c.location).toBe('weeks/01-alpha/broken.ts:4:14');
      expect(c.message).toMatch(/^SyntaxError: .*Unexpected token/);
    }
  });

  it('a missing export crashes the check, naming the export and the module', () => {
    const c = check(graded, 'renamed.test.ts', 'thrice triples 2');
    expect(c.status).toBe('crashed');
    expect(c.message).toContain('weeks/01-alpha/renamed.ts does not export thrice');
  });

  it('a while (true) {} is stopped in bounded time and names each check that hung; the file keeps its other results, from the reporter', () => {
    expect(check(graded, 'loop.test.ts', 'inc adds one').status).toBe('passed');
    for (const name of ['spin returns its input', 'spin returns zero for zero']) {
      const hung = check(graded, 'loop.test.ts', name);
      expect(hung).toMatchObject({ status: 'timed out', stop: { kind: 'hung' } });
      expect(hung.message).toMatch(/still running after [\d.]+ s/);
    }
    expect(graded.outcome.hung.map((h) => h.fullName)).toEqual(['behaviour > spin returns its input', 'behaviour > spin returns zero for zero']);
  });

  it('still grades every other week after the hang: week 2 is blocked by week 1 (count), week 3 not started', () => {
    const [, beta, gamma] = graded.progress.weeks;
    expect(beta).toMatchObject({ status: 'blocked', blockedBy: { week: 1, fn: 'count' } });
    expect(beta!.checks[0]).toMatchObject({ status: 'blocked', blockedBy: { week: 1, fn: 'count' } });
    expect(gamma).toMatchObject({ status: 'not started', tally: { passed: 0, total: 1 } });
  });

  it('counts every check of the course, hung and crashed ones included (13, as on the reference)', () => {
    expect(graded.progress.overall).toEqual({ passed: 2, total: 13 });
    expect(graded.progress.weeks[0]!.categories).toEqual({ shapes: { passed: 0, total: 1 }, numerics: { passed: 0, total: 1 }, behaviour: { passed: 2, total: 9 } });
  });

  it('reports a table, the hung and crashed files, and Next: the first unfinished check in course order with its hint', () => {
    const text = renderReport(graded.progress, course);
    expect(text).toMatch(/^week\s+shapes\s+memory\s+flops\s+gradients\s+numerics\s+behaviour\s+predicted\s+status\s+note$/m);
    expect(text).toMatch(/^2 beta .*blocked by week 1 \(count\)\s+to write$/m);
    expect(text).toContain('weeks/01-alpha/loop.test.ts: hung: "spin returns its input"');
    expect(text).toContain('weeks/01-alpha/broken.test.ts: crashed: SyntaxError');
    expect(text).toMatch(/Next: week 1, weeks\/01-alpha\/alpha\.test\.ts\n {2}shapes: Y has shape \[B, D\] {2}\[failed\]/);
    expect(text).toContain('ledger row: | Y | [B, D] | X scaled by k. |');
    expect(text).toContain('Hint 1 of 2: Nudge: shapes.');
  });

  it('the progress document validates', () => {
    expect(() => Progress.parse(JSON.parse(JSON.stringify(graded.progress)))).not.toThrow();
  });

  it('never writes into weeks/', () => {
    expect(after).toBe(before);
  });
});

describe('the commands on a fresh course', () => {
  let root: string;
  beforeAll(() => {
    root = writeFixtureCourse('fresh');
  });
  afterAll(() => removeFixtureCourse(root));

  it('grade --json --strict prints a valid document with every week not started, stores the same one, exits 1; hint reads it without re-grading; weeks/ is unchanged', async () => {
    const before = hashTree(join(root, 'weeks'));
    const { code, out } = await capture(() => gradeCommand(root, ['--json', '--strict', '--limit', '5']));
    expect(code).toBe(1);
    const printed = Progress.parse(JSON.parse(out));
    expect(printed.weeks.map((w) => w.status)).toEqual(['not started', 'not started', 'not started']);
    expect(printed.overall).toEqual({ passed: 0, total: 13 });
    const stored = Progress.parse(JSON.parse(readFileSync(progressPath(root, 'weeks'), 'utf8')));
    expect(stored).toEqual(printed);
    const storedText = readFileSync(progressPath(root, 'weeks'), 'utf8');
    const hint = await capture(() => hintCommand(root, ['2']));
    expect(hint.code).toBe(0);
    expect(hint.out).toContain('Hint for week 2, weeks/02-beta/beta.test.ts');
    expect(hint.out).toContain('Hint 1 of 2: Nudge: behaviour.');
    // Asked again for the same check, hint goes one tier deeper.
    expect((await capture(() => hintCommand(root, ['2']))).out).toContain('Hint 2 of 2: beta counts with week 1.');
    // Nothing changed in weeks/ since grading, so hint answered from the stored document without grading again.
    expect(readFileSync(progressPath(root, 'weeks'), 'utf8')).toBe(storedText);
    expect(hashTree(join(root, 'weeks'))).toBe(before);
  });

  it('grade --reference grades solutions/: every week complete, notes written, exit 0 even with --strict', async () => {
    const { code, out } = await capture(() => gradeCommand(root, ['--reference', '--json', '--strict']));
    expect(code).toBe(0);
    const progress = Progress.parse(JSON.parse(out));
    expect(progress.tree).toBe('solutions');
    expect(progress.weeks.map((w) => [w.status, w.noteWritten])).toEqual([
      ['complete', true],
      ['complete', true],
      ['complete', true],
    ]);
    expect(progress.overall).toEqual({ passed: 13, total: 13 });
  });
});
