/**
 * npm run watch on the fixture course: which weeks a save re-grades, and that saves made by renaming
 * a file over the module (sed -i, most editors' safe write) keep being seen, every one of them.
 */
import { execFileSync } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ALPHA, alphaModule, fixtureText, GAMMA, removeFixtureCourse, writeFixtureCourse, writeFixtureFile, type AlphaBodies } from '../grade/fixtures/course.ts';
import type { Progress, WeekProgress } from '../progress/document.ts';
import { planSave, watchCourse, withOwed } from './watch.ts';

function progressWith(statuses: Record<number, WeekProgress['status']>): Progress {
  const weeks = Object.entries(statuses).map(([n, status]) => ({ number: Number(n), status }) as WeekProgress);
  return { version: 2, tree: 'weeks', weeks, overall: { passed: 0, total: 0 } };
}

describe('which weeks a save re-grades', () => {
  const all = [1, 2, 3, 4, 5];
  const progress = progressWith({ 1: 'in progress', 2: 'blocked', 3: 'not started', 4: 'complete', 5: 'not started' });

  it('a module saved in week 1: week 1 first, then the later weeks already started; not-started weeks are left', () => {
    expect(planSave(all, [1], true, progress)).toEqual({ first: [1], later: [2, 4], skipped: [3, 5] });
  });

  it('saves in two weeks: both first, then the started weeks after the earlier one', () => {
    expect(planSave(all, [4, 2], true, progress)).toEqual({ first: [2, 4], later: [], skipped: [3, 5] });
  });

  it('a note, a spec or predictions changes no later week', () => {
    expect(planSave(all, [1], false, progress)).toEqual({ first: [1], later: [], skipped: [] });
  });

  it('weeks an earlier save still owes a re-check join the later weeks, or make the whole plan', () => {
    expect(withOwed({ first: [3], later: [4], skipped: [5] }, [2, 4, 5])).toEqual({ first: [3], later: [2, 4, 5], skipped: [] });
    expect(withOwed({ first: [], later: [], skipped: [] }, [4, 2])).toEqual({ first: [2, 4], later: [], skipped: [] });
  });

  it('without progress yet, every later week counts as started', () => {
    expect(planSave(all, [3], true, undefined)).toEqual({ first: [3], later: [4, 5], skipped: [] });
  });
});

/** A watch on `root`, its output collected; `until` waits for the output after `from` to hold something, and says where. */
function watching(root: string) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const done = watchCourse({ root, manual: false, input, output });
  const until = async (from: number, found: (after: string) => number, what: string): Promise<number> => {
    // Generous: only a broken watch takes this long, however busy the machine.
    for (let waited = 0; found(text.slice(from)) < 0; waited += 50) {
      if (waited > 300_000) throw new Error(`watch never printed ${what}; it printed:\n${text.slice(from)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return from + found(text.slice(from));
  };
  const quit = () => (input.write('q\n'), done);
  return { text: () => text, until, quit };
}

describe('watch after rename-saves', () => {
  const root = writeFixtureCourse('watch-rename');
  afterAll(() => removeFixtureCourse(root));

  it('re-grades on every save after sed -i on a stub: by sed -i again, by writing, by renaming a file over it', async () => {
    const watch = watching(root);
    /** A report after `from` with a verdict on week 3 whose table gives week 3 `status`. */
    const graded = (from: number, status: string) =>
      watch.until(from, (after) => (after.split(/\n(?=week  )/).some((report) => /Re-graded (every week|week 3) in [\d.]+ s/.test(report) && new RegExp(`^3 gamma .*${status}`, 'm').test(report)) ? 0 : -1), `week 3 ${status}`);
    const module = join(root, 'weeks/03-gamma/gamma.ts');
    await graded(0, 'not started');
    const saves: Array<[() => void, string]> = [
      [() => execFileSync('sed', ['-i', 's/throw new NotImplemented(.next., 3);/return x + 1;/', module]), 'complete'],
      [() => execFileSync('sed', ['-i', 's/return x + 1;/return x + 2;/', module]), 'in progress'],
      [() => writeFileSync(module, fixtureText(root, 'weeks/03-gamma/gamma.ts', GAMMA.solution)), 'complete'],
      [() => {
        writeFileSync(`${module}.tmp`, fixtureText(root, 'weeks/03-gamma/gamma.ts', GAMMA.stub));
        renameSync(`${module}.tmp`, module);
      }, 'not started'],
    ];
    for (const [save, status] of saves) {
      const from = watch.text().length;
      save();
      await graded(from, status);
    }
    expect(await watch.quit()).toBe(0);
  });
});

describe('watch prints the checks first, then the predictions', () => {
  const root = writeFixtureCourse('watch-predict', { predictions: 'scaled-shape: [4, 7]\ntotal-to-n: 20100\n' });
  afterAll(() => removeFixtureCourse(root));

  it("a save's verdict shows the last scored predictions; scoring them with the new code follows and reprints the table", async () => {
    const watch = watching(root);
    const printed = (pattern: RegExp, from: number) => watch.until(from, (after) => after.search(pattern), String(pattern));
    await printed(/Re-graded every week/, 0);
    // Answered 2 of the 6 questions; no truth yet, as alpha's stubs do not pass.
    expect(watch.text()).toMatch(/^1 alpha .* 0\/0\/0\/2 of 6 /m);
    const from = watch.text().length;
    const solved = Object.fromEntries(Object.entries(ALPHA).map(([k, v]) => [k, v.solution])) as AlphaBodies;
    writeFixtureFile(root, 'weeks/01-alpha/alpha.ts', alphaModule(solved));
    const verdict = await printed(/Re-graded week 1 in/, from);
    const scored = await printed(/Predictions scored in/, from);
    expect(scored).toBeGreaterThan(verdict);
    expect(watch.text().slice(from, verdict)).toMatch(/^1 alpha .* 0\/0\/0\/2 of 6 /m);
    expect(watch.text().slice(verdict, scored)).toMatch(/^1 alpha .* 2\/0\/0\/0 of 6 /m);
    expect(await watch.quit()).toBe(0);
  });
});
