/**
 * Report: the progress document as a terminal table, the checks that need attention (hung or
 * crashed), and a "Next:" step with the spec's hint. Pure: returns strings.
 */
import { CATEGORIES } from '../course/schema.ts';
import type { Week } from '../course/load.ts';
import { nextCheck } from './score.ts';
import type { Check, Progress, WeekProgress } from './progress.ts';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function weekStatusText(week: WeekProgress): string {
  if (week.status === 'blocked' && week.blockedBy) return `blocked by week ${week.blockedBy.week} (${week.blockedBy.fn})`;
  return week.status;
}

export function renderTable(progress: Progress): string {
  const header = ['week', ...CATEGORIES, 'status', 'note'];
  const rows = progress.weeks.map((week) => [
    `${week.number} ${week.slug.replace(/^\d+-/, '')}`,
    ...CATEGORIES.map((c) => {
      const t = week.categories[c];
      return t ? `${t.passed}/${t.total}` : '-';
    }),
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
    `Overall: ${passed} of ${total} checks pass (${percent}%); ${complete} of ${progress.weeks.length} weeks complete.`,
  ].join('\n');
}

/** Hung and crashed checks, one line per file: they stop everything after them, so they are listed wherever they are. */
export function renderAttention(progress: Progress): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const check of progress.weeks.flatMap((w) => w.checks)) {
    const stoppedByAnother = check.status === 'timed out' && check.message?.includes('" hung');
    if ((check.status !== 'timed out' && check.status !== 'crashed') || stoppedByAnother) continue;
    const what = check.status === 'crashed' ? `crashed: ${firstLine(check.message)}` : check.message?.startsWith('did not run') ? `hung while loading` : `hung: "${check.name}"`;
    const line = `  week ${check.week}, ${check.file}: ${what}${check.location && check.location !== check.file ? ` (at ${check.location})` : ''}`;
    if (seen.has(line)) continue;
    seen.add(line);
    lines.push(line);
  }
  return lines.length === 0 ? '' : ['Needs attention:', ...lines].join('\n');
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0] ?? '';
}

function describeCheck(check: Check, weeks: readonly Week[]): string[] {
  const week = weeks.find((w) => w.number === check.week);
  const hint = week?.spec.hints[check.category];
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
  if (hint) lines.push('', `Hint (${check.category}): ${hint}`);
  return lines;
}

export function renderNext(progress: Progress, weeks: readonly Week[]): string {
  const next = nextCheck(progress);
  if (!next) {
    const unwritten = progress.weeks.filter((w) => !w.noteWritten).map((w) => w.number);
    return unwritten.length > 0
      ? `Next: every check passes. Answer the prompts in the notes of week ${unwritten.join(', ')}.`
      : 'Next: every check passes and every note is written. Publish your notes.';
  }
  return [`Next: week ${next.week}, ${next.file}`, ...describeCheck(next, weeks)].join('\n');
}

/** `npm run hint`: the next unfinished check (of one week, if given) with its message and the spec's hint. */
export function renderHint(progress: Progress, weeks: readonly Week[], week?: number): string {
  const next = nextCheck(progress, week);
  if (!next) return week === undefined ? 'Every check passes: nothing to hint at.' : `Every check of week ${week} passes.`;
  return [`Hint for week ${next.week}, ${next.file}`, ...describeCheck(next, weeks)].join('\n');
}

/** The whole terminal report: table, anything hung or crashed, and the next step. */
export function renderReport(progress: Progress, weeks: readonly Week[]): string {
  const attention = renderAttention(progress);
  return [renderTable(progress), ...(attention ? ['', attention] : []), '', renderNext(progress, weeks)].join('\n');
}
