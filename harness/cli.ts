/**
 * The only entry point: `tsx harness/cli.ts <command> [flags]`, behind the npm scripts.
 *   test   prove the course (typecheck, harness tests, reference passes, stubs fail)
 *   grade  grade the learner's weeks/ (or --reference: the solutions)
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CourseError } from './course/errors.ts';
import { loadCourse, type Week } from './course/load.ts';
import { noteStatus } from './course/notes.ts';
import { runVitest } from './grade/run.ts';
import { checksFromRun, scoreWeeks } from './grade/score.ts';
import { renderNext, renderTable } from './grade/report.ts';
import { proveCourse, renderProof } from './proof/prove.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const GRADE_LIMIT_MS = 120_000;

function noteWritten(week: Week): boolean {
  const text = existsSync(week.notesPath) ? readFileSync(week.notesPath, 'utf8') : undefined;
  return noteStatus(text, week.spec.prompts).written;
}

async function test(): Promise<number> {
  const checks = await proveCourse(root, (line) => console.log(line));
  console.log(renderProof(checks));
  return checks.every((c) => c.passed) ? 0 : 1;
}

async function grade(flags: Set<string>): Promise<number> {
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

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const flags = new Set(rest);
  try {
    if (command === 'test') return await test();
    if (command === 'grade') return await grade(flags);
  } catch (error) {
    if (error instanceof CourseError) {
      console.error(`Course error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  console.error('usage: tsx harness/cli.ts <test | grade> [--reference] [--json] [--strict]');
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
