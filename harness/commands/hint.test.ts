/**
 * `npm run hint` and watch's `h` key advance the same tiers of a check's hint: whichever path asks,
 * the second ask shows tier 2 (the count lives in one place, .course/hints.json).
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadCourse } from '../course/load.ts';
import { removeFixtureCourse, writeFixtureCourse } from '../grade/fixtures/course.ts';
import { hintsPath, showNextHint } from '../grade/hint-tiers.ts';
import { readProgress } from '../progress/store.ts';
import { run } from './hint.ts';

const root = writeFixtureCourse('hint-tiers');
afterAll(() => removeFixtureCourse(root));

/** What `npm run hint` prints. */
async function askCommand(): Promise<string> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    expect(await run(root, [])).toBe(0);
    return log.mock.calls.map((c) => String(c[0])).join('\n');
  } finally {
    log.mockRestore();
  }
}

/** What watch's `h` key prints, on the progress `npm run hint` stored. */
function askWatch(): string {
  return showNextHint(root, readProgress(root, 'weeks')!, loadCourse(root));
}

const tier = (text: string) => /Hint (\d) of 2/.exec(text)?.[1];

describe('hint tiers are one count, whichever path asks', () => {
  it('npm run hint, then h in watch: tier 1, then tier 2', async () => {
    expect(tier(await askCommand())).toBe('1');
    expect(tier(askWatch())).toBe('2');
  });

  it('h in watch, then npm run hint: tier 1, then tier 2', async () => {
    rmSync(hintsPath(root));
    expect(tier(askWatch())).toBe('1');
    expect(tier(await askCommand())).toBe('2');
  });
});
