/**
 * Report: the progress document as a terminal table and a "Next:" step. Pure: returns strings.
 */
import { CATEGORIES } from '../course/schema.ts';
import type { Week } from '../course/load.ts';
import { nextCheck } from './score.ts';
import type { Progress, WeekProgress } from './progress.ts';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function statusText(week: WeekProgress): string {
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
    statusText(week),
    week.noteWritten ? 'written' : 'to write',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => pad(cell, widths[i] ?? 0)).join('  ').trimEnd();
  const { passed, total } = progress.overall;
  const percent = total === 0 ? 0 : Math.round((100 * passed) / total);
  return [line(header), ...rows.map(line), '', `Overall: ${passed} of ${total} checks pass (${percent}%).`].join('\n');
}

export function renderNext(progress: Progress, weeks: readonly Week[]): string {
  const next = nextCheck(progress);
  if (!next) return 'Next: every check passes. Write your notes, then publish them.';
  const week = weeks.find((w) => w.number === next.week);
  const hint = week?.spec.hints[next.category];
  const lines = [`Next: week ${next.week}, ${next.file}`, `  ${next.category}: ${next.name}  [${next.status}]`];
  if (next.status === 'blocked' && next.blockedBy) {
    lines.push(`  This needs ${next.blockedBy.fn} from week ${next.blockedBy.week}, which is not implemented yet.`);
  } else if (next.message) {
    lines.push(...next.message.split('\n').map((l) => `  ${l}`));
  }
  if (next.location) lines.push(`  at ${next.location}`);
  if (hint) lines.push('', `Hint (${next.category}): ${hint}`);
  return lines.join('\n');
}
