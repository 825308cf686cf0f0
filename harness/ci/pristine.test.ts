/**
 * The CI grade on a fixture fork: a course repository (the fixture course, committed as shipped),
 * a fork cloned from it holding a learner's work and every trick the pristine copy must defeat — an
 * edited test, a module that re-exports the solutions, a module that is a symbolic link, a Vitest
 * configuration that would throw — and an upstream that moved on after the fork. The end-to-end test
 * runs the same command the Pages workflow runs (`harness/cli.ts ci-grade`) in a child process.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnLimited } from '../child.ts';
import { Progress } from '../progress/document.ts';
import { fixtureText, removeFixtureCourse, repoRoot, writeFixtureCourse } from '../grade/fixtures/course.ts';
import { CiGradeError, courseCommit, openHistories } from './histories.ts';

const IDENTITY = { GIT_AUTHOR_NAME: 'Fixture', GIT_AUTHOR_EMAIL: 'fixture@example.invalid', GIT_COMMITTER_NAME: 'Fixture', GIT_COMMITTER_EMAIL: 'fixture@example.invalid' };

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...IDENTITY } }).trim();
}

function commitAll(dir: string, message: string): string {
  git(dir, 'add', '-A');
  git(dir, 'commit', '--quiet', '--no-verify', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

/** A test file that passes whatever the module does, under the shipped check's name. */
const FORGED_GAMMA_TEST = `import { describe, expect, it } from 'vitest';

describe('behaviour', { tags: ['behaviour'] }, () => {
  it('next of 1 is 2', () => {
    expect(2).toBe(2);
  });
});
`;

let course = '';
let fork = '';
let unrelated = '';
let shipped = '';
let forged = '';
const scratch = mkdtempSync(join(tmpdir(), 'ci-grade-test-'));

beforeAll(() => {
  course = writeFixtureCourse('ci-course');
  git(course, 'init', '--quiet', '--initial-branch=main');
  shipped = commitAll(course, 'The course as shipped');
  fork = join(repoRoot, '.course', 'fixtures', `ci-fork-${process.pid}`);
  rmSync(fork, { recursive: true, force: true });
  git(repoRoot, 'clone', '--quiet', course, fork);

  // The upstream moves on after the fork: a grade must use the course the fork started from.
  const gammaSpec = join(course, 'weeks/03-gamma/spec.md');
  writeFileSync(gammaSpec, readFileSync(gammaSpec, 'utf8').replace('title: Gamma', 'title: Gamma, revised upstream'));
  commitAll(course, 'A later course change');

  // A forged "course" commit in the fork: an edited test with every stub still pure.
  git(fork, 'checkout', '--quiet', '-b', 'forged');
  writeFileSync(join(fork, 'weeks/03-gamma/gamma.test.ts'), FORGED_GAMMA_TEST);
  forged = commitAll(fork, 'Make gamma pass');

  // The learner's work on main: week 1 solved with a note, week 2 re-exports the solution, week 3
  // a symbolic link to the solution and the forged test, and a configuration that throws.
  git(fork, 'checkout', '--quiet', 'main');
  for (const module of ['alpha', 'broken', 'renamed', 'loop', 'notes']) {
    const file = module === 'notes' ? 'notes.md' : `${module}.ts`;
    copyFileSync(join(fork, 'solutions/01-alpha', file), join(fork, 'weeks/01-alpha', file));
  }
  writeFileSync(join(fork, 'weeks/02-beta/beta.ts'), "export { pairs, unused } from '../../solutions/02-beta/beta.ts';\n");
  rmSync(join(fork, 'weeks/03-gamma/gamma.ts'));
  symlinkSync('../../solutions/03-gamma/gamma.ts', join(fork, 'weeks/03-gamma/gamma.ts'));
  writeFileSync(join(fork, 'weeks/03-gamma/gamma.test.ts'), FORGED_GAMMA_TEST);
  writeFileSync(join(fork, 'vitest.config.ts'), fixtureText(fork, 'vitest.config.ts', "throw new Error('the fork’s own configuration ran');\n"));
  commitAll(fork, 'My work');

  unrelated = join(scratch, 'unrelated');
  execFileSync('git', ['init', '--quiet', unrelated]);
  writeFileSync(join(unrelated, 'README.md'), 'Another project.\n');
  commitAll(unrelated, 'Another history');
});

afterAll(() => {
  removeFixtureCourse(course);
  removeFixtureCourse(fork);
  rmSync(scratch, { recursive: true, force: true });
});

function found(options: { ref: string; upstream?: string }) {
  const histories = openHistories({ fork, ...options });
  try {
    return courseCommit(histories, { fork, ...options });
  } finally {
    histories.close();
  }
}

describe('the course commit a fork is graded against', () => {
  it('is the merge base with the upstream, not what the upstream did since', () => {
    expect(found({ ref: 'main', upstream: course })).toMatchObject({ commit: shipped, trustsFork: false });
  });

  it('with an upstream, a forged all-stub commit in the fork does not become the course', () => {
    expect(found({ ref: 'forged', upstream: course }).commit).toBe(shipped);
  });

  it('without an upstream, comes from the fork’s own history, which the fork controls (and says so)', () => {
    expect(found({ ref: 'main' })).toMatchObject({ commit: shipped, trustsFork: true });
    expect(found({ ref: 'forged' })).toMatchObject({ commit: forged, trustsFork: true });
  });

  it('is refused for a fork that shares no history with the upstream, naming both', () => {
    expect(() => found({ ref: 'main', upstream: unrelated })).toThrow(CiGradeError);
    expect(() => found({ ref: 'main', upstream: unrelated })).toThrow(/shares no history with the upstream/);
  });

  it('is refused for something that is neither a folder nor a git URL, before git sees it', () => {
    expect(() => openHistories({ fork, ref: 'main', upstream: '--upload-pack=touch /tmp/x' })).toThrow(/neither a folder nor a git URL/);
    expect(() => openHistories({ fork, ref: '--output=/tmp/x' })).toThrow(/is not a git ref/);
  });
});

/** `node --import tsx harness/cli.ts <args>` from the repository, as the workflow runs it. */
async function cli(args: string[]): Promise<{ code: number | null; output: string }> {
  const env = { ...process.env };
  delete env.SYSTEMS_TRACK_STUBS;
  const child = spawnLimited(['--import', 'tsx', 'harness/cli.ts', ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], timeoutMs: 600_000 });
  let output = '';
  child.child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const { code } = await child.closed;
  return { code, output };
}

describe('npm run ci-grade on the fixture fork', () => {
  const out = join(scratch, 'site');
  const report = join(scratch, 'report');
  let result: { code: number | null; output: string };
  let progress: Progress;
  const week = (n: number) => progress.weeks.find((w) => w.number === n)!;

  beforeAll(async () => {
    result = await cli(['ci-grade', '--fork', fork, '--ref', 'main', '--upstream', course, '--out', out, '--report', report]);
    progress = Progress.parse(JSON.parse(readFileSync(join(report, 'progress.json'), 'utf8')));
  }, 600_000);

  it('exits 0 and grades against the shipped course commit', () => {
    expect(result.code, result.output).toBe(0);
    expect(progress.course?.commit).toBe(shipped);
    expect(week(3).title).toBe('Gamma');
  });

  it('counts the learner’s solved week with its note, taken from the fork', () => {
    expect(week(1)).toMatchObject({ status: 'complete', noteWritten: true });
    expect(week(1).tally.passed).toBe(week(1).tally.total);
  });

  it('does not count a module that imports solutions/', () => {
    expect(week(2).status).toBe('modified course');
    expect(week(2).modified?.join(' ')).toMatch(/weeks\/02-beta\/beta\.ts imports solutions\/02-beta\/beta\.ts/);
  });

  it('grades with the shipped test, not the fork’s edited one, and keeps the stub for a symbolic link', () => {
    expect(week(3).status).toBe('not started');
    expect(week(3).checks.map((c) => [c.name, c.status])).toEqual([['next of 1 is 2', 'not started']]);
    expect(result.output).toContain('not taken: weeks/03-gamma/gamma.ts (a symbolic link, not a file)');
  });

  it('writes the notebook and the Markdown summary the workflow appends to the job summary', () => {
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(readFileSync(join(out, '01-alpha.html'), 'utf8')).toContain('nothing is added or removed');
    const summary = readFileSync(join(report, 'summary.md'), 'utf8');
    expect(summary).toMatch(/^## Systems Track: \d+ of \d+ checks pass/);
    expect(summary).toContain('| 1 Alpha |');
    expect(summary).toContain('**complete**');
    expect(summary).toContain(`commit ${shipped.slice(0, 7)}, the course at the merge base with the upstream`);
    expect(summary).toContain('`weeks/03-gamma/gamma.ts`: a symbolic link, not a file');
  });

  it('leaves the fork as it was', () => {
    expect(git(fork, 'status', '--porcelain')).toBe('');
    expect(existsSync(join(fork, '.course'))).toBe(false);
  });
});
