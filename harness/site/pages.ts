/**
 * The pages, as pure functions from a view model to an HTML string. Everything interpolated is
 * escaped here or was rendered by markdown.ts / figures.ts, which escape on their own.
 */
import { CATEGORIES } from '../course/schema.ts';
import type { LedgerRow } from '../course/spec.ts';
import type { Check, PredictedValue, PredictionResult, ProfileTruth, Progress, WeekProgress } from '../progress/document.ts';
import { evalDim } from '../course/dims.ts';
import { attr, escapeHtml, formatBytes, formatNumber, identifierHtml } from './html.ts';
import { page, pageUrl, type NavWeek } from './layout.ts';
import type { Comparison, LedgerResult, Problem, ResultTable, WeekResults } from './results.ts';

export type WeekView = {
  number: number;
  slug: string;
  title: string;
  summary: string;
  prompts: string[];
  /** undefined when the progress document does not know this week (not graded yet). */
  progress: WeekProgress | undefined;
  /** Where the learner writes the note, shown when it is not written yet. */
  notePath: string;
  specHtml: string;
  ledger: LedgerRow[];
  /** Present only for a complete week. */
  complete?: { results: WeekResults; figuresHtml: string[]; noteHtml: string | undefined };
};

export type SiteView = {
  tree: Progress['tree'];
  weeks: WeekView[];
  overall: { passed: number; total: number };
  /** The course-wide calibration figure (predicted against actual), when any prediction is scored. */
  calibrationHtml?: string;
};

function status(view: WeekView): string {
  return view.progress?.status ?? 'not started';
}

function navWeeks(site: SiteView): NavWeek[] {
  return site.weeks.map((w) => ({ number: w.number, slug: w.slug, title: w.title, status: status(w) }));
}

function source(site: SiteView): string {
  return site.tree === 'solutions'
    ? 'A demo notebook, built by npm run demo from the reference solutions and their exemplar notes.'
    : 'Built by npm run site from the course specs and the learner’s own code and notes.';
}

function percent(passed: number, total: number): number {
  return total === 0 ? 0 : Math.round((100 * passed) / total);
}

function meter(label: string, passed: number, total: number): string {
  return `<progress max=${attr(Math.max(total, 1))} value=${attr(passed)} aria-label=${attr(`${label}: ${passed} of ${total} checks pass`)}>${percent(passed, total)}%</progress>`;
}

function badge(text: string): string {
  return `<span class=${attr(`badge status-${text.replace(/\s+/g, '-')}`)}>${escapeHtml(text)}</span>`;
}

function statusLine(view: WeekView): string {
  const p = view.progress;
  if (!p) return `${badge('not started')} <span class="muted">not graded yet: run <code>npm run grade</code></span>`;
  const blocked = p.blockedBy ? ` <span class="muted">by week ${escapeHtml(p.blockedBy.week)}’s <code>${escapeHtml(p.blockedBy.fn)}</code></span>` : '';
  return `${badge(p.status)}${blocked} <span class="count">${escapeHtml(p.tally.passed)} of ${escapeHtml(p.tally.total)} checks pass</span>`;
}

/** One bar per check category the week has, in the course's category order. */
export function categoryBars(progress: WeekProgress | undefined): string {
  if (!progress || progress.tally.total === 0) return '';
  const rows = CATEGORIES.flatMap((category) => {
    const tally = progress.categories[category];
    if (!tally) return [];
    const done = tally.passed === tally.total ? ' class="done"' : '';
    return [`<li${done}><span class="cat-name">${escapeHtml(category)}</span>${meter(category, tally.passed, tally.total)}<span class="cat-count">${escapeHtml(tally.passed)}/${escapeHtml(tally.total)}</span></li>`];
  });
  return `<ul class="categories">${rows.join('')}</ul>`;
}

// ---------------------------------------------------------------- index

function weekCard(view: WeekView): string {
  const note = view.progress?.status === 'complete' ? (view.complete?.noteHtml ? ' · note published' : ' · note not written yet') : '';
  return `<li class=${attr(`week-card status-${status(view).replace(/\s+/g, '-')}`)}>
<a class="card-link" href=${attr(pageUrl(view.slug))}><span class="eyebrow">Week ${escapeHtml(view.number)}</span><span class="card-title">${escapeHtml(view.title)}</span></a>
<p class="summary">${escapeHtml(view.summary)}</p>
<p class="status-line">${statusLine(view)}<span class="muted">${escapeHtml(note)}</span></p>
${categoryBars(view.progress)}
</li>`;
}

export function renderIndex(site: SiteView): string {
  const complete = site.weeks.filter((w) => status(w) === 'complete').length;
  const { passed, total } = site.overall;
  const main = `<section class="hero">
<h1>Systems Track <span class="subtitle">notebook</span></h1>
<p class="lede">A literate, test-driven path from a linear layer to transformer inference: every concept as code, a shape ledger, a memory estimate, a FLOP count, a test and a short note.</p>
<div class="overall">${meter('all weeks', passed, total)}<p><strong>${escapeHtml(complete)} of ${escapeHtml(site.weeks.length)} weeks complete</strong> · ${escapeHtml(passed)} of ${escapeHtml(total)} checks pass (${percent(passed, total)}%)</p></div>
</section>
<section aria-labelledby="map-title">
<h2 id="map-title">Course map</h2>
<ol class="course-map">
${site.weeks.map(weekCard).join('\n')}
</ol>
</section>
${calibrationSection(site)}`;
  return page({ title: 'Systems Track notebook', weeks: navWeeks(site), main, source: source(site) });
}

function calibrationSection(site: SiteView): string {
  const results = site.weeks.flatMap((w) => w.progress?.predictions ?? []);
  const scored = results.filter((r) => r.score);
  if (results.length === 0) return '';
  const count = (s: string) => scored.filter((r) => r.score === s).length;
  const summary = `${results.filter((r) => r.first).length} of ${results.length} questions answered before the code; ${scored.length} scored: ${count('hit')} hits (within 10 %), ${count('close')} close (within 2×), ${count('miss')} misses.`;
  return `<section aria-labelledby="calibration-title">
<h2 id="calibration-title">Predictions</h2>
<p>${escapeHtml(summary)}</p>
${site.calibrationHtml ?? '<p class="muted">The calibration figure appears once a numeric prediction is scored.</p>'}
</section>`;
}

// ---------------------------------------------------------------- predictions

function valueText(value: PredictedValue | undefined, kind: PredictionResult['kind']): string {
  if (value === undefined) return '—';
  if (Array.isArray(value)) return shapeText(value);
  if (typeof value === 'string') return value;
  if (kind === 'bytes') return value >= 1024 ? `${formatNumber(value)} (${formatBytes(value)})` : formatNumber(value);
  if (kind === 'seconds') return value >= 1 ? `${value.toPrecision(3)} s` : value >= 1e-3 ? `${(value * 1e3).toPrecision(3)} ms` : `${(value * 1e6).toPrecision(3)} µs`;
  if (kind === 'ratio') return `×${value.toPrecision(3)}`;
  return formatNumber(value);
}

const SCORE_MARK: Record<string, string> = { hit: '✓', close: '≈', miss: '✗' };

/**
 * Tables that stack on a phone (site/style.css, table.stack): each row a block, the row's header on
 * its own line and its cells inline behind their column's label, so no column hides off screen and
 * a number never has to break. ARIA roles keep them tables for screen readers when CSS changes how
 * their parts display; the labels are hidden from screen readers, which have the column headers.
 */
type StackColumn = { label: string; className: string; labelled: boolean };

function stackCell(column: StackColumn, html: string, extraClass = ''): string {
  const label = column.labelled && html ? `<span class="cell-label" aria-hidden="true">${escapeHtml(column.label)}: </span>` : '';
  const classes = [column.className.split(' ').filter((c) => c === 'n'), extraClass].flat().filter(Boolean).join(' ');
  return `<td role="cell"${classes ? ` class=${attr(classes)}` : ''}>${label}${html}</td>`;
}

function stackRow(header: string, cells: string[]): string {
  return `<tr role="row"><th scope="row" role="rowheader">${header}</th>${cells.join('')}</tr>`;
}

function stackTable(className: string, rowHeader: string, columns: readonly StackColumn[], rows: string[], caption = ''): string {
  const head = columns.map((c) => {
    const text = c.labelled ? escapeHtml(c.label) : `<span class="visually-hidden">${escapeHtml(c.label)}</span>`;
    return `<th scope="col" role="columnheader"${c.className ? ` class=${attr(c.className)}` : ''}>${text}</th>`;
  });
  return `<div class="table-wrap"><table class=${attr(`${className} stack`)} role="table">${caption}
<thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">${escapeHtml(rowHeader)}</th>${head.join('')}</tr></thead>
<tbody role="rowgroup">
${rows.join('\n')}
</tbody></table></div>`;
}

/** The predictions table's columns after the question: the score first, so it is never out of view. */
const PREDICTION_COLUMNS: readonly StackColumn[] = [
  { label: 'Score', className: 'key', labelled: true },
  { label: 'You said first', className: 'key', labelled: true },
  { label: 'Your code says', className: 'n key', labelled: true },
  { label: 'Ratio', className: 'n', labelled: true },
  { label: 'Revised', className: '', labelled: true },
];

/** The second truth in words: "at the profile's size, your formula says 3,136, your code did 3,136 FLOPs (agree; profile case linear-step)". */
export function profileTruthText(t: ProfileTruth): string {
  if (t.pending !== undefined) return `what ran: ${t.pending}`;
  if (t.formula === undefined || t.code === undefined) return `what ran: not measured (profile case ${t.case})`;
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const gap = t.difference === undefined ? '' : Math.abs(t.difference) <= 0.1 ? 'agree' : `${t.difference > 0 ? '+' : '−'}${Math.abs(t.difference * 100).toFixed(0)} %${t.op ? `, most of it ${t.op}` : ''}`;
  return `at the profile's size, your formula says ${n(t.formula)}, your code did ${n(t.code)} ${t.what ?? ''} (${gap}; profile case ${t.case})`;
}

function predictionRow(r: PredictionResult): string {
  const first = r.first ? `<code>${escapeHtml(r.first.text)}</code>${r.first.codeStarted ? ' <span class="muted">(after starting the code)</span>' : ''}` : '<span class="muted">not answered</span>';
  const formulaTruth = r.truth !== undefined ? escapeHtml(valueText(r.truth, r.kind)) : `<span class="muted">${escapeHtml(r.reason ?? r.pending ?? '—')}</span>`;
  // The second truth: what the code ran at the profile's size, beside what its formula says there.
  const truth = r.profile ? `${formulaTruth}<br><span class="muted">${escapeHtml(profileTruthText(r.profile))}</span>` : formulaTruth;
  const error = r.ratio !== undefined ? `×${escapeHtml(r.ratio.toPrecision(3))}` : r.score ? (r.score === 'hit' ? 'exact' : 'differs') : '';
  const kind = r.score === 'hit' ? 'ok' : r.score === 'close' ? 'close' : 'bad';
  const [scoreColumn, firstColumn, truthColumn, ratioColumn, revisedColumn] = PREDICTION_COLUMNS as [StackColumn, StackColumn, StackColumn, StackColumn, StackColumn];
  // The one-line reason sits under the verdict: why it is a hit, how far and which way, or which known mistake.
  const why = r.reason ? `<br><span class="muted reason">${escapeHtml(r.reason)}</span>` : '';
  const score = r.score
    ? stackCell(scoreColumn, `<span aria-hidden="true">${SCORE_MARK[r.score]}</span> ${r.score}${why}`, `verdict ${kind}`)
    : r.unreliable !== undefined
      ? stackCell(scoreColumn, `unreliable <span class="muted">${escapeHtml(r.unreliable)}</span>`, 'verdict na')
      : stackCell(scoreColumn, '', 'verdict na');
  const revised = r.revisions.length > 0 ? `revised ${r.revisions.length}× (now <code>${escapeHtml(r.revisions[r.revisions.length - 1]!.text)}</code>)` : r.first ? 'no' : '';
  return stackRow(escapeHtml(r.question), [score, stackCell(firstColumn, first), stackCell(truthColumn, truth), stackCell(ratioColumn, error), stackCell(revisedColumn, revised)]);
}

export function renderPredictions(view: WeekView): string {
  const results = view.progress?.predictions ?? [];
  if (results.length === 0) return '';
  const t = view.progress?.predictionTally;
  const line = t ? `${t.answered} of ${t.asked} answered; ${t.hit} hits, ${t.close} close, ${t.miss} misses so far.` : '';
  return `<section id="predictions" aria-labelledby="predictions-title">
<h2 id="predictions-title">Predictions</h2>
<p>Each question was answered in <code>${escapeHtml(view.notePath.replace(/notes\.md$/, 'predictions.yaml'))}</code>, then held against what the checked code computes (or the bench measured): a hit is within 10 %, close within a factor of 2. The first answer counts; revisions are shown as such; the ratio is the first answer ÷ the code’s. ${escapeHtml(line)}</p>
${stackTable('predictions', 'Question', PREDICTION_COLUMNS, results.map(predictionRow))}
</section>`;
}

// ---------------------------------------------------------------- week results

/**
 * A verdict cell: a mark that is a shape, not only a colour (✓ ✗ ≈ –), then its word, which a phone
 * hides from sight (never from a screen reader) so the column stays narrow enough to be seen.
 */
function verdictHtml(mark: string, word: string): string {
  return `${mark ? `<span aria-hidden="true">${mark}</span>` : ''}${word ? `<span class="verdict-word"> ${escapeHtml(word)}</span>` : ''}`;
}

function verdictCell(kind: 'ok' | 'bad' | 'close' | 'na', mark: string, word: string): string {
  return `<td class=${attr(`verdict ${kind}`)}>${verdictHtml(mark, word)}</td>`;
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

const normalise = (name: string) => name.toLowerCase().replace(/[_\s]/g, '');

/** The produced shape for a ledger symbol: exact name first, then a spelling without case or underscores. */
function producedShape(result: LedgerResult, symbol: string): number[] | undefined {
  if (result.shapes[symbol]) return result.shapes[symbol];
  const key = Object.keys(result.shapes).find((k) => normalise(k) === normalise(symbol));
  return key === undefined ? undefined : result.shapes[key];
}

function predictedShape(row: LedgerRow, dims: Record<string, number>): number[] | undefined {
  try {
    return row.dims.map((d) => evalDim(d, dims));
  } catch {
    return undefined; // the row uses a symbol this example does not set
  }
}

function ledgerRow(row: LedgerRow, result: LedgerResult): string {
  const predicted = predictedShape(row, result.dims);
  const produced = producedShape(result, row.symbol);
  const verdict =
    produced === undefined ? verdictCell('na', '–', 'not exposed by the week’s exports')
    : predicted === undefined ? verdictCell('na', '—', '')
    : shapeText(predicted) === shapeText(produced) ? verdictCell('ok', '✓', 'matches')
    : verdictCell('bad', '✗', 'differs');
  return `<tr><th scope="row"><code>${identifierHtml(row.symbol)}</code></th><td><code>${escapeHtml(row.shape)}</code></td><td><code>${escapeHtml(predicted ? shapeText(predicted) : '—')}</code></td><td><code>${escapeHtml(produced ? shapeText(produced) : '—')}</code></td>${verdict}</tr>`;
}

export function renderLedgerResult(ledger: readonly LedgerRow[], result: LedgerResult): string {
  const dimsText = Object.entries(result.dims).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(', ');
  return `<h3 id="results-ledger">Shape ledger, filled in</h3>
<p>Every tensor the code produced at the dims of the worked example <code>${escapeHtml(result.example)}</code> (${escapeHtml(dimsText)}), beside the spec’s prediction.</p>
<div class="table-wrap"><table class="ledger">
<thead><tr><th scope="col">Symbol</th><th scope="col">Shape</th><th scope="col">Predicted</th><th scope="col" class="key">Produced</th><th scope="col" class="key">Check</th></tr></thead>
<tbody>
${ledger.map((row) => ledgerRow(row, result)).join('\n')}
</tbody></table></div>`;
}

function valueCell(value: number | null | undefined, unit: Comparison['unit']): string {
  if (value === null || value === undefined) return '—';
  const extra = unit === 'bytes' && Math.abs(value) >= 1024 ? ` <span class="unit">${escapeHtml(formatBytes(value))}</span>` : '';
  return `<span class="num">${escapeHtml(formatNumber(value))}</span>${extra}`;
}

const RESULT_COLUMNS: readonly StackColumn[] = [
  { label: 'The code says', className: 'n key', labelled: true },
  { label: 'The spec says', className: 'n key', labelled: true },
  { label: 'Agrees', className: 'key', labelled: false },
];

function comparisonRow(row: Comparison): string {
  const [code, spec, agrees] = RESULT_COLUMNS as [StackColumn, StackColumn, StackColumn];
  const verdict =
    row.expected === undefined ? stackCell(agrees, '', 'verdict na')
    : row.value === row.expected ? stackCell(agrees, verdictHtml('✓', 'agrees'), 'verdict ok')
    : stackCell(agrees, verdictHtml('✗', 'differs'), 'verdict bad');
  return stackRow(escapeHtml(row.label), [stackCell(code, valueCell(row.value, row.unit)), stackCell(spec, valueCell(row.expected, row.unit)), verdict]);
}

export function renderResultTable(table: ResultTable): string {
  const caption = `\n<caption><strong>${escapeHtml(table.title)}</strong>${table.caption ? ` ${escapeHtml(table.caption)}` : ''}</caption>`;
  return stackTable('results', 'Quantity', RESULT_COLUMNS, table.rows.map(comparisonRow), caption);
}

function problems(list: readonly Problem[]): string {
  if (list.length === 0) return '';
  const items = list.map((p) => `<li><strong>${escapeHtml(p.part)}</strong>: <code>${escapeHtml(p.message)}</code></li>`).join('');
  return `<div class="problem"><p>Some results could not be computed from the code:</p><ul>${items}</ul></div>`;
}

function resultsSection(view: WeekView): string {
  const done = view.complete!;
  const { results } = done;
  const parts = [
    results.ledger ? renderLedgerResult(view.ledger, results.ledger) : '',
    results.tables.length ? `<h3 id="results-tables">Memory and FLOPs, computed</h3>\n${results.tables.map(renderResultTable).join('\n')}` : '',
    done.figuresHtml.length ? `<h3 id="results-figures">Figures</h3>\n${done.figuresHtml.join('\n')}` : '',
    problems(results.problems),
  ].filter(Boolean);
  const body = parts.length ? parts.join('\n') : '<p class="muted">This week publishes no computed results; its note follows.</p>';
  return `<section id="results" class="results-section" aria-labelledby="results-title">\n<h2 id="results-title">Results from the code</h2>\n${body}\n</section>`;
}

function noteSection(view: WeekView): string {
  const noteHtml = view.complete?.noteHtml;
  const body = noteHtml
    ? `<div class="note">${noteHtml}</div>`
    : `<p class="muted">The note is not written yet. Answer each prompt in <code>${escapeHtml(view.notePath)}</code> in your own words:</p><ul>${view.prompts.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>`;
  return `<section id="note" aria-labelledby="note-title">\n<h2 id="note-title">Note</h2>\n${body}\n</section>`;
}

// ---------------------------------------------------------------- incomplete weeks

const CHECK_MARK: Record<Check['status'], string> = { passed: '✓', failed: '✗', 'not started': '○', blocked: '⊘', 'timed out': '⏱', crashed: '!' };

function checkList(progress: WeekProgress | undefined): string {
  if (!progress || progress.checks.length === 0) return '';
  const items = progress.checks.map(
    (c) => `<li class=${attr(`check status-${c.status.replace(/\s+/g, '-')}`)}><span class="mark" aria-hidden="true">${CHECK_MARK[c.status]}</span> <span class="cat">${escapeHtml(c.category)}</span> ${escapeHtml(c.name)} <span class="muted">(${escapeHtml(c.status)})</span></li>`,
  );
  return `<details class="checks"><summary>All ${escapeHtml(progress.checks.length)} checks</summary><ul>${items.join('')}</ul></details>`;
}

function progressSection(view: WeekView): string {
  return `<section id="progress" aria-labelledby="progress-title">
<h2 id="progress-title">Progress</h2>
<p>Results from the code, the figures and the note appear here once every check of this week passes.</p>
${checkList(view.progress)}
</section>`;
}

// ---------------------------------------------------------------- week page

function pager(site: SiteView, view: WeekView): string {
  const i = site.weeks.indexOf(view);
  const prev = site.weeks[i - 1];
  const next = site.weeks[i + 1];
  const link = (w: WeekView | undefined, rel: string, label: string) =>
    w ? `<a rel=${attr(rel)} href=${attr(pageUrl(w.slug))}><span class="muted">${label}</span> Week ${escapeHtml(w.number)}: ${escapeHtml(w.title)}</a>` : '<span></span>';
  return `<nav class="pager" aria-label="Previous and next week">${link(prev, 'prev', '←')}${link(next, 'next', '→')}</nav>`;
}

export function renderWeekPage(site: SiteView, view: WeekView): string {
  const complete = view.complete !== undefined;
  const predictions = renderPredictions(view);
  const predictionsLink = predictions ? '<a href="#predictions">Predictions</a> · ' : '';
  const toc = complete
    ? `<a href="#results">Results</a> · ${predictionsLink}<a href="#note">Note</a> · <a href="#spec">Spec</a>`
    : `<a href="#progress">Progress</a> · ${predictionsLink}<a href="#spec">Spec</a>`;
  const main = `<article class="week">
<header class="week-head">
<p class="eyebrow">Week ${escapeHtml(view.number)}</p>
<h1>${escapeHtml(view.title)}</h1>
<p class="summary">${escapeHtml(view.summary)}</p>
<p class="status-line">${statusLine(view)}</p>
${categoryBars(view.progress)}
<p class="toc">On this page: ${toc}</p>
</header>
${complete ? `${resultsSection(view)}\n${predictions}\n${noteSection(view)}` : `${progressSection(view)}\n${predictions}`}
<section id="spec" class="spec" aria-labelledby="spec-title">
<h2 id="spec-title">The spec</h2>
${view.specHtml}
</section>
${pager(site, view)}
</article>`;
  return page({ title: `Week ${view.number}: ${view.title} · Systems Track`, weeks: navWeeks(site), current: view.slug, main, source: source(site) });
}
