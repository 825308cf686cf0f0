/**
 * `npm run ci-grade`: grade a learner's commit the way CI does, trusting nothing the learner's
 * machine says. The learner's week modules, notes and predictions are put into a pristine copy of
 * the course as shipped (tests, specs, harness, configuration from the course commit the fork
 * started from), graded there, and the notebook built from that grade. Writes the site (default
 * site/out/) and, in the report folder (default .course/ci/), summary.md — the progress table as
 * Markdown for $GITHUB_STEP_SUMMARY — and progress.json.
 *
 * The learner's fork runs it from its Pages workflow (.github/workflows/notebook.yml); an instructor
 * runs it from their own checkout against each fork: `--fork <url> --upstream .`.
 * Exit 0 whatever the progress (1 with --strict unless every week is complete); 1 when the grade
 * cannot start (no shared history, a shallow clone, a fetch that failed); 2 for bad arguments.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { grade } from '../grade/grade.ts';
import { predictionLogFromHistory } from '../predictions/history.ts';
import { logPath } from '../predictions/predict.ts';
import { renderAttention, renderTable } from '../grade/report.ts';
import type { Progress } from '../progress/document.ts';
import { writeOwned } from '../outputs.ts';
import { CiGradeError, courseCommit, openHistories, type CourseCommit, type Histories } from '../ci/histories.ts';
import { writePristineCopy, type PristineCopy } from '../ci/pristine.ts';
import { publish } from '../publish/publish.ts';
import { renderSummary } from '../ci/summary.ts';
import { writeOutput, type OutputFile } from '../site/output.ts';
import { withArgs, type CommandSpec } from './args.ts';

const text = (t: string) => t;

/** Where the notebook and the report go by default: the Pages workflow uploads the one and appends the other's summary.md. */
export const DEFAULT_OUT = 'site/out';
export const DEFAULT_REPORT = '.course/ci';

export const spec = {
  name: 'ci-grade',
  summary: 'Grade a learner’s commit in a pristine copy of the course as shipped (edited tests count for nothing), build the notebook, write a Markdown summary.',
  options: {
    fork: { type: 'string', value: 'DIR|URL', help: 'the repository holding the learner’s commit (default: this checkout)', parse: text },
    ref: { type: 'string', value: 'REF', help: 'the learner’s commit in it (default HEAD)', parse: text },
    upstream: { type: 'string', value: 'DIR|URL', help: 'the course the fork was forked from: the course commit is its merge base (default: the fork’s own history)', parse: text },
    out: { type: 'string', value: 'DIR', help: 'where the notebook goes (default site/out)', parse: text },
    report: { type: 'string', value: 'DIR', help: 'where summary.md and progress.json go (default .course/ci)', parse: text },
    strict: { type: 'boolean', help: 'exit 1 unless every week is complete' },
    keep: { type: 'boolean', help: 'keep the pristine copy in .course/pristine/ to look at' },
  },
} as const satisfies CommandSpec;

/** A folder given on the command line is relative to the course root; a URL stays as it is. */
function source(root: string, value: string): string {
  return existsSync(resolve(root, value)) ? resolve(root, value) : value;
}

/** A path relative to the root when it is inside it, else as it is. */
function shown(root: string, path: string): string {
  const rel = relative(root, path);
  return rel.startsWith('..') ? path : rel || '.';
}

/** SYSTEMS_TRACK_STUBS=<ref> names the course commit; =worktree means nothing here, where the course is always a commit. */
function stubsOverride(): string | undefined {
  const value = process.env.SYSTEMS_TRACK_STUBS;
  return value && value !== 'worktree' ? value : undefined;
}

/** Grades the copy as the course it is: no git lookup of a shipped commit, since the copy is the shipped course. */
async function gradeCopy(copy: PristineCopy): Promise<Progress> {
  const saved = process.env.SYSTEMS_TRACK_STUBS;
  process.env.SYSTEMS_TRACK_STUBS = 'worktree';
  try {
    return (await grade(copy.course, { tree: 'weeks' })).progress;
  } finally {
    if (saved === undefined) delete process.env.SYSTEMS_TRACK_STUBS;
    else process.env.SYSTEMS_TRACK_STUBS = saved;
  }
}

/** Every file of a built site, except its bookkeeping (dot files), to copy elsewhere. */
function siteFiles(dir: string): OutputFile[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .filter((path) => !path.startsWith('.') && !path.startsWith('screenshots/'))
    .map((path) => ({ path, copyFrom: join(dir, path) }));
}

async function gradeAndPublish(root: string, histories: Histories, found: CourseCommit, options: { out: string; report: string; keep: boolean }) {
  const copy = writePristineCopy(root, histories.repo, { course: found.commit, learner: histories.learnerCommit });
  try {
    console.log(`Pristine copy of ${found.how}; ${copy.taken.length} learner files from ${histories.learnerCommit.slice(0, 7)}.`);
    copy.kept.forEach((k) => console.log(`  not taken: ${k.path} (${k.why})`));
    // The copy has no record of first answers: the fork's history says when each answer was first committed.
    const log = predictionLogFromHistory(histories.repo, copy.course, found.commit, histories.learnerCommit);
    writeOwned(copy.dir, logPath(copy.dir), `${JSON.stringify(log, null, 2)}\n`);
    const graded = await gradeCopy(copy);
    graded.course = { commit: found.commit, note: `a pristine copy of ${found.how}, with the learner's files of ${histories.learnerCommit.slice(0, 7)}` };
    // publish's own line names the copy's folder, which is about to go: the command says where the notebook went.
    const published = await publish({ course: copy.course, progress: graded, log: (line) => void (line.startsWith('Site:') ? undefined : console.log(line)) });
    if (!published.site) throw new CiGradeError(`the notebook could not be built: ${published.problem ?? 'no site'}`);
    writeOutput(root, options.out, siteFiles(published.site.outDir));
    const origin = { courseCommit: found.commit, how: found.how, trustsFork: found.trustsFork, learnerCommit: histories.learnerCommit, kept: copy.kept };
    writeOwned(root, join(options.report, 'summary.md'), renderSummary(published.stored, origin));
    writeOwned(root, join(options.report, 'progress.json'), `${JSON.stringify(published.stored, null, 2)}\n`);
    return published.stored;
  } finally {
    if (options.keep) console.log(`Kept the pristine copy: ${relative(root, copy.dir)}/`);
    else copy.close();
  }
}

export function run(root: string, args: string[]): Promise<number> {
  return withArgs(spec, args, async ({ values }) => {
    const fork = source(root, values.fork ?? '.');
    const upstream = values.upstream === undefined ? undefined : source(root, values.upstream);
    const out = resolve(root, values.out ?? DEFAULT_OUT);
    const report = resolve(root, values.report ?? DEFAULT_REPORT);
    let histories: Histories | undefined;
    try {
      histories = openHistories({ fork, ref: values.ref ?? 'HEAD', ...(upstream ? { upstream } : {}) });
      const found = courseCommit(histories, { fork, ...(upstream ? { upstream } : {}), override: stubsOverride() });
      const progress = await gradeAndPublish(root, histories, found, { out, report, keep: values.keep });
      console.log(renderTable(progress));
      const attention = renderAttention(progress);
      if (attention) console.log(attention);
      console.log(`Notebook: ${shown(root, out)}/  Summary: ${shown(root, join(report, 'summary.md'))}`);
      return values.strict && !progress.weeks.every((w) => w.status === 'complete') ? 1 : 0;
    } catch (error) {
      if (!(error instanceof CiGradeError)) throw error;
      console.error(`ci-grade: ${error.message}`);
      return 1;
    } finally {
      histories?.close();
    }
  });
}
