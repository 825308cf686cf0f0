/**
 * The `ui` project (npm run ui) shows a check that a stub's NotImplemented stopped as skipped, with a
 * note naming the function, while the same checks still fail in the learner project (and so in the
 * proof's stubs project, which loads the same setup as the learner's): red in the UI is a real mistake.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../vitest.config.ts';
import { ALPHA, BETA, removeFixtureCourse, writeFixtureCourse } from '../grade/fixtures/course.ts';
import type { TestResultEvent } from '../grade/events.ts';
import { runVitest, type RunOutcome } from '../grade/run.ts';
import { waitingNote, weekOfTestFile } from './ui-setup.ts';

const UI_SETUP = fileURLToPath(new URL('./ui-setup.ts', import.meta.url));
const VITEST = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

/** The fixture's config with a `ui` project made from its learner project the way vitest.config.ts makes it. */
function addUiProject(root: string): void {
  const path = join(root, 'vitest.config.ts');
  const text = readFileSync(path, 'utf8');
  const learner = /^.*name: 'learner'.*$/m.exec(text)?.[0];
  if (!learner || !learner.includes('setupFiles,')) throw new Error(`the fixture's config has no learner project line to copy:\n${text}`);
  const ui = learner.replace("name: 'learner'", "name: 'ui'").replace('setupFiles,', `setupFiles: [...setupFiles, ${JSON.stringify(UI_SETUP)}],`);
  writeFileSync(path, text.replace(learner, `${learner}\n${ui}`));
}

function state(outcome: RunOutcome, project: string, name: string): TestResultEvent['state'] | undefined {
  return outcome.events.find((e): e is TestResultEvent => e.type === 'test-result' && e.project === project && e.name === name)?.state;
}

describe('the ui project', () => {
  let root: string;
  let outcome: RunOutcome;

  beforeAll(async () => {
    // Week 1: one real mistake (scale's shape), the rest stubs. Week 2: written, but calls week 1's stub count.
    root = writeFixtureCourse('ui', { alpha: { scale: ALPHA.scale.wrongShape }, beta: BETA.solution });
    addUiProject(root);
    const files = ['weeks/01-alpha/alpha.test.ts', 'weeks/02-beta/beta.test.ts'];
    outcome = await runVitest({ root, projects: ['learner', 'ui'], files, timeoutMs: 300_000 });
  });

  afterAll(() => removeFixtureCourse(root));

  it('skips a check stopped by its own week\'s stub, and the learner project still fails it', () => {
    expect(state(outcome, 'ui', 'count counts the values')).toBe('skipped');
    expect(state(outcome, 'learner', 'count counts the values')).toBe('failed');
  });

  it("skips a check stopped by an earlier week's stub (blocked), and the learner project still fails it", () => {
    expect(state(outcome, 'ui', 'pairs of three values is 6')).toBe('skipped');
    expect(state(outcome, 'learner', 'pairs of three values is 6')).toBe('failed');
  });

  it('keeps a real mistake red', () => {
    expect(state(outcome, 'ui', 'Y has shape [B, D]')).toBe('failed');
  });

  it('gives each skipped check a note naming the function, as the UI and the terminal show it', () => {
    const shown = spawnSync(process.execPath, [VITEST, 'run', '--project', 'ui', '--reporter', 'verbose', 'weeks/'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      timeout: 300_000,
    });
    expect(shown.stdout).toMatch(/count counts the values.*\[not started: count still throws NotImplemented\]/);
    expect(shown.stdout).toMatch(/pairs of three values is 6.*\[blocked: week 1's count still throws NotImplemented\]/);
  });

  it('is the only project of vitest.config.ts that loads the UI setup', () => {
    const projects = (config.test?.projects ?? []) as Array<{ test?: { name?: string; setupFiles?: string[] } }>;
    const loading = projects.filter((p) => (p.test?.setupFiles ?? []).some((f) => f.endsWith('ui-setup.ts'))).map((p) => p.test?.name);
    expect(loading).toEqual(['ui']);
  });

  it('reads the week from the test file and tells not started from blocked', () => {
    expect(weekOfTestFile('/x/weeks/03-attention/attention.test.ts')).toBe(3);
    expect(weekOfTestFile('/x/harness/testing/close.test.ts')).toBeUndefined();
    expect(waitingNote([{ fn: 'softmax', week: 2 }, { fn: 'matmul', week: 1 }], 3)).toBe("blocked: week 1's matmul still throws NotImplemented");
    expect(waitingNote([{ fn: 'attend', week: 3 }], 3)).toBe('not started: attend still throws NotImplemented');
    expect(waitingNote([{ fn: 'later', week: 4 }], 3)).toBeUndefined();
  });
});
