/**
 * The GitHub workflows, checked offline: each validates against the workflow schema with
 * @action-validator/cli (installed from the lock file; exit 1 on errors), and the Pages workflow
 * runs the same ci-grade command the fixture-fork test runs, publishing what that command writes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_OUT, DEFAULT_REPORT } from '../commands/ci-grade.ts';
import { repoRoot } from '../grade/fixtures/course.ts';

const WORKFLOWS = join(repoRoot, '.github', 'workflows');
const VALIDATOR = join(dirname(createRequire(import.meta.url).resolve('@action-validator/cli/package.json')), 'cli.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'workflows-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function validate(file: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [VALIDATOR, file], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

type Step = { id?: string; name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string };
type Job = { steps: Step[]; permissions?: Record<string, string>; environment?: { name: string }; needs?: string; if?: string; container?: string };
type Workflow = { on: Record<string, unknown>; jobs: Record<string, Job> };

function workflow(name: string): Workflow {
  return parse(readFileSync(join(WORKFLOWS, name), 'utf8')) as Workflow;
}

const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);
const uses = (w: Workflow, action: string) => steps(w).find((s) => s.uses?.startsWith(`${action}@`));

describe('the workflows validate offline', () => {
  const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

  it('there is the course’s workflow and the learner’s Pages workflow', () => {
    expect(files.sort()).toEqual(['course.yml', 'notebook.yml']);
  });

  it.each(files)('%s passes @action-validator/cli', (file) => {
    const result = validate(join(WORKFLOWS, file));
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('the validator rejects a broken workflow (so passing means something)', () => {
    const broken = join(scratch, 'broken.yml');
    writeFileSync(broken, readFileSync(join(WORKFLOWS, 'notebook.yml'), 'utf8').replace('    runs-on: ubuntu-latest\n    timeout-minutes: 10', '    runs_on: ubuntu-latest\n    timeout-minutes: 10'));
    const result = validate(broken);
    expect(result.status).toBe(1);
    expect(result.output).toContain("Additional property 'runs_on' is not allowed");
  });
});

describe('the Pages workflow publishes what npm run ci-grade writes', () => {
  const notebook = workflow('notebook.yml');
  const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it('runs on a push to main in a fork (or where the repository asks for it)', () => {
    expect(notebook.on).toHaveProperty('push.branches', ['main']);
    expect(notebook.jobs.grade!.if).toBe("github.event.repository.fork || vars.SYSTEMS_TRACK_PAGES == 'true'");
  });

  it('checks out the whole history and installs from the lock file', () => {
    expect(uses(notebook, 'actions/checkout')?.with).toMatchObject({ 'fetch-depth': 0 });
    expect(steps(notebook).some((s) => s.run?.startsWith('npm ci'))).toBe(true);
  });

  it('grades with the ci-grade command against the repository it was forked from', () => {
    const grade = steps(notebook).find((s) => s.run?.includes('npm run ci-grade'));
    expect(grade?.run).toBe('npm run ci-grade -- ${UPSTREAM:+--upstream "$UPSTREAM"}');
    expect(scripts['ci-grade']).toBe('tsx harness/cli.ts ci-grade');
    const parent = steps(notebook).find((s) => s.run?.includes('.parent.clone_url'));
    expect(grade?.env?.UPSTREAM).toBe(`\${{ steps.${parent?.id}.outputs.url }}`);
  });

  it('appends the command’s summary to the job summary and uploads the command’s notebook', () => {
    expect(steps(notebook).find((s) => s.run?.includes('GITHUB_STEP_SUMMARY'))?.run).toBe(`cat ${DEFAULT_REPORT}/summary.md >> "$GITHUB_STEP_SUMMARY"`);
    expect(uses(notebook, 'actions/upload-pages-artifact')?.with).toEqual({ path: DEFAULT_OUT });
  });

  it('deploys with the official Pages actions, at their current major versions, with only the permissions Pages needs', () => {
    expect(['actions/configure-pages@v6', 'actions/upload-pages-artifact@v5', 'actions/deploy-pages@v5'].map((a) => uses(notebook, a.split('@')[0]!)?.uses)).toEqual(['actions/configure-pages@v6', 'actions/upload-pages-artifact@v5', 'actions/deploy-pages@v5']);
    const deploy = notebook.jobs.deploy!;
    expect(deploy.needs).toBe('grade');
    expect(deploy.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(deploy.environment?.name).toBe('github-pages');
  });
});

describe('the course’s workflow', () => {
  it('runs .ci/run in Debian, outside learners’ forks', () => {
    const course = workflow('course.yml');
    expect(course.jobs.prove!.if).toContain('!github.event.repository.fork');
    expect(course.jobs.prove!.container).toMatch(/^node:20-bookworm$/);
    expect(steps(course).map((s) => s.run).filter(Boolean)).toEqual(['bash .ci/run']);
  });
});
