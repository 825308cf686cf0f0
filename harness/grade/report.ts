/**
 * Report: the progress document as a terminal table, the checks that need attention (hung or
 * crashed), and a "Next:" step with the check's first hint. Pure: returns strings.
 *
 * Next points at the cause: failures are ordered by what depends on what — week by week, module by
 * module in the spec's order, and within a module the basic checks (shapes, behaviour, numerics)
 * before the gradient checks that call the same functions — and every failing check of that module
 * is listed under it, most basic first.
 */
import { CATEGORIES, type Category, type Hint } from '../course/schema.ts';
import type { Course, Week } from '../course/load.ts';
import type { Check, Progress, WeekProgress } from '../progress/document.ts';

/** Which failures to look at first, within one test file. */
const BASIC_FIRST: readonly Category[] = ['shapes', 'behaviour', 'numerics', 'gradients', 'memory', 'flops'];

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function weekStatusText(week: WeekProgress): string {
  if (week.status === 'blocked' && week.blockedBy) return `blocked by week ${week.blockedBy.week} (${week.blockedBy.fn})`;
  return week.status;
}

/** The predicted column: hits/close/misses/pending of asked (pending: answered, not scored yet). */
export function predictionsText(week: WeekProgress): string {
  const t = week.predictionTally;
  if (!t || t.asked === 0) return '-';
  const pending = t.pending ?? t.answered - t.hit - t.close - t.miss;
  return `${t.hit}/${t.close}/${t.miss}/${pending} of ${t.asked}`;
}

export const PREDICTED_LEGEND = 'predicted: hits/close/misses/pending of asked';

export function renderTable(progress: Progress): string {
  const header = ['week', ...CATEGORIES, 'predicted', 'status', 'note'];
  const rows = progress.weeks.map((week) => [
    `${week.number} ${week.slug.replace(/^\d+-/, '')}`,
    ...CATEGORIES.map((c) => {
      const t = week.categories[c];
      return t ? `${t.passed}/${t.total}` : '-';
    }),
    predictionsText(week),
    weekStatusText(week),
    week.noteWritten ? 'written' : 'to write',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => pad(cell, widths[i] ?? 0)).join('  ').trimEnd();
  const { passed, total } = progress.overall;
  const percent = total === 0 ? 0 : Math.round((100 * passed) / total);
  const complete = progress.weeks.filter((w) => w.status === 'complete').length;
  return [
    line(header),
    ...rows.map(line),
    '',
    `Overall: ${passed} of ${total} checks pass (${percent}%); ${complete} of ${progress.weeks.length} weeks complete. (${PREDICTED_LEGEND})`,
  ].join('\n');
}

/** A few names, then how many more. */
function listed(names: readonly string[], shown = 4): string {
  return names.length <= shown ? names.join(', ') : `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0] ?? '';
}

/** Hung and crashed checks, one line per file, and modified weeks: they stop everything after them, so they are listed wherever they are. */
export function renderAttention(progress: Progress): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  const harness = new Set(progress.weeks.flatMap((w) => (w.modified ?? []).filter((f) => !f.startsWith('weeks/'))));
  if (harness.size > 0) lines.push(`  the harness differs from the course as shipped, so no week counts as complete: ${listed([...harness])}`);
  for (const week of progress.weeks) {
    const own = (week.modified ?? []).filter((f) => f.startsWith('weeks/'));
    if (own.length > 0) lines.push(`  week ${week.number}: modified course (not counted as complete): ${listed(own)}`);
  }
  for (const week of progress.weeks) if (week.noteProblem) lines.push(`  ${week.noteProblem}`);
  for (const problem of progress.weeks.flatMap((w) => w.predictions.flatMap((p) => (p.problem ? [p.problem] : [])))) lines.push(`  ${problem}`);
  for (const check of progress.weeks.flatMap((w) => w.checks)) {
    if ((check.status !== 'timed out' && check.status !== 'crashed') || check.stop?.kind === 'stopped') continue;
    const what = check.status === 'crashed' ? `crashed: ${firstLine(check.message)}` : check.stop?.kind === 'loading' ? 'hung while loading' : `hung: "${check.name}"`;
    const line = `  week ${check.week}, ${check.file}: ${what}${check.location && check.location !== check.file ? ` (at ${check.location})` : ''}`;
    if (seen.has(line)) continue;
    seen.add(line);
    lines.push(line);
  }
  return lines.length === 0 ? '' : ['Needs attention:', ...lines].join('\n');
}

/** The hint that belongs to a check: the first whose text occurs in the check's full name. */
export function hintFor(week: Week | undefined, check: Check): Hint | undefined {
  return week?.hints.find((h) => check.id.includes(h.check));
}

/** The week's unfinished checks, most basic first within each test file, files in course order. */
export function orderedFailures(week: WeekProgress): Check[] {
  const files = [...new Set(week.checks.map((c) => c.file))];
  return files.flatMap((file) => {
    const inFile = week.checks.filter((c) => c.file === file && c.status !== 'passed');
    return BASIC_FIRST.flatMap((category) => inFile.filter((c) => c.category === category));
  });
}

/** The learner's next step: the most basic unfinished check of the first unfinished week (of `week`, if given). */
export function nextCheck(progress: Progress, week?: number): Check | undefined {
  for (const w of progress.weeks) {
    if (week !== undefined && w.number !== week) continue;
    const first = orderedFailures(w)[0];
    if (first) return first;
  }
  return undefined;
}

function describeCheck(check: Check, weeks: readonly Week[], tier = 0): string[] {
  const week = weeks.find((w) => w.number === check.week);
  const hint = hintFor(week, check);
  const lines = [`  ${check.category}: ${check.name}  [${check.status}]`];
  if (check.status === 'blocked' && check.blockedBy) {
    lines.push(`  This needs ${check.blockedBy.fn} from week ${check.blockedBy.week}, which is not implemented yet: finish week ${check.blockedBy.week} first.`);
  } else if (check.status === 'not started' && check.message) {
    lines.push(`  ${firstLine(check.message)}`);
  } else if (check.message) {
    lines.push(...check.message.split('\n').map((l) => `  ${l}`));
  }
  if (check.ledger) lines.push(`  ledger row: | ${check.ledger.symbol} | ${check.ledger.shape} | ${check.ledger.meaning} |`);
  if (check.location) lines.push(`  at ${check.location}`);
  if (hint) {
    const shown = Math.min(tier, hint.tiers.length - 1);
    const more = shown < hint.tiers.length - 1 ? `  (npm run hint shows hint ${shown + 2} of ${hint.tiers.length})` : '';
    lines.push('', `Hint ${shown + 1} of ${hint.tiers.length}: ${hint.tiers[shown]}${more}`);
  }
  return lines;
}

/** The other failing checks of the same file as `next`, one line each, and how many more fail in the week. */
function alsoFailing(progress: Progress, next: Check): string[] {
  const week = progress.weeks.find((w) => w.number === next.week)!;
  const failures = orderedFailures(week);
  // Checks whose code is simply not written yet say nothing new: list the ones that ran and went wrong.
  const sameFile = failures.filter((c) => c.file === next.file && c.id !== next.id && c.status !== 'not started' && c.status !== 'blocked');
  const waiting = failures.filter((c) => c.status === 'not started' || c.status === 'blocked').length - (next.status === 'not started' || next.status === 'blocked' ? 1 : 0);
  const elsewhere = failures.filter((c) => c.file !== next.file && c.status !== 'not started' && c.status !== 'blocked').length;
  const lines = sameFile.slice(0, 12).map((c) => `  - ${c.name}: ${c.status === 'failed' ? firstLine(c.message) || 'failed' : c.status}`);
  if (sameFile.length > 12) lines.push(`  - ... and ${sameFile.length - 12} more in this file`);
  const head = sameFile.length > 0 ? [`Also failing in ${next.file}, most basic first:`, ...lines] : [];
  const counts = [elsewhere > 0 ? `${elsewhere} more fail in other files` : '', waiting > 0 ? `${waiting} wait for code not written yet` : ''].filter(Boolean);
  const tail = counts.length > 0 ? [`Week ${next.week}: ${counts.join('; ')}.`] : [];
  return [...head, ...tail];
}

/** A week whose code is not started and whose predictions are all still empty: predicting comes first. */
function predictFirst(progress: Progress, course: Course, next: Check | undefined): string | undefined {
  const week = progress.weeks.find((w) => w.number === next?.week);
  const tally = week?.predictionTally;
  if (!week || week.status !== 'not started' || !tally || tally.asked === 0 || tally.answered > 0) return undefined;
  const file = `weeks/${week.slug}/predictions.yaml`;
  const title = course.weeks.find((w) => w.number === week.number)?.spec.title ?? week.title;
  return [
    `Next: predict first. Week ${week.number} (${title}) asks ${tally.asked} questions about the code you are about to write:`,
    `  shapes, bytes, FLOPs and what limits it. Answer them in ${file} before you write any code;`,
    '  the grader keeps your first answers and scores each one against your own code once it passes its checks.',
    `  Then start with ${next!.file.replace(/\.test\.ts$/, '.ts')} (npm run hint says where).`,
  ].join('\n');
}

/**
 * The time questions the bench has yet to score (their module passes, the bench has not measured
 * their case) and those it measured while it warned, with the exact command that scores them.
 */
export function pendingTimes(progress: Progress, course: Course): string | undefined {
  const waiting: string[] = [];
  const doubtful: string[] = [];
  for (const w of progress.weeks) {
    const questions = course.weeks.find((c) => c.number === w.number)?.spec.predictions ?? [];
    for (const r of w.predictions) {
      if (!questions.find((q) => q.id === r.id)?.bench) continue;
      if (r.pending?.includes('npm run bench')) waiting.push(`week ${w.number} ${r.id}`);
      else if (r.unreliable !== undefined) doubtful.push(`week ${w.number} ${r.id} (${r.unreliable})`);
    }
  }
  const lines = [
    ...(waiting.length > 0 ? [`Time questions waiting for the bench: ${waiting.join(', ')}. \`npm run bench\` times them and scores them (\`--only GROUP\` keeps the other groups' stored times).`] : []),
    ...(doubtful.length > 0 ? ['Time questions measured while the bench warned, shown but not scored:', ...doubtful.map((d) => `  - ${d}`)] : []),
  ];
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** Answered predictions with no score yet, one line per week and reason: what they wait for and the command that scores them. */
export function pendingPredictions(progress: Progress, shown = 3): string[] {
  const groups = new Map<string, { week: number; reason: string; ids: string[] }>();
  for (const week of progress.weeks) {
    for (const p of week.predictions) {
      if (!p.first || p.score || !p.reason) continue;
      const key = `${week.number}\n${p.reason}`;
      const group = groups.get(key) ?? { week: week.number, reason: p.reason, ids: [] };
      groups.set(key, { ...group, ids: [...group.ids, p.id] });
    }
  }
  if (groups.size === 0) return [];
  const lines = [...groups.values()].slice(0, shown).map((g) => `  week ${g.week}: ${listed(g.ids)} — ${g.reason}`);
  if (groups.size > shown) lines.push(`  ... and ${groups.size - shown} more (npm run grade -- --json has each one's reason)`);
  return ['', 'Predictions waiting for a score:', ...lines];
}

/** The scored predictions of the latest week that has any, one line each with its reason. */
export function renderPredictionScores(progress: Progress): string {
  const week = [...progress.weeks].reverse().find((w) => w.predictions.some((p) => p.score));
  if (!week) return '';
  const lines = week.predictions.filter((p) => p.score).map((p) => `  ${pad(p.score!, 5)} ${p.id}: ${p.first!.text} — ${p.reason ?? ''}`.trimEnd());
  return [`Predictions of week ${week.number}, scored against your code:`, ...lines].join('\n');
}

export function renderNext(progress: Progress, course: Course): string {
  const times = pendingTimes(progress, course);
  const next = [nextStep(progress, course), ...pendingPredictions(progress)].join('\n');
  return times ? `${next}\n\n${times}` : next;
}

function nextStep(progress: Progress, course: Course): string {
  const next = nextCheck(progress);
  const predict = predictFirst(progress, course, next);
  if (predict) return predict;
  if (!next) {
    const unwritten = progress.weeks.filter((w) => !w.noteWritten).map((w) => w.number);
    return unwritten.length > 0
      ? `Next: every check passes. Answer the prompts in the notes of week ${unwritten.join(', ')}.`
      : 'Next: every check passes and every note is written. Publish your notes.';
  }
  const also = alsoFailing(progress, next);
  return [`Next: week ${next.week}, ${next.file}`, ...describeCheck(next, course.weeks), ...(also.length > 0 ? ['', ...also] : [])].join('\n');
}

/** `npm run hint`: the next unfinished check (of one week, if given) with its message and hint tier `tier` (0-based). */
export function renderHint(progress: Progress, course: Course, week?: number, tier = 0): string {
  const next = nextCheck(progress, week);
  if (!next) return week === undefined ? 'Every check passes: nothing to hint at.' : `Every check of week ${week} passes.`;
  return [`Hint for week ${next.week}, ${next.file}`, ...describeCheck(next, course.weeks, tier)].join('\n');
}

/** The whole terminal report: table, anything hung, crashed or modified, and the next step. */
export function renderReport(progress: Progress, course: Course): string {
  const attention = renderAttention(progress);
  const scores = renderPredictionScores(progress);
  return [renderTable(progress), ...(attention ? ['', attention] : []), ...(scores ? ['', scores] : []), '', renderNext(progress, course)].join('\n');
}
