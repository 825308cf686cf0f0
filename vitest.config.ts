/**
 * Five projects over the same test files:
 * - learner: week tests against weeks/ (what `npm run grade` and `npm run watch` run);
 * - ui: the learner project as `npm run ui` shows it: a check a stub's NotImplemented stopped is skipped, with a note;
 * - reference: the same tests, week modules resolved to solutions/;
 * - stubs: the same tests, week modules resolved to the shipped stubs in .stubs/ (see harness/course/shipped.ts);
 * - harness: the harness's own tests.
 * During `npm test`, one more project per mutant (harness/proof/mutants.ts): the checks that promise
 * to catch it, against a copy of the solutions with one plausible mistake planted.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { CATEGORIES, CATEGORY_DESCRIPTIONS } from './harness/course/schema.ts';
import { redirectWeekModules, refuseSolutions } from './harness/course/redirect.ts';
import { stubsDir } from './harness/course/shipped.ts';
import { mutantProjectsFromEnv } from './harness/proof/mutants.ts';
import { learnerExecArgv } from './harness/sandbox/flags.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const weekTests = ['weeks/*/*.test.ts'];
const weekSetup = ['harness/testing/setup.ts'];
// Reference code, shipped stubs and mutants cannot hang, and threads start faster than forks.
// The learner project keeps forks: its code may hang, and the grader kills the process group.
const fastPool = 'threads' as const;

// No check depends on the machine's speed: a busy machine may take many times longer than a quiet one.
// The grader stops a learner's check after its own limit (10 s), whatever this says.
const timeouts = { testTimeout: 120_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    ...timeouts,
    // Two cores: the harness's tests mostly wait on child processes, so one worker per core plus one.
    maxWorkers: 3,
    tags: CATEGORIES.map((name) => ({ name, description: CATEGORY_DESCRIPTIONS[name] })),
    projects: [
      // The learner's code: forks (a hang is killed with its process group) under the permission model.
      { extends: true, plugins: [refuseSolutions(root)], test: { name: 'learner', include: weekTests, setupFiles: weekSetup, execArgv: learnerExecArgv() } },
      // The Vitest UI's view of the same code: red means a real mistake, not a function not written yet (harness/testing/ui-setup.ts).
      { extends: true, plugins: [refuseSolutions(root)], test: { name: 'ui', include: weekTests, setupFiles: [...weekSetup, 'harness/testing/ui-setup.ts'], execArgv: learnerExecArgv() } },
      {
        extends: true,
        plugins: [redirectWeekModules(root, join(root, 'solutions'))],
        test: { name: 'reference', include: weekTests, setupFiles: weekSetup, pool: fastPool },
      },
      {
        extends: true,
        plugins: [redirectWeekModules(root, stubsDir(root))],
        test: { name: 'stubs', include: weekTests, setupFiles: weekSetup, pool: fastPool },
      },
      // The harness's own tests start real graders, browsers and benches: on a busy machine one may take minutes.
      // Its files share each worker's loaded modules (isolate: false): they mock nothing, patch no global and put
      // back what they change (process.env, console), and loading the harness, vega and katex once per worker
      // rather than once per file saved ~28 s CPU of ~210.
      { extends: true, test: { name: 'harness', include: ['harness/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000, isolate: false } },
      // Not `extends: true`, which loads this file once more for every project (~0.1 s each, 111 times):
      // the settings a mutant project needs from above are the timeouts, so they are given here.
      ...mutantProjectsFromEnv().map((mutant) => ({
        plugins: [redirectWeekModules(root, join(root, mutant.dir))],
        test: { ...timeouts, name: mutant.id, include: mutant.include, testNamePattern: mutant.testNamePattern, setupFiles: weekSetup, pool: fastPool },
      })),
    ],
  },
});
