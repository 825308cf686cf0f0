/**
 * `npm test`: the course proves itself.
 * 1. The harness, the solutions and the shipped weeks typecheck.
 * 2. The harness's own tests pass.
 * 3. Every week check passes on the reference solutions.
 * 4. Every week check fails on the shipped stubs, and fails because a stub threw NotImplemented.
 * 5. The reference and stub runs saw the same checks, each with exactly one category tag.
 * 6. Every planted mutant (a plausible wrong implementation) fails a check with the promised name.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { loadCourse, type Course } from '../course/load.ts';
import { courseSource, materialiseStubs } from '../course/shipped.ts';
import { writeOwned } from '../outputs.ts';
import { mutantProjects, plantMutants, type PlannedMutant } from './mutants.ts';
import type { TestResultEvent } from '../grade/events.ts';
import { runVitest, type RunOutcome } from '../grade/run.ts';
import { categoryOf } from '../grade/score.ts';
import { treeDigest } from '../digest.ts';
import { courseFacts, hintCoverage, truthsOnReference } from './facts.ts';

export type { ProofCheck } from './check.ts';
import type { ProofCheck } from './check.ts';

/** A backstop for a run that never ends; a busy machine may take many times a quiet one's minute. */
const RUN_LIMIT_MS = 30 * 60 * 1000;

/**
 * The harness, the solutions and the shipped weeks (stubs and tests, from the stubs folder) typecheck.
 * The learner's own weeks/ are left out: half-written code must not turn the course's proof red
 * (`npm run typecheck` checks them).
 */
function typecheck(root: string, stubsDir: string): Promise<ProofCheck> {
  const tsc = join('node_modules', 'typescript', 'bin', 'tsc');
  const config = join(stubsDir, 'tsconfig.json');
  // './*/*.ts', not '.': TypeScript skips a folder whose name starts with a dot unless it is spelled out.
  const project = { extends: '../tsconfig.json', include: ['../harness', '../solutions', '../vitest.config.ts', './*/*.ts'], exclude: ['../node_modules'] };
  writeOwned(root, config, JSON.stringify(project));
  return new Promise((resolve) => {
    execFile(process.execPath, [tsc, '--noEmit', '-p', config], { cwd: root, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const name = 'the harness, the solutions and the shipped weeks typecheck (tsc --noEmit)';
      resolve({ group: 'typecheck', name, passed: !error, detail: error ? stdout + stderr : undefined });
    });
  });
}

function results(outcome: RunOutcome, project: string): TestResultEvent[] {
  return outcome.events.filter((e): e is TestResultEvent => e.type === 'test-result' && e.project === project);
}

/** Checks that are not test results: files that failed to load, tests that never finished. */
function runProblems(outcome: RunOutcome, project: string): ProofCheck[] {
  const problems: ProofCheck[] = [];
  for (const event of outcome.events) {
    if (event.type === 'module-error' && event.project === project) {
      problems.push({ group: project, name: `${event.file} loads`, passed: false, detail: event.errors.map((e) => `${e.name}: ${e.message}`).join('\n') });
    }
  }
  if (outcome.timedOut) problems.push({ group: project, name: 'the run finishes in time', passed: false, detail: `killed after ${RUN_LIMIT_MS / 1000} s` });
  return problems;
}

function mustPass(outcome: RunOutcome, project: string): ProofCheck[] {
  const checks = results(outcome, project).map((r) => ({
    group: project,
    name: `${r.file} > ${r.fullName}`,
    passed: r.state === 'passed',
    detail: r.errors.map((e) => `${e.name}: ${e.message}`).join('\n') || (r.state === 'passed' ? undefined : `state ${r.state}`),
  }));
  return [...checks, ...runProblems(outcome, project)];
}

function mustFailOnStubs(outcome: RunOutcome): ProofCheck[] {
  const checks = results(outcome, 'stubs').map((r) => {
    const threw = r.meta.notImplemented.length > 0;
    const passed = r.state === 'failed' && threw;
    const detail = passed
      ? undefined
      : r.state !== 'failed'
        ? `this check ${r.state} on the shipped stubs: it cannot tell an empty stub from a solution`
        : `this check fails on the stubs without any stub throwing NotImplemented: ${r.errors[0]?.message ?? ''}`;
    return { group: 'stubs', name: `${r.file} > ${r.fullName}`, passed, detail };
  });
  return [...checks, ...runProblems(outcome, 'stubs')];
}

function sameChecksEverywhere(outcome: RunOutcome): ProofCheck[] {
  const reference = results(outcome, 'reference');
  const ids = (project: string) => new Set(results(outcome, project).map((r) => `${r.file} > ${r.fullName}`));
  const referenceIds = ids('reference');
  const stubIds = ids('stubs');
  const missing = [...referenceIds].filter((id) => !stubIds.has(id));
  const extra = [...stubIds].filter((id) => !referenceIds.has(id));
  const untagged = reference.filter((r) => categoryOf(r.tags) === undefined).map((r) => `${r.file} > ${r.fullName} [${r.tags.join(', ')}]`);
  return [
    {
      group: 'course',
      name: 'the reference and stub runs see the same checks',
      passed: missing.length === 0 && extra.length === 0 && referenceIds.size > 0,
      detail: [...missing.map((m) => `only on the reference: ${m}`), ...extra.map((e) => `only on the stubs: ${e}`)].join('\n') || undefined,
    },
    {
      group: 'course',
      name: 'every week check has exactly one category tag',
      passed: untagged.length === 0,
      detail: untagged.join('\n') || undefined,
    },
  ];
}

export async function proveCourse(root: string, log: (line: string) => void): Promise<ProofCheck[]> {
  let course: Course;
  try {
    course = loadCourse(root);
  } catch (error) {
    return [{ group: 'course', name: 'every week loads', passed: false, detail: (error as Error).message }];
  }
  const weeksBefore = treeDigest(join(root, 'weeks'));
  const source = courseSource(course);
  log(`Shipped stubs from ${source.note}.`);
  // Folders of this run's own, so two proofs at once do not overwrite each other's copies.
  const dirName = `.stubs-${process.pid}`;
  const scratch = [join(root, dirName)];
  const cleanUp = () => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  let mutants: PlannedMutant[];
  try {
    materialiseStubs(course, source, join(root, dirName));
    mutants = plantMutants(course, `.mutant-${process.pid}`);
  } catch (error) {
    cleanUp();
    return [{ group: 'course', name: 'the shipped stubs and every mutant can be written', passed: false, detail: (error as Error).message }];
  }
  scratch.push(...mutants.map((m) => m.dir));
  try {
    log(`Typechecking and running the harness, reference, stubs and ${mutants.length} mutant projects ...`);
    const env = { SYSTEMS_TRACK_STUBS_DIR: dirName, SYSTEMS_TRACK_MUTANTS: JSON.stringify(mutantProjects(mutants, root)) };
    const projects = ['harness', 'reference', 'stubs', ...mutants.map((m) => m.id)];
    const facts = courseFacts(course, join(root, dirName));
    const [typed, outcome, truths] = await Promise.all([typecheck(root, join(root, dirName)), runVitest({ root, projects, timeoutMs: RUN_LIMIT_MS, env }), truthsOnReference(course)]);
    if (outcome.events.length === 0) {
      return [typed, { group: 'vitest', name: 'vitest runs', passed: false, detail: outcome.output.slice(-4000) }];
    }
    const weeksAfter = treeDigest(join(root, 'weeks'));
    return [
      typed,
      ...mustPass(outcome, 'harness'),
      ...mustPass(outcome, 'reference'),
      ...mustFailOnStubs(outcome),
      ...sameChecksEverywhere(outcome),
      ...facts,
      ...truths,
      ...hintCoverage(course, results(outcome, 'reference')),
      { group: 'course', name: 'npm test leaves weeks/ byte for byte as it was', passed: weeksBefore === weeksAfter },
      ...mutants.map((m) => mutantCaught(outcome, m)),
    ];
  } finally {
    cleanUp();
  }
}

function mutantCaught(outcome: RunOutcome, mutant: PlannedMutant): ProofCheck {
  // Only the checks named like caughtBy run against a mutant (mutants.ts); the rest are reported skipped.
  const named = results(outcome, mutant.id).filter((r) => r.fullName.includes(mutant.caughtBy));
  const caught = named.some((r) => r.state === 'failed');
  const seen = named.map((r) => `${r.name} (${r.state})`).join('; ') || `none: no check in ${mutant.week.slug}/${mutant.module}.test.ts has such a name`;
  return {
    group: 'mutants',
    name: `week ${mutant.week.number}: "${mutant.name}" fails a check named like "${mutant.caughtBy}"`,
    passed: caught,
    detail: caught ? undefined : `checks named like it: ${seen}`,
  };
}

export function renderProof(checks: readonly ProofCheck[]): string {
  const lines: string[] = [];
  for (const check of checks.filter((c) => !c.passed)) {
    lines.push(`FAIL [${check.group}] ${check.name}`);
    if (check.detail) lines.push(...check.detail.trimEnd().split('\n').map((l) => `     ${l}`));
  }
  const groups = [...new Set(checks.map((c) => c.group))];
  for (const group of groups) {
    const inGroup = checks.filter((c) => c.group === group);
    lines.push(`${group}: ${inGroup.filter((c) => c.passed).length} of ${inGroup.length}`);
  }
  const passed = checks.filter((c) => c.passed).length;
  lines.push(`${passed} passed, ${checks.length - passed} failed`);
  return lines.join('\n');
}
