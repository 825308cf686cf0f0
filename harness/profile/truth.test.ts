/**
 * The second truth: a prediction linked to a profile case gets "your formula says" and "your code
 * did" from the stored profile, the relative gap, and where the gap is over 10 % the op nearest it.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../grade/fixtures/course.ts';
import type { Progress } from '../progress/document.ts';
import { STATED_L1D } from './cache.ts';
import type { ProfileReport } from './run.ts';
import { profileTruthText } from '../site/pages.ts';
import { attachProfileTruths, profileTruths } from './truth.ts';

const root = join(repoRoot, '.course', 'fixtures', `profile-truth-${process.pid}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const op = (name: string, flops: number, allocatedBytes = 0) => ({ op: name, calls: 1, shapes: [], flops, convention: 'x', bytesAccessed: 0, allocatedBytes, allocations: allocatedBytes > 0 ? 1 : 0 });

function store(report: ProfileReport): void {
  mkdirSync(join(root, '.course'), { recursive: true });
  writeFileSync(join(root, '.course', 'profile.reference.json'), JSON.stringify(report));
}

describe('a prediction’s second truth from the stored profile', () => {
  store({
    tree: 'solutions',
    l1d: STATED_L1D,
    problems: [],
    weeks: [
      {
        week: 1,
        slug: '01-linear',
        file: 'solutions/01-linear/profile.ts',
        predictions: { 'step-flops': { case: 'step', measure: 'flops' }, 'held-bytes': { case: 'step', measure: 'held' }, 'stub-flops': { case: 'stub', measure: 'flops' } },
        defined: ['step', 'stub'],
        cases: [
          {
            id: 'step',
            label: 'a step',
            outcome: {
              id: 'step',
              ops: [op('linear.matmul', 1000, 64), op('linear.transpose', 0, 512), op('linear.extra', 200)],
              flops: 1200,
              bytesAccessed: 0,
              allocatedBytes: 576,
              allocations: 2,
              heldBytes: 64,
              formulas: { flops: { from: 'linearFlops', value: 1000 }, held: { from: 'linearMemory', value: 64 } },
            },
          },
          { id: 'stub', label: 'a stub', problem: 'its setup threw NotImplemented: matmul (week 1)' },
        ],
      },
    ],
  });

  it('a gap over 10 % names the op whose count comes closest to it', () => {
    const truths = profileTruths(root, 'solutions').get('01-linear')!;
    expect(truths.get('step-flops')).toMatchObject({ formula: 1000, code: 1200, difference: 0.2, op: 'linear.extra' });
    expect(profileTruthText(truths.get('step-flops')!)).toMatch(/your formula says 1,000, your code did 1,200 FLOPs \(\+20 %, most of it linear\.extra; profile case step\)/);
  });

  it('an agreement names no op, and a case that did not run says why', () => {
    const truths = profileTruths(root, 'solutions').get('01-linear')!;
    expect(truths.get('held-bytes')).toMatchObject({ formula: 64, code: 64, difference: 0 });
    expect(truths.get('held-bytes')!.op).toBeUndefined();
    expect(truths.get('stub-flops')!.pending).toMatch(/did not run: its setup threw NotImplemented/);
  });

  it('is attached to the linked predictions of the graded weeks, as a field of its own', () => {
    const result = { id: 'step-flops', kind: 'flops', question: 'q', module: 'linear', revisions: [], truth: 1000, score: 'hit' } as const;
    const progress = { tree: 'solutions', weeks: [{ number: 1, slug: '01-linear', predictions: [result, { ...result, id: 'other' }] }] } as unknown as Progress;
    const [linked, other] = attachProfileTruths(root, progress).weeks[0]!.predictions;
    expect(linked).toMatchObject({ score: 'hit', truth: 1000, profile: { case: 'step', code: 1200 } });
    expect(other!.profile).toBeUndefined();
  });
});
