/**
 * Next names the time questions the bench has yet to score, and those it measured while it warned,
 * with the command that scores them.
 */
import { describe, expect, it } from 'vitest';
import type { Course } from '../course/load.ts';
import type { Progress } from '../progress/document.ts';
import { pendingTimes } from './report.ts';

const course = {
  weeks: [{ number: 1, spec: { predictions: [{ id: 'mm-seconds', bench: { case: 'matmul-256' } }, { id: 'growth', bench: { case: 'a', over: 'b' } }, { id: 'flops' }] } }],
} as unknown as Course;

const progress = (predictions: object[]) => ({ weeks: [{ number: 1, predictions }] }) as unknown as Progress;

describe('Next and the time questions', () => {
  it('lists a time question the bench has not measured, with npm run bench, and one measured while it warned, with why', () => {
    const text = pendingTimes(
      progress([
        { id: 'mm-seconds', pending: 'run npm run bench: it has not measured matmul-256 yet' },
        { id: 'growth', truth: 8, unreliable: 'the bench warned while timing a: its samples spread by 30 % at load 9' },
        { id: 'flops', pending: 'linear.ts does not pass every check yet' },
      ]),
      course,
    )!;
    expect(text).toMatch(/waiting for the bench: week 1 mm-seconds\. `npm run bench` times them/);
    expect(text).toMatch(/week 1 growth \(the bench warned while timing a: its samples spread by 30 % at load 9\)/);
    expect(text).not.toMatch(/flops/);
  });

  it('says nothing when every time question is scored', () => {
    expect(pendingTimes(progress([{ id: 'mm-seconds', truth: 0.01, score: 'hit' }]), course)).toBeUndefined();
  });
});
