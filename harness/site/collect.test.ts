/**
 * A week's results come from learner code, so collecting them must survive that code: an
 * infinite loop is stopped at the time limit, a throw costs only its own part.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectResults } from './collect.ts';
import { loadWeek } from '../course/load.ts';
import { writeFixtureCourse } from './fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'site-collect-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

writeFixtureCourse(root, [{ slug: '01-loops', title: 'Loops' }, { slug: '02-throws', title: 'Throws' }, { slug: '03-none', title: 'None' }]);
// Pages as plain modules (no imports), standing in for pages that call a learner's broken code.
writeFileSync(join(root, 'solutions', '01-loops', 'page.ts'), 'export default { async tables() { for (;;) {} } };\n');
writeFileSync(
  join(root, 'solutions', '02-throws', 'page.ts'),
  `export default {
  async tables() { throw new TypeError('cannot read properties of undefined (reading "shape")'); },
  figures: [{ id: 'ok', title: 'Still drawn', async compute() { return { description: 'd', spec: { mark: 'point' } }; } }],
  async ledger(ctx) { return { example: 'worked', dims: ctx.dims(['B', 'D']).dims, tensors: { X: { shape: [2, 3], data: new Float64Array(6) }, junk: { shape: 'no' } } }; },
};\n`,
);

const request = (slug: string, timeoutMs = 60_000) => ({ root, tree: 'weeks' as const, week: loadWeek(root, slug), timeoutMs });

describe('collecting a week’s results in a child process', () => {
  it('stops an infinite loop at the time limit and says so', async () => {
    const results = await collectResults(request('01-loops', 3000));
    expect(results.problems).toEqual([{ part: 'results', message: 'computing the results took longer than 3 s and was stopped' }]);
  });

  it('keeps the other parts when one throws, and keeps only well-formed shapes', async () => {
    const results = await collectResults(request('02-throws'));
    expect(results.problems).toEqual([{ part: 'tables', message: 'TypeError: cannot read properties of undefined (reading "shape")' }]);
    expect(results.figures.map((f) => f.title)).toEqual(['Still drawn']);
    expect(results.ledger).toEqual({ example: 'worked', dims: { B: 2, D: 3 }, shapes: { X: [2, 3] } });
  });

  it('returns nothing for a week without a page file, without starting a process', async () => {
    expect(await collectResults(request('03-none'))).toEqual({ tables: [], figures: [], problems: [] });
  });
});

describe('the sandbox around a week’s page', () => {
  it('a page that tries to write a file, start a process or patch the course gets a named error, and nothing is written', async () => {
    const target = join(root, 'forged.json');
    writeFileSync(
      join(root, 'solutions', '03-none', 'page.ts'),
      `import { writeFileSync } from 'node:fs';\nimport { execSync } from 'node:child_process';\nexport default {\n  async tables() { writeFileSync(${JSON.stringify(target)}, '{}'); return []; },\n  figures: [{ id: 'spawn', title: 'x', async compute() { execSync('touch ${target}'); return undefined; } }],\n};\n`,
    );
    const results = await collectResults(request('03-none'));
    expect(results.problems.map((p) => p.part)).toEqual(['tables', 'figure spawn']);
    expect(results.problems.every((p) => /ERR_ACCESS_DENIED|Access to this API has been restricted/.test(p.message))).toBe(true);
    expect(existsSync(target)).toBe(false);
  });
});
