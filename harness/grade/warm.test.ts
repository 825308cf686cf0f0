/**
 * The warm grader (warm.ts) on the fixture course: a re-run sees a save, reports the same typed events
 * a cold run does (a crash located, a hang named), and a warm Vitest that hung or was killed is
 * started again. Every wait is on a condition, never on the clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALPHA, BROKEN, LOOP, removeFixtureCourse, writeFixtureCourse, writeFixtureFile, alphaModule, type AlphaBodies } from './fixtures/course.ts';
import { runChecks, type RunOutcome } from './run.ts';
import { WarmRunner } from './warm.ts';
import type { TestResultEvent } from './events.ts';

/** A check's limit: generous, so a busy machine never stops a check that would finish. */
const LIMIT_MS = 2000;
const RUN_LIMIT_MS = 300_000;

const solved = Object.fromEntries(Object.entries(ALPHA).map(([k, v]) => [k, v.solution])) as AlphaBodies;

function results(outcome: RunOutcome, file: string): Map<string, TestResultEvent> {
  const found = new Map<string, TestResultEvent>();
  for (const e of outcome.events) if (e.type === 'test-result' && e.file === file) found.set(e.name, e);
  return found;
}

describe('the warm runner', () => {
  let root: string;
  let runner: WarmRunner;
  const run = (files: string[]) => runChecks({ root, projects: ['learner'], files, timeoutMs: RUN_LIMIT_MS, checkLimitMs: LIMIT_MS }, runner.run);

  beforeAll(() => {
    root = writeFixtureCourse('warm', { broken: BROKEN.syntaxError, loop: LOOP.infinite });
    runner = new WarmRunner(root);
  });

  afterAll(async () => {
    await runner.close();
    removeFixtureCourse(root);
  });

  it('re-runs a file after its module is saved, in the same warm Vitest', async () => {
    const file = 'weeks/01-alpha/alpha.test.ts';
    const before = results(await run([file]), file);
    expect(before.get('count counts the values')).toMatchObject({ state: 'failed', meta: { notImplemented: [{ fn: 'count', week: 1 }] } });
    writeFixtureFile(root, 'weeks/01-alpha/alpha.ts', alphaModule(solved));
    const after = results(await run([file]), file);
    expect([...after.values()].map((r) => r.state)).toEqual(['passed', 'passed', 'passed', 'passed', 'passed']);
    expect(runner.starts).toBe(1);
  });

  it('locates a syntax error in a learner module, as a cold run does', async () => {
    const outcome = await run(['weeks/01-alpha/broken.test.ts']);
    const error = outcome.events.find((e) => e.type === 'module-error');
    expect(error).toMatchObject({ file: 'weeks/01-alpha/broken.test.ts', errors: [{ location: 'weeks/01-alpha/broken.ts:4:14' }] });
  });

  it('names the checks that hang, keeps the other results, then recovers with a new warm Vitest', async () => {
    const file = 'weeks/01-alpha/loop.test.ts';
    const startsBefore = runner.starts;
    const outcome = await run([file]);
    expect(outcome.hung.map((h) => h.fullName)).toEqual(['behaviour > spin returns its input', 'behaviour > spin returns zero for zero']);
    expect(results(outcome, file).get('inc adds one')?.state).toBe('passed');
    expect(runner.starts).toBeGreaterThan(startsBefore);
    writeFixtureFile(root, 'weeks/01-alpha/loop.ts', LOOP.solution);
    const startsAfterHang = runner.starts;
    const fixed = await run([file]);
    expect(fixed.hung).toEqual([]);
    expect([...results(fixed, file).values()].map((r) => r.state)).toEqual(['passed', 'passed', 'passed']);
    expect(runner.starts).toBe(startsAfterHang);
  });

  it('hands a run started early to the first request for the same checks, and runs the next one anew', async () => {
    const options = { root, projects: ['learner'], files: ['weeks/03-gamma/gamma.test.ts'], timeoutMs: RUN_LIMIT_MS, checkLimitMs: LIMIT_MS };
    let early = 0;
    runner.runEarly({ ...options, onEvent: () => (early += 1) });
    const claimed = await runner.run({ ...options, timeoutMs: RUN_LIMIT_MS + 1 });
    expect(early).toBe(claimed.events.length);
    expect(early).toBeGreaterThan(0);
    const again = await runner.run(options);
    expect(again.events.length).toBe(claimed.events.length);
    expect(early).toBe(claimed.events.length);
  });

  it('starts a new warm Vitest at once when one is killed between runs, and the next run uses it', async () => {
    const file = 'weeks/03-gamma/gamma.test.ts';
    await run([file]);
    const [startsBefore, pid] = [runner.starts, runner.pid!];
    process.kill(-pid, 'SIGKILL');
    for (let waited = 0; runner.starts === startsBefore || runner.pid === pid; waited += 20) {
      if (waited > 120_000) throw new Error('no new warm Vitest was started');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(results(await run([file]), file).get('next of 1 is 2')?.state).toBe('failed');
    expect(runner.starts).toBe(startsBefore + 1);
  });

  it('restarts a warm Vitest killed during a run, and the run still reports every check', async () => {
    const file = 'weeks/01-alpha/alpha.test.ts';
    const startsBefore = runner.starts;
    let killed = false;
    const outcome = await runner.run({
      root,
      projects: ['learner'],
      files: [file],
      timeoutMs: RUN_LIMIT_MS,
      // Killed from outside as soon as the run has begun: the watch's user, or the system, ending it.
      onEvent: () => {
        if (killed) return;
        killed = true;
        process.kill(-runner.pid!, 'SIGKILL');
      },
    });
    expect(killed).toBe(true);
    expect(runner.starts).toBe(startsBefore + 1);
    expect(results(outcome, file).size).toBe(5);
  });
});
