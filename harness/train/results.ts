/**
 * Where `npm run train` keeps a run's loss curves, and the one way to read them back: one file per
 * tree and config in .course/train/ (`shipped.json` for the learner's code, `shipped.reference.json`
 * for the reference), read through a zod schema because the learner's child process wrote it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Tree } from '../progress/document.ts';

export function trainRunName(config: string, tree: Tree): string {
  return tree === 'solutions' ? `${config}.reference` : config;
}

/** The shipped run's curves for a tree: what the week's page charts. */
export function trainResultsPath(root: string, tree: Tree): string {
  return join(root, '.course', 'train', `${trainRunName('shipped', tree)}.json`);
}

const Point = z.object({ step: z.number(), seconds: z.number(), tokens: z.number(), train: z.number().nullable(), validation: z.number().optional() });
export const TrainRun = z.object({ steps: z.number(), tokens: z.number(), validation: z.number(), curve: z.array(Point).max(1_000_000), sample: z.string() });
export type TrainRun = z.infer<typeof TrainRun>;

/** The stored run, or undefined when there is none or it does not validate. */
export function readTrainRun(root: string, tree: Tree): TrainRun | undefined {
  const path = trainResultsPath(root, tree);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = TrainRun.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
