/**
 * How many tiers of each check's hint the learner has been shown: .course/hints.json, one count per
 * check ("file > id"). `npm run hint` and watch's `h` key both ask through `showNextHint`, so either
 * path advances the same tiers: a nudge first, the formula last.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Course } from '../course/load.ts';
import { nextCheck, renderHint } from './report.ts';
import { writeOwned } from '../outputs.ts';
import type { Check, Progress } from '../progress/document.ts';
import { courseDir } from '../progress/store.ts';

const HintsShown = z.record(z.string(), z.number().int().min(0));

export function hintsPath(root: string): string {
  return join(courseDir(root), 'hints.json');
}

export function readHintsShown(root: string): Record<string, number> {
  try {
    const parsed = HintsShown.safeParse(JSON.parse(readFileSync(hintsPath(root), 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function hintKey(check: Check): string {
  return `${check.file} > ${check.id}`;
}

/**
 * The next unfinished check (of `week`, if given) with the next tier of its hint, and the tier
 * recorded as shown. Writes only into an existing .course/ (a grade made it).
 */
export function showNextHint(root: string, progress: Progress, course: Course, week?: number): string {
  const next = nextCheck(progress, week);
  const shown = readHintsShown(root);
  const tier = next ? (shown[hintKey(next)] ?? 0) : 0;
  const text = renderHint(progress, course, week, tier);
  if (next && existsSync(courseDir(root))) writeOwned(root, hintsPath(root), `${JSON.stringify({ ...shown, [hintKey(next)]: tier + 1 }, null, 2)}\n`);
  return text;
}
