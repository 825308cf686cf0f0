/**
 * `npm run hint [-- WEEK]`: the next unfinished check (of that week, if given), its message and its
 * hint, one tier deeper each time it is asked for the same check: a nudge first, the formula last.
 * Uses the stored progress while nothing a week depends on has changed since it was graded (its
 * fingerprint); otherwise grades first and stores the result. Never writes into weeks/.
 */
import { loadCourse, type Course } from '../course/load.ts';
import { grade } from '../grade/grade.ts';
import { fingerprints } from '../grade/inspect.ts';
import type { Progress } from '../progress/document.ts';
import { showNextHint } from '../grade/hint-tiers.ts';
import { readProgress } from '../progress/store.ts';
import { publish } from '../publish/publish.ts';
import { integer, withArgs, type CommandSpec } from './args.ts';

export const spec = {
  name: 'hint',
  summary: 'The next unfinished check and its hint; ask again for the next, more direct, tier.',
  options: {},
  positionals: ['WEEK?'],
} as const satisfies CommandSpec;

/** The stored progress if it covers the weeks asked for and nothing they depend on changed since. */
function freshProgress(course: Course, week: number | undefined): Progress | undefined {
  const stored = readProgress(course.root, 'weeks');
  if (!stored) return undefined;
  const now = fingerprints(course, 'weeks');
  const wanted = course.weeks.filter((w) => week === undefined || w.number === week);
  const fresh = wanted.every((w) => {
    const graded = stored.weeks.find((s) => s.number === w.number);
    return graded?.fingerprint !== undefined && graded.fingerprint === now.get(w.number);
  });
  return fresh ? stored : undefined;
}

export function run(root: string, args: string[]): Promise<number> {
  return withArgs(spec, args, async ({ positionals }) => {
    const course = loadCourse(root);
    const target = positionals[0];
    const week = target === undefined ? undefined : integer(1)(target.replace(/^0+(?=\d)/, '').replace(/-.*$/, ''));
    if (week !== undefined && !course.weeks.some((w) => w.number === week)) {
      console.error(`There is no week ${week}: the course has weeks ${course.weeks.map((w) => w.number).join(', ')}.`);
      return 2;
    }
    let progress = freshProgress(course, week);
    if (!progress) {
      const graded = await grade(course, { tree: 'weeks', weeks: week === undefined ? undefined : [week] });
      progress = (await publish({ course, progress: graded.progress, log: () => {}, storeOnly: true })).stored;
    }
    console.log(showNextHint(root, progress, course, week));
    return 0;
  });
}
