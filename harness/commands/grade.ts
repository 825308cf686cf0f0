/**
 * `npm run grade`: the learner's progress by week and check category, predictions, and the next
 * step. Load → run → score → report → publish: the verdict is printed first, then the progress is
 * stored and the notebook rebuilt. Exit 0 whatever the progress; with --strict, 1 unless every
 * selected week is complete; 2 for bad input (a course error naming file and field, or a bad flag).
 */
import { loadCourse } from '../course/load.ts';
import { grade } from '../grade/grade.ts';
import { renderReport } from '../grade/report.ts';
import { mergeProgress } from '../progress/document.ts';
import { readProgress } from '../progress/store.ts';
import { publish } from '../publish/publish.ts';
import { integer, positive, withArgs, type CommandSpec } from './args.ts';

export const spec = {
  name: 'grade',
  summary: 'Grade your weeks: a table by check category, predictions, and the next step. Then store the progress and rebuild site/out/.',
  options: {
    week: { type: 'string', value: 'N', help: 'grade only week N (repeatable)', parse: integer(1), multiple: true },
    json: { type: 'boolean', help: 'print the progress document as JSON (messages go to stderr)' },
    reference: { type: 'boolean', help: 'grade the reference solutions instead of your weeks' },
    strict: { type: 'boolean', help: 'exit 1 unless every selected week is complete' },
    limit: { type: 'string', value: 'SECONDS', help: 'stop a check after this long (default 10, longer on a busy machine)', parse: positive },
  },
} as const satisfies CommandSpec;

export function run(root: string, args: string[]): Promise<number> {
  return withArgs(spec, args, async ({ values }) => {
    const course = loadCourse(root);
    const tree = values.reference ? 'solutions' : 'weeks';
    const { progress } = await grade(course, { tree, weeks: values.week, checkLimitMs: values.limit === undefined ? undefined : values.limit * 1000 });
    const view = mergeProgress(readProgress(root, tree), progress);
    if (values.json) console.log(JSON.stringify(progress, null, 2));
    else console.log(renderReport(view, course));
    // With --json, stdout carries only the document.
    const log = values.json ? (line: string) => console.error(line) : (line: string) => console.log(line);
    await publish({ course, progress, log });
    const complete = progress.weeks.every((w) => w.status === 'complete');
    return values.strict && !complete ? 1 : 0;
  });
}
