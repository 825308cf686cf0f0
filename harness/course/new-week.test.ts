/**
 * A week is its two folders: a real week copied under a new number and slug grades and publishes
 * with no edit anywhere else — no list in harness/, no registry, only the week's own files (its front
 * matter's number and the week number its stubs name, which the proof checks against the folder).
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { grade } from '../grade/grade.ts';
import { publish } from '../publish/publish.ts';
import { stubProblems } from './stubs.ts';
import { loadCourse } from './load.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const root = join(repo, '.course', 'fixtures', `new-week-${process.pid}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Copies week `from` of the real course to `to` (a new number and slug), in both trees. */
function copyWeek(from: string, to: string, number: number): void {
  for (const tree of ['weeks', 'solutions']) {
    cpSync(join(repo, tree, from), join(root, tree, to), { recursive: true });
    for (const name of readdirSync(join(root, tree, to)).filter((n) => n.endsWith('.ts') || n === 'spec.md')) {
      const path = join(root, tree, to, name);
      const text = readFileSync(path, 'utf8')
        .replace(/^week: \d+$/m, `week: ${number}`)
        .replace(/new NotImplemented\('(\w+)', \d+\)/g, `new NotImplemented('$1', ${number})`);
      writeFileSync(path, text);
    }
  }
}

describe('adding a week adds two folders', () => {
  mkdirSync(root, { recursive: true });
  // The course's machinery as it is: the harness and the Vitest config, untouched.
  symlinkSync(join(repo, 'harness'), join(root, 'harness'));
  cpSync(join(repo, 'vitest.config.ts'), join(root, 'vitest.config.ts'));
  copyWeek('01-linear', '01-linear', 1);
  copyWeek('01-linear', '02-linear-again', 2);

  it('the copied week loads as week 2 and its stubs name week 2', () => {
    const course = loadCourse(root);
    expect(course.weeks.map((w) => `${w.number} ${w.slug}`)).toEqual(['1 01-linear', '2 02-linear-again']);
    expect(stubProblems(readFileSync(join(root, 'weeks/02-linear-again/linear.ts'), 'utf8'), 2)).toEqual([]);
  });

  it('grades on the reference and publishes a page with its own results and figures', async () => {
    const course = loadCourse(root);
    const { progress } = await grade(course, { tree: 'solutions' });
    expect(progress.weeks.map((w) => [w.slug, w.status, w.tally.passed === w.tally.total])).toEqual([
      ['01-linear', 'complete', true],
      ['02-linear-again', 'complete', true],
    ]);
    const published = await publish({ course, progress, log: () => {} });
    expect(published.site?.pages).toContain('02-linear-again.html');
    expect(published.site?.problems).toEqual([]);
    const page = readFileSync(join(root, 'site', 'out', '02-linear-again.html'), 'utf8');
    expect(page).toContain('Shape ledger, filled in');
    expect(page).toContain('<svg role="img"');
  });
});
