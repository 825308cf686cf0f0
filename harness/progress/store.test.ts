/**
 * The progress lock: two graders finishing together take turns, and a lock left by a grader that
 * died is taken over once stale rather than blocking every later grade.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { courseDir, withLock } from './store.ts';

const root = mkdtempSync(join(tmpdir(), 'progress-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('withLock', () => {
  it('runs overlapping callers one at a time, each to its end', async () => {
    const order: string[] = [];
    await Promise.all(
      [0, 1, 2].map((i) =>
        withLock(root, 'turns', async () => {
          order.push(`in ${i}`);
          await new Promise((resolve) => setTimeout(resolve, 30));
          order.push(`out ${i}`);
        }),
      ),
    );
    for (let k = 0; k < order.length; k += 2) expect(order[k + 1]).toBe(order[k]!.replace('in', 'out'));
  });

  it('takes over a lock whose holder stopped refreshing it long ago', async () => {
    const lock = join(courseDir(root), 'stale.lock');
    mkdirSync(lock, { recursive: true });
    const longAgo = new Date(Date.now() - 3_600_000);
    utimesSync(lock, longAgo, longAgo);
    expect(await withLock(root, 'stale', () => 'ran')).toBe('ran');
  });
});
