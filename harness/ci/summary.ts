/**
 * The CI grade as GitHub-flavoured Markdown, for a workflow's job summary ($GITHUB_STEP_SUMMARY):
 * the progress table by week and check category, where the grade came from (course commit, learner
 * commit, how the course commit was found), the learner files that were not taken, and anything
 * that needs attention. Pure: returns a string.
 */
import { CATEGORIES } from '../course/schema.ts';
import { PREDICTED_LEGEND, predictionsText, renderAttention, weekStatusText } from '../grade/report.ts';
import type { Progress } from '../progress/document.ts';
import type { Kept } from './pristine.ts';

export type GradeOrigin = { courseCommit: string; how: string; trustsFork: boolean; learnerCommit: string; kept: Kept[] };

/** A table cell: no pipe or newline can break the row, no markup can start. */
function cell(text: string): string {
  return text.replace(/[\\|`*_[\]<>]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function renderProgressTable(progress: Progress): string {
  const header = ['week', ...CATEGORIES, 'predicted', 'status', 'note'];
  const rows = progress.weeks.map((week) => [
    cell(`${week.number} ${week.title}`),
    ...CATEGORIES.map((c) => {
      const t = week.categories[c];
      return t ? `${t.passed}/${t.total}${t.passed === t.total ? ' ✓' : ''}` : '–';
    }),
    cell(predictionsText(week)),
    week.status === 'complete' ? '**complete**' : cell(weekStatusText(week)),
    week.noteWritten ? 'written' : 'to write',
  ]);
  return [row(header), row(header.map((_, i) => (i === 0 || i >= header.length - 2 ? '---' : '---:'))), ...rows.map(row)].join('\n');
}

/** A fenced block no line of `text` can close. */
function fenced(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

export function renderSummary(progress: Progress, origin: GradeOrigin): string {
  const { passed, total } = progress.overall;
  const percent = total === 0 ? 0 : Math.round((100 * passed) / total);
  const complete = progress.weeks.filter((w) => w.status === 'complete').length;
  const lines = [
    `## Systems Track: ${passed} of ${total} checks pass (${percent}%), ${complete} of ${progress.weeks.length} weeks complete`,
    '',
    renderProgressTable(progress),
    '',
    `Graded in a pristine copy of the course as shipped (${cell(origin.how)}) with the learner's modules, notes and predictions from commit ${origin.learnerCommit.slice(0, 7)}: edited tests, specs or harness files in the fork count for nothing.` +
      (origin.trustsFork ? ' The course commit was found in the fork’s own history, which the fork could rewrite: an instructor grades with --upstream naming the course.' : ''),
    '',
    `${PREDICTED_LEGEND}.`,
  ];
  if (origin.kept.length > 0) {
    lines.push('', '<details><summary>Learner files not taken from the fork</summary>', '', ...origin.kept.map((k) => `- \`${k.path}\`: ${cell(k.why)}`), '', '</details>');
  }
  const attention = renderAttention(progress);
  if (attention) lines.push('', '### Needs attention', '', fenced(attention));
  return `${lines.join('\n')}\n`;
}
