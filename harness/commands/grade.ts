/**
 * `npm run grade [-- --week N] [--json] [--reference] [--strict] [--limit S]`: the learner's progress
 * by week and check category, and the next step. Load → run → score → report → render.
 * Exit 0 whatever the progress; with --strict, 1 unless every selected week is complete;
 * 2 for bad input (a course error naming file and field, or a bad flag).
 */
import { grade } from '../grade/grade.ts';
import { parseGradeArgs, UsageError } from '../grade/args.ts';
import { renderReport } from '../grade/report.ts';
import { mergeProgress } from '../grade/score.ts';
import { readProgress, writeProgress } from '../grade/store.ts';
import { render } from '../grade/render.ts';

const USAGE = 'usage: npm run grade [-- --week N] [--json] [--reference] [--strict] [--limit SECONDS]';

export async function run(root: string, args: string[]): Promise<number> {
  let options;
  try {
    options = parseGradeArgs(args, ['--week', '--json', '--reference', '--strict', '--limit']);
    if (options.rest.length > 0) throw new UsageError(`unexpected argument ${options.rest[0]}`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }
  const tree = options.reference ? 'solutions' : 'weeks';
  const { progress, weeks } = await grade(root, { tree, weeks: options.weeks, checkLimitMs: options.limitMs });
  // The stored document keeps the weeks this run did not grade (--week), so it always covers the course.
  const stored = mergeProgress(readProgress(root, tree), progress);
  const storedPath = writeProgress(root, stored);
  if (options.json) {
    console.log(JSON.stringify(progress, null, 2));
  } else {
    console.log(renderReport(progress, weeks));
    console.log(`\n(progress written to ${storedPath.slice(root.length).replace(/^\//, '')})`);
  }
  // With --json, stdout carries only the document.
  await render(root, stored, options.json ? (line) => console.error(line) : (line) => console.log(line));
  const complete = progress.weeks.every((w) => w.status === 'complete');
  return options.strict && !complete ? 1 : 0;
}
