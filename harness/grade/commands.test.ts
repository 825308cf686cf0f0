/**
 * Course input errors, reset's backup, watch mode, and the grader's pure parts (the watchdog's
 * choice of what hung, which weeks a save affects, merging progress, flags).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CourseError } from '../course/errors.ts';
import { run as gradeCommand } from '../commands/grade.ts';
import { resetWeek, run as resetCommand } from '../commands/reset.ts';
import { affectedWeeks, watchCourse, weekOfChange } from '../commands/watch.ts';
import { BETA, fixtureText, GAMMA, removeFixtureCourse, repoRoot, writeFixtureCourse, writeFixtureFile } from './fixtures/course.ts';
import { parseCommandArgs, UsageError } from '../commands/args.ts';
import { spec as gradeSpec } from '../commands/grade.ts';
import { spec as watchSpec } from '../commands/watch.ts';
import { findHung } from './run.ts';
import { mergeProgress, type Progress, type WeekProgress } from '../progress/document.ts';

const roots: string[] = [];
function fixture(name: string): string {
  const root = writeFixtureCourse(name);
  roots.push(root);
  return root;
}
afterAll(() => roots.forEach(removeFixtureCourse));

describe('course input errors name the file and the field', () => {
  it('malformed front matter: the spec and the field', async () => {
    const root = fixture('bad-front-matter');
    const spec = join(root, 'weeks/02-beta/spec.md');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('week: 2', 'week: two'));
    const error = await gradeCommand(root, []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CourseError);
    expect(error).toMatchObject({ file: 'weeks/02-beta/spec.md', field: 'week' });
  });

  it('a missing spec: the file it expected', async () => {
    const root = fixture('missing-spec');
    rmSync(join(root, 'weeks/03-gamma/spec.md'));
    const error = await gradeCommand(root, []).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CourseError', file: 'weeks/03-gamma/spec.md', field: 'file' });
    expect((error as Error).message).toContain('weeks/03-gamma/spec.md: file is missing');
  });

  it('through the CLI, a course error exits 2 with the message naming file and field', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'harness/cli.ts', 'grade', '--week', '99'], { cwd: repoRoot, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Course error: weeks\/: week 99 does not exist/);
  });

  it('a bad flag exits 2 with the usage, without running anything', async () => {
    const root = fixture('bad-flag');
    const original = console.error;
    let err = '';
    console.error = (...args: unknown[]) => void (err += args.join(' '));
    try {
      expect(await gradeCommand(root, ['--wek', '1'])).toBe(2);
    } finally {
      console.error = original;
    }
    expect(err).toContain("Unknown option '--wek'");
    expect(existsSync(join(root, '.course'))).toBe(false);
  });
});

describe('reset', () => {
  const saved = process.env.SYSTEMS_TRACK_STUBS;
  afterEach(() => {
    if (saved === undefined) delete process.env.SYSTEMS_TRACK_STUBS;
    else process.env.SYSTEMS_TRACK_STUBS = saved;
  });

  it('refuses without an explicit target and changes nothing', async () => {
    const root = fixture('reset-refuses');
    const beta = join(root, 'weeks/02-beta/beta.ts');
    writeFixtureFile(root, 'weeks/02-beta/beta.ts', BETA.solution);
    const original = console.error;
    console.error = () => {};
    try {
      expect(await resetCommand(root, [])).toBe(2);
    } finally {
      console.error = original;
    }
    expect(readFileSync(beta, 'utf8')).toBe(fixtureText(root, 'weeks/02-beta/beta.ts', BETA.solution));
    expect(existsSync(join(root, '.course'))).toBe(false);
  });

  it('restores the shipped stub from git and keeps the learner file in an ignored backup folder', () => {
    const root = fixture('reset-backup');
    // The fixture is its own repository: the shipped stubs are its first commit.
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
    git('init', '-q');
    git('add', 'weeks');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'shipped');
    process.env.SYSTEMS_TRACK_STUBS = 'HEAD';
    const text = (path: string, t: string) => fixtureText(root, path, t);
    writeFixtureFile(root, 'weeks/02-beta/beta.ts', BETA.solution);
    writeFixtureFile(root, 'weeks/03-gamma/gamma.ts', GAMMA.solution);
    const result = resetWeek(root, '2', 'beta', new Date('2026-01-02T03:04:05Z'));
    expect(result.restored).toEqual(['weeks/02-beta/beta.ts']);
    expect(readFileSync(join(root, 'weeks/02-beta/beta.ts'), 'utf8')).toBe(text('weeks/02-beta/beta.ts', BETA.stub));
    expect(result.backupDir).toBe(join(root, '.course/backup/2026-01-02T03-04-05-000Z'));
    expect(readFileSync(join(result.backupDir!, 'weeks/02-beta/beta.ts'), 'utf8')).toBe(text('weeks/02-beta/beta.ts', BETA.solution));
    // Only the target: week 3 keeps the learner's work.
    expect(readFileSync(join(root, 'weeks/03-gamma/gamma.ts'), 'utf8')).toBe(text('weeks/03-gamma/gamma.ts', GAMMA.solution));
    // A second reset finds the stub already there and backs nothing up.
    const again = resetWeek(root, '02-beta', undefined, new Date('2026-01-02T03:04:06Z'));
    expect(again).toMatchObject({ restored: [], unchanged: ['weeks/02-beta/beta.ts'] });
    expect(again.backupDir).toBeUndefined();
  });
});

describe('watch', () => {
  let root: string;
  beforeAll(() => {
    root = fixture('watch');
  });

  it('re-grades only the changed week and later ones on save, prints a hint on h, and quits on q', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const waitFor = async (pattern: RegExp) => {
      for (let waited = 0; !pattern.test(text); waited += 50) {
        if (waited > 100_000) throw new Error(`watch never printed ${pattern}; it printed:\n${text}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const done = watchCourse({ root, manual: false, input, output, debounceMs: 100 });
    await waitFor(/Re-graded every week/);
    writeFixtureFile(root, 'weeks/02-beta/beta.ts', BETA.solution);
    // Week 3 is not started: its own stub throws first, so a save in week 2 cannot change it, and it is not re-run.
    await waitFor(/Re-graded week 2 in ([\d.]+) s \(week 3 not started: not re-run\)/);
    // Week 2 now calls week 1's unfinished count: blocked, and the table still shows week 1 from the first run.
    expect(text.slice(text.lastIndexOf('week  '))).toMatch(/^2 beta .*blocked by week 1 \(count\)/m);
    expect(text.slice(text.lastIndexOf('week  '))).toMatch(/^1 alpha .*not started/m);
    input.write('h\n');
    await waitFor(/Hint for week 1/);
    input.write('q\n');
    expect(await done).toBe(0);
  });

  it('knows which week a saved file belongs to, and that a change in week N affects weeks N and later', () => {
    expect(weekOfChange('02-training/softmax.ts')).toBe(2);
    expect(weekOfChange('README.md')).toBeUndefined();
    expect(affectedWeeks([1, 2, 3, 4, 5], [4, 2])).toEqual([2, 3, 4, 5]);
    expect(affectedWeeks([1, 2, 3], [3])).toEqual([3]);
  });
});

describe('the watchdog decides what hung', () => {
  const limits = { check: 1000, load: 10_000 };
  it('a check that started longer ago than the limit, in a file that has not ended', () => {
    const beats = [
      { phase: 'load' as const, file: 'a.test.ts', at: 0 },
      { phase: 'start' as const, file: 'a.test.ts', fullName: 'x > one', at: 100 },
      { phase: 'load' as const, file: 'b.test.ts', at: 0 },
      { phase: 'start' as const, file: 'b.test.ts', fullName: 'y > two', at: 1900 },
    ];
    expect(findHung(beats, new Set(), 2000, limits, 'learner')).toEqual([{ project: 'learner', file: 'a.test.ts', fullName: 'x > one', seconds: 1.9 }]);
    expect(findHung(beats, new Set(['a.test.ts']), 2000, limits, 'learner')).toEqual([]);
  });

  it('a file still loading after the (longer) load limit, with no check to name', () => {
    const beats = [{ phase: 'load' as const, file: 'c.test.ts', at: 0 }];
    expect(findHung(beats, new Set(), 5000, limits, 'learner')).toEqual([]);
    expect(findHung(beats, new Set(), 10_500, limits, 'learner')).toEqual([{ project: 'learner', file: 'c.test.ts', fullName: undefined, seconds: 10.5 }]);
  });
});

describe('progress and flags', () => {
  const week = (number: number, passed: number): WeekProgress => ({
    number,
    slug: `0${number}-w`,
    title: `W${number}`,
    status: 'in progress',
    noteWritten: false,
    categories: {},
    tally: { passed, total: 2 },
    predictions: [],
    checks: [
      { week: number, file: 'f', id: 'a', name: 'a', category: 'behaviour', status: passed > 0 ? 'passed' : 'failed' },
      { week: number, file: 'f', id: 'b', name: 'b', category: 'behaviour', status: passed > 1 ? 'passed' : 'failed' },
    ],
  });
  const doc = (weeks: WeekProgress[]): Progress => ({ version: 2, tree: 'weeks', weeks, overall: { passed: 0, total: 0 } });

  it('merging a re-grade replaces only its weeks and recounts the overall tally', () => {
    const merged = mergeProgress(doc([week(1, 0), week(2, 0), week(3, 0)]), doc([week(2, 2)]));
    expect(merged.weeks.map((w) => [w.number, w.tally.passed])).toEqual([[1, 0], [2, 2], [3, 0]]);
    expect(merged.overall).toEqual({ passed: 2, total: 6 });
  });

  it('flags: --week repeats, unknown and misplaced flags are errors', () => {
    expect(parseCommandArgs(gradeSpec, ['--week', '2', '--week', '3', '--json']).values).toMatchObject({ week: [2, 3], json: true });
    expect(() => parseCommandArgs(gradeSpec, ['--week', 'x'])).toThrow(UsageError);
    expect(() => parseCommandArgs(gradeSpec, ['--manual'])).toThrow(/Unknown option '--manual'/);
    expect(parseCommandArgs(watchSpec, ['--manual']).values.manual).toBe(true);
  });
});
