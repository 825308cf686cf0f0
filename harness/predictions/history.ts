/**
 * First answers from git history, for a grade that starts from a clean clone (CI, an instructor's
 * checkout) where .course/predictions.json does not exist: every commit that changed a week's
 * predictions.yaml, oldest first, gives its answers a time (the commit's) and says whether the
 * question's module was still a pure stub at that commit. The first answer stays first; later,
 * different ones are revisions — the same rule as the local record.
 */
import type { Course } from '../course/load.ts';
import { stubShape } from '../course/stubs.ts';
import { git } from '../git.ts';
import { currentEntry, parseAnswers, recordAnswer, type PredictionLog } from './predict.ts';

const HISTORY_LIMIT = 2000;

/** The record of first answers and revisions that the commits from `from` (exclusive) to `to` tell. */
export function predictionLogFromHistory(repo: string, course: Course, from: string, to: string): PredictionLog {
  const log: PredictionLog = { version: 1, weeks: {} };
  for (const week of course.weeks.filter((w) => w.spec.predictions.length > 0)) {
    const path = `weeks/${week.slug}/predictions.yaml`;
    const commits = (git(repo, ['log', '--reverse', `--max-count=${HISTORY_LIMIT}`, '--format=%H %cI', `${from}..${to}`, '--', path]) ?? '').split('\n').filter(Boolean);
    for (const line of commits) {
      const [commit, at] = line.split(' ') as [string, string];
      const text = git(repo, ['show', `${commit}:${path}`]);
      if (text === undefined) continue;
      const answers = parseAnswers(text, path);
      if (!(answers instanceof Map)) continue;
      const started = new Map<string, boolean>();
      for (const q of week.spec.predictions) {
        if (!started.has(q.module)) {
          const source = git(repo, ['show', `${commit}:weeks/${week.slug}/${q.module}.ts`]);
          started.set(q.module, source !== undefined && !stubShape(source).pure);
        }
        const { entry } = currentEntry(q, answers.get(q.id), started.get(q.module)!, new Date(at).toISOString());
        if (!entry) continue;
        const weekLog = (log.weeks[week.slug] ??= {});
        weekLog[q.id] = recordAnswer(weekLog[q.id], entry);
      }
    }
  }
  return log;
}
