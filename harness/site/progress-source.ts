/**
 * Where `npm run site` and `npm run demo` get a progress document: the one the last `npm run grade`
 * saved in .course/progress.json (validated with the grader's zod schema), or a fresh grading run
 * of the chosen tree, the same pipeline `npm run grade` uses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCourse, type Week } from '../course/load.ts';
import { noteStatus } from '../course/notes.ts';
import { Progress } from '../grade/progress.ts';
import { runVitest } from '../grade/run.ts';
import { checksFromRun, scoreWeeks } from '../grade/score.ts';

const GRADE_LIMIT_MS = 120_000;

export function savedProgressPath(root: string): string {
  return join(root, '.course', 'progress.json');
}

/** The saved document, or undefined if there is none or it does not match the schema. */
export function readSavedProgress(root: string): Progress | undefined {
  const path = savedProgressPath(root);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = Progress.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Grade a tree now: the learner's weeks/ (Vitest project "learner") or solutions/ ("reference"). */
export async function gradeTree(root: string, tree: Progress['tree']): Promise<Progress> {
  const weeks = loadCourse(root);
  const project = tree === 'solutions' ? 'reference' : 'learner';
  const outcome = await runVitest({ root, projects: [project], timeoutMs: GRADE_LIMIT_MS });
  const noteWritten = (week: Week) => {
    const path = join(root, tree, week.slug, 'notes.md');
    return noteStatus(existsSync(path) ? readFileSync(path, 'utf8') : undefined, week.spec.prompts).written;
  };
  return scoreWeeks(weeks, checksFromRun(weeks, outcome, project), noteWritten, tree);
}
