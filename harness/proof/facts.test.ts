/**
 * Facts said twice are checked: the proof's course facts catch a stub that names the wrong week and
 * a notes.md that drifted from its prompts, and loading refuses a test file no module lists (it would
 * run in the proof but never be graded). On the shipped stubs, materialised as the proof does.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../course/load.ts';
import { courseSource, materialiseStubs } from '../course/shipped.ts';
import { courseFacts } from './facts.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'course-facts-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const course = loadCourse(repo);
const shipped = join(scratch, 'shipped');
materialiseStubs(course, courseSource(course), shipped);
const failingNow = () => courseFacts(course, shipped).filter((c) => !c.passed);
// What fails on the course as shipped (the first case says it should be nothing); a planted fault adds to it.
const baseline = new Set(failingNow().map((c) => c.name));
const failing = () => failingNow().filter((c) => !baseline.has(c.name));

describe('the proof checks facts said twice', () => {
  it('passes on the course as shipped', () => {
    expect(failingNow().map((c) => c.name)).toEqual([]);
  });

  it('catches a stub whose NotImplemented names another week', () => {
    const path = join(shipped, '01-linear', 'linear.ts');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.replace("new NotImplemented('matmul', 1)", "new NotImplemented('matmul', 4)"));
    try {
      const [problem, ...rest] = failing();
      expect(rest).toEqual([]);
      expect(problem!.name).toBe('week 1: every stub throws NotImplemented with its own name and week 1');
      expect(problem!.detail).toContain('weeks/01-linear/linear.ts');
    } finally {
      writeFileSync(path, original);
    }
  });

  it("catches a notes.md that drifted from the spec's prompts", () => {
    const path = join(shipped, '02-training', 'notes.md');
    const original = readFileSync(path, 'utf8');
    appendFileSync(path, '\n## A prompt the spec does not ask\n');
    try {
      expect(failing().map((c) => c.name)).toEqual(["week 2: notes.md is the template of the spec's prompts"]);
    } finally {
      writeFileSync(path, original);
    }
  });

  it('refuses a course with a test file that no listed module owns, naming the file', () => {
    const root = join(scratch, 'unlisted');
    cpSync(join(repo, 'weeks', '01-linear'), join(root, 'weeks', '01-linear'), { recursive: true });
    writeFileSync(join(root, 'weeks', '01-linear', 'extra.test.ts'), "import { it } from 'vitest';\nit('is never graded', () => {});\n");
    expect(() => loadCourse(root)).toThrow(/does not list "extra", but weeks\/01-linear\/extra\.test\.ts exists/);
  });
});
