/**
 * Progress is only what the grader saw: each forgery a learner tried on the old grader either fails
 * its checks or marks the week "modified course", and nothing outside its place is ever written.
 * Fixture courses are git repositories here, so the course as shipped is their first commit.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CourseError } from '../course/errors.ts';
import { loadCourse } from '../course/load.ts';
import { courseSource, modifiedCourseFiles } from '../course/shipped.ts';
import { resetWeek } from '../commands/reset.ts';
import { readMutants } from '../proof/mutants.ts';
import { Progress } from '../progress/document.ts';
import { progressPath } from '../progress/store.ts';
import { ALPHA, alphaModule, BETA, removeFixtureCourse, repoRoot, writeFixtureCourse, writeFixtureFile } from './fixtures/course.ts';
import { grade } from './grade.ts';
import { courseIntegrity } from './inspect.ts';

const roots: string[] = [];
afterAll(() => roots.forEach(removeFixtureCourse));

/** A fixture course committed to its own git repository: the shipped course is that commit. */
function shippedFixture(name: string): string {
  const root = writeFixtureCourse(name);
  roots.push(root);
  mkdirSync(join(root, 'harness'), { recursive: true });
  writeFileSync(join(root, 'harness', 'notes.txt'), 'a course file outside weeks/\n');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
  git('init', '-q');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'the course as shipped');
  return root;
}

const stubs = Object.fromEntries(Object.entries(ALPHA).map(([k, v]) => [k, v.stub])) as Parameters<typeof alphaModule>[0];
const solved = Object.fromEntries(Object.entries(ALPHA).map(([k, v]) => [k, v.solution])) as Parameters<typeof alphaModule>[0];

describe('forgeries that used to mark a week complete', () => {
  const root = shippedFixture('forgeries');
  // Week 1: stubs left throwing, and "passed" lines written to the heartbeat file the environment names.
  const forgedBeat = `const beat = process.env.SYSTEMS_TRACK_HEARTBEAT;
if (beat) for (const name of ['total matches the worked example', 'count counts the values']) {
  try { (await import('node:fs')).appendFileSync(beat, JSON.stringify({ phase: 'end', file: '', fullName: 'behaviour > ' + name, at: Date.now(), failed: false, notImplemented: [] }) + '\\n'); } catch {}
}\n`;
  writeFixtureFile(root, 'weeks/01-alpha/alpha.ts', `${alphaModule(stubs)}\n${forgedBeat}`);
  // Week 2: a module that re-exports the reference solution.
  writeFixtureFile(root, 'weeks/02-beta/beta.ts', "export * from '../../solutions/02-beta/beta.ts';\n");
  // Week 3: the test file replaced with a trivial one.
  writeFixtureFile(root, 'weeks/03-gamma/gamma.test.ts', "import { describe, expect, it } from 'vitest';\ndescribe('behaviour', { tags: ['behaviour'] }, () => { it('next of 1 is 2', () => expect(1 + 1).toBe(2)); });\n");
  let progress: Progress;

  it('grades them', async () => {
    progress = (await grade(loadCourse(root), { tree: 'weeks' })).progress;
  });

  it('forged heartbeat lines count for nothing: a pass comes only from the reporter', () => {
    const week = progress.weeks[0]!;
    for (const name of ['total matches the worked example', 'count counts the values']) {
      expect(week.checks.find((c) => c.name === name)?.status).toBe('not started');
    }
    expect(week.status).toBe('not started');
  });

  it('a module that re-exports solutions/ makes the week a modified course, never complete', () => {
    expect(progress.weeks[1]).toMatchObject({ status: 'modified course', modified: ['weeks/02-beta/beta.ts imports solutions/02-beta/beta.ts'] });
    expect(progress.weeks[1]!.checks.every((c) => c.status !== 'passed')).toBe(true);
  });

  it('a replaced test file makes the week a modified course, whatever its trivial tests say', () => {
    expect(progress.weeks[2]).toMatchObject({ status: 'modified course', modified: ['weeks/03-gamma/gamma.test.ts'] });
  });

  it("an edited harness file makes every week a modified course in the learner's grade, never in the reference's (the author's own files)", () => {
    writeFileSync(join(root, 'harness', 'notes.txt'), 'edited\n');
    const course = loadCourse(root);
    expect(modifiedCourseFiles(course, courseSource(course)).get(0)).toEqual(['harness/notes.txt']);
    expect(courseIntegrity(course, 'weeks').modified.get(0)).toEqual(['harness/notes.txt']);
    expect([...courseIntegrity(course, 'solutions').modified]).toEqual([]);
    writeFileSync(join(root, 'harness', 'notes.txt'), 'a course file outside weeks/\n');
  });
});

describe('learner code that patches built-ins, returns plain arrays or writes the progress file', () => {
  const root = shippedFixture('patches');
  const forged = JSON.stringify({ version: 2, tree: 'weeks', weeks: [], overall: { passed: 999, total: 999 } });
  // norm is right but the module patches Math.abs (which the trusted comparison used to call).
  writeFixtureFile(root, 'weeks/01-alpha/alpha.ts', `${alphaModule({ ...solved, scale: 'return { shape: [...x.shape], data: Array.from(x.data, (v) => v * k) } as unknown as Tensor;' })}\n(Math as { abs: (x: number) => number }).abs = () => 0;\n`);
  // Week 2 tries to write the stored progress while it is graded.
  writeFixtureFile(root, 'weeks/02-beta/beta.ts', `${BETA.stub}\ntry { (await import('node:fs')).writeFileSync(${JSON.stringify(progressPath(root, 'weeks'))}, ${JSON.stringify(forged)}); } catch {}\n`);
  let progress: Progress;

  it('grades them', async () => {
    progress = (await grade(loadCourse(root), { tree: 'weeks', weeks: [1, 2] })).progress;
  });

  it('assigning Math.abs throws where it is written, so the module crashes instead of loosening a comparison', () => {
    const alpha = progress.weeks[0]!.checks.filter((c) => c.file === 'weeks/01-alpha/alpha.test.ts');
    expect(alpha.every((c) => c.status === 'crashed')).toBe(true);
    expect(alpha[0]!.message).toMatch(/read.only|Cannot assign/);
  });

  it('the learner code could not write .course/progress.json while it ran', () => {
    expect(existsSync(progressPath(root, 'weeks'))).toBe(false);
    expect(progress.weeks[1]!.status).not.toBe('complete');
  });
});

describe('tensors must hold a Float64Array', () => {
  const root = writeFixtureCourse('plain-array', { alpha: { scale: 'return { shape: [...x.shape], data: Array.from(x.data, (v) => v * k) } as unknown as Tensor;' } });
  roots.push(root);

  it('a shape check on data that is a number[] fails and says so', async () => {
    const { progress } = await grade(loadCourse(root), { tree: 'weeks', weeks: [1] });
    const check = progress.weeks[0]!.checks.find((c) => c.name === 'Y has shape [B, D]')!;
    expect(check.status).toBe('failed');
    expect(check.message).toContain('data that is not a Float64Array (Array)');
  });
});

describe('two grades finishing together', () => {
  const root = writeFixtureCourse('concurrent');
  roots.push(root);

  it('both weeks end up in the stored document (the read-merge-write is locked)', async () => {
    // Two processes, each grading one week and storing it, as two `npm run grade -- --week N` would.
    const script = join(root, 'grade-one.mts');
    const h = (path: string) => JSON.stringify(join(repoRoot, 'harness', path));
    writeFileSync(script, [
      `import { loadCourse } from ${h('course/load.ts')};`,
      `import { grade } from ${h('grade/grade.ts')};`,
      `import { publish } from ${h('publish/publish.ts')};`,
      `const course = loadCourse(${JSON.stringify(root)});`,
      "const { progress } = await grade(course, { tree: 'weeks', weeks: [Number(process.argv[2])] });",
      'await publish({ course, progress, log: () => {}, storeOnly: true });',
    ].join('\n'));
    const run = (week: string) =>
      new Promise<number>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script, week], { cwd: repoRoot, stdio: 'ignore' });
        child.on('close', (code) => resolve(code ?? 1));
      });
    expect(await Promise.all([run('2'), run('3')])).toEqual([0, 0]);
    const stored = Progress.parse(JSON.parse(readFileSync(progressPath(root, 'weeks'), 'utf8')));
    expect(stored.weeks.map((w) => w.number)).toEqual([2, 3]);
  });
});

describe('nothing outside its place is ever written', () => {
  it('a mutant whose module is a path out of the week is a course error naming the field', () => {
    const root = writeFixtureCourse('mutant-path');
    roots.push(root);
    writeFixtureFile(root, 'solutions/01-alpha/mutants.yaml', '- name: escape\n  module: ../../weeks/01-alpha/alpha\n  replace: "x"\n  with: "y"\n  caughtBy: z\n');
    const week = loadCourse(root).weeks[0]!;
    expect(() => readMutants(root, week)).toThrow(CourseError);
    expect(() => readMutants(root, week)).toThrow(/solutions\/01-alpha\/mutants.yaml: 0.module/);
  });

  it('reset refuses a module that is a symbolic link, and writes nothing through it', () => {
    const root = shippedFixture('reset-link');
    const outside = join(root, '..', `outside-${process.pid}.ts`);
    writeFileSync(outside, 'precious\n');
    try {
      rmSync(join(root, 'weeks/03-gamma/gamma.ts'));
      symlinkSync(outside, join(root, 'weeks/03-gamma/gamma.ts'));
      expect(() => resetWeek(root, '3', 'gamma')).toThrow(/is a symbolic link/);
      expect(readFileSync(outside, 'utf8')).toBe('precious\n');
    } finally {
      rmSync(outside, { force: true });
    }
  });
});
