/** `npm run grade [-- --reference] [--json] [--strict]`: the learner's progress by week and category. */
import { existsSync, readFileSync } from 'node:fs';
import { loadCourse, type Week } from '../course/load.ts';
import { noteStatus } from '../course/notes.ts';
import { runVitest } from '../grade/run.ts';
import { checksFromRun, scoreWeeks } from '../grade/score.ts';
import { renderNext, renderTable } from '../grade/report.ts';

const GRADE_LIMIT_MS = 120_000;

function noteWritten(week: Week): boolean {
  const text = existsSync(week.notesPath) ? readFileSync(week.notesPath, 'utf8') : undefined;
  return noteStatus(text, week.spec.prompts).written;
}

export async function run(root: string, args: string[]): Promise<number> {
  const flags = new Set(args);
  const weeks = loadCourse(root);
  const project = flags.has('--reference') ? 'reference' : 'learner';
  const outcome = await runVitest({ root, projects: [project], timeoutMs: GRADE_LIMIT_MS });
  const progress = scoreWeeks(weeks, checksFromRun(weeks, outcome, project), noteWritten, project === 'reference' ? 'solutions' : 'weeks');
  if (flags.has('--json')) {
    console.log(JSON.stringify(progress, null, 2));
  } else {
    console.log(renderTable(progress));
    console.log('');
    console.log(renderNext(progress, weeks));
  }
  const complete = progress.weeks.every((w) => w.status === 'complete');
  return flags.has('--strict') && !complete ? 1 : 0;
}
