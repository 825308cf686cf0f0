/**
 * `npm run train [-- --minutes M] [--config NAME] [--reference] [--seed S]`: trains week 4's decoder
 * on tiny Shakespeare with week 7's backward pass and AdamW (the learner's, or with --reference the
 * solutions), in a sandboxed child (harness/train/run.ts). Progress, validation loss, a safetensors
 * checkpoint and the loss curves in .course/train/ (NAME.*, or NAME.reference.* with --reference, so a
 * reference run never replaces the learner's), and a sample of text at the end.
 */
import { join } from 'node:path';
import { ceilingFor, measureCeilings } from '../bench/ceilings.ts';
import { readBenchResults } from '../bench/results.ts';
import { TRAIN_CONFIGS } from '../train/configs.ts';
import { trainRunName } from '../train/results.ts';
import { runTraining } from '../train/run.ts';
import { integer, oneOf, positive, withArgs, type CommandSpec } from './args.ts';

export const spec = {
  name: 'train',
  summary: 'Trains your decoder on tiny Shakespeare with your week 7 backward pass and AdamW, then writes a checkpoint and a sample.',
  options: {
    minutes: { type: 'string', value: 'M', help: 'stop the steps after M minutes (default: the config\'s, 20 for shipped)', parse: positive },
    config: { type: 'string', value: 'NAME', help: `the run to make: ${Object.keys(TRAIN_CONFIGS).join(' or ')} (default shipped)`, parse: oneOf(Object.keys(TRAIN_CONFIGS)) },
    reference: { type: 'boolean', help: 'train with the reference solutions instead of your code' },
    seed: { type: 'string', value: 'S', help: 'the seed of the initial weights, the batches and the sample (default 1)', parse: integer(0) },
  },
} satisfies CommandSpec;

/** The one-core ceiling from the last `npm run bench` of this tree, or a short measurement now. */
async function oneCoreCeiling(root: string, tree: 'weeks' | 'solutions'): Promise<{ flopsPerSecond: number; source: string }> {
  const stored = readBenchResults(root, tree)?.ceilings;
  if (stored) return { flopsPerSecond: ceilingFor(stored, 1).flopsPerSecond, source: 'from the last npm run bench' };
  const measured = await measureCeilings({ triadElements: 1 << 16, warmupSeconds: 0.3, passSeconds: 0.05, passes: 5, threads: [1] });
  return { flopsPerSecond: ceilingFor(measured, 1).flopsPerSecond, source: 'measured now; npm run bench measures it better' };
}

export async function run(root: string, args: string[]): Promise<number> {
  return withArgs(spec, args, async ({ values }) => {
    const name = values.config ?? 'shipped';
    const base = TRAIN_CONFIGS[name]!;
    const config = { ...base, minutes: values.minutes ?? base.minutes };
    const tree = values.reference ? 'solutions' : 'weeks';
    const ceiling = await oneCoreCeiling(root, tree);
    const outcome = await runTraining(root, tree, {
      name: trainRunName(name, tree),
      config,
      corpus: join(root, 'harness', 'data', 'tinyshakespeare.txt'),
      seed: values.seed ?? 1,
      ceiling,
      sampleLength: 500,
    });
    if (typeof outcome === 'string') {
      console.error(`train: ${outcome}`);
      return 1;
    }
    return outcome === 0 ? 0 : 1;
  });
}
