/**
 * `npm run bench [-- --reference] [--only GROUP ...] [--limit SECONDS] [--quick]`: measures this
 * machine's ceilings, then times the kernels of every week that has a bench.ts (the learner's, or
 * with --reference the solutions) and places each on the roofline against the FLOPs and bytes the
 * learner's own formulas predict. Results go to .course/bench.json (or bench.reference.json).
 * The pipeline is harness/bench/bench.ts; this file reads the command line.
 */
import { runBench, UnknownGroup } from '../bench/bench.ts';
import { parseCommandArgs, positive, usage, UsageError, type CommandSpec } from './args.ts';

const DEFAULT_LIMIT_SECONDS = 30;

export const spec = {
  name: 'bench',
  summary: "Times your kernels against this machine's roofline: its measured compute and memory ceilings, and your own FLOP and byte formulas.",
  options: {
    reference: { type: 'boolean', help: 'time the reference solutions instead (stored apart, in .course/bench.reference.json)' },
    only: { type: 'string', value: 'GROUP', help: 'run only this group (repeatable); the groups come from the weeks\' bench.ts files', parse: (text: string) => text, multiple: true },
    limit: { type: 'string', value: 'SECONDS', help: `stop a case that runs this long without a result (default ${DEFAULT_LIMIT_SECONDS})`, parse: positive },
    quick: { type: 'boolean', help: 'one short sample per case and tiny ceilings: checks that everything runs, not figures to believe' },
  },
} satisfies CommandSpec;

export async function run(root: string, args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandArgs(spec, args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${usage(spec)}`);
    return 2;
  }
  if (parsed.help) {
    console.log(usage(spec));
    return 0;
  }
  const { reference, only, limit, quick } = parsed.values;
  try {
    await runBench(root, { tree: reference ? 'solutions' : 'weeks', only, limitSeconds: limit ?? DEFAULT_LIMIT_SECONDS, quick });
  } catch (error) {
    if (!(error instanceof UnknownGroup)) throw error;
    console.error(`--only: ${error.message}\n${usage(spec)}`);
    return 2;
  }
  return 0;
}
