import { describe, expect, it } from 'vitest';
import type { WeekProgress } from '../progress/document.ts';
import type { PredictionResult } from '../progress/document.ts';
import { identifierHtml } from './html.ts';
import { renderIndex, renderLedgerResult, renderPredictions, renderResultTable, renderWeekPage, type SiteView, type WeekView } from './pages.ts';

const ledger = [
  { symbol: 'X', shape: '[B, D_in]', dims: ['B', 'D_in'], meaning: 'input' },
  { symbol: 'dW', shape: '[D_in, D_out]', dims: ['D_in', 'D_out'], meaning: 'grad' },
  { symbol: 'h', shape: '[B, 2 * D_out]', dims: ['B', '2 * D_out'], meaning: 'hidden' },
  { symbol: 'Z', shape: '[B]', dims: ['B'], meaning: 'never produced' },
];

function progress(status: WeekProgress['status']): WeekProgress {
  const passed = status === 'complete' ? 3 : 1;
  return { number: 1, slug: '01-x', title: 'T', status, noteWritten: true, categories: { shapes: { passed, total: 3 } }, tally: { passed, total: 3 }, checks: [], predictions: [] };
}

function view(over: Partial<WeekView> = {}): WeekView {
  return { number: 1, slug: '01-x', title: 'Title <i>&', summary: 'Sum', prompts: ['Why <b>?'], progress: progress('in progress'), notePath: 'weeks/01-x/notes.md', specHtml: '<p>SPEC</p>', ledger, ...over };
}

const site = (weeks: WeekView[]): SiteView => ({ tree: 'weeks', weeks, overall: { passed: 1, total: 3 } });

describe('the filled-in ledger', () => {
  const html = renderLedgerResult(ledger, { example: 'worked', dims: { B: 4, D_in: 3, D_out: 5 }, shapes: { X: [4, 3], dw: [5, 3], H: [4, 10] } });
  const row = (symbol: string) => html.split('<tr>').find((r) => r.includes(`<code>${symbol}</code>`)) ?? '';

  it('evaluates each ledger shape at the example dims, including expressions', () => {
    expect(row('X')).toContain('<code>[4, 3]</code></td><td><code>[4, 3]</code></td><td class="verdict ok">');
    expect(row('h')).toContain('<td><code>[4, 10]</code></td><td><code>[4, 10]</code></td><td class="verdict ok">');
  });

  it('flags a produced shape that differs from the prediction (dW transposed)', () => {
    expect(row('dW')).toContain('<code>[3, 5]</code></td><td><code>[5, 3]</code></td><td class="verdict bad"><span aria-hidden="true">✗</span><span class="verdict-word"> differs</span>');
  });

  it('says when a ledger row was not produced instead of claiming a match', () => {
    expect(row('Z')).toContain('verdict na');
    expect(row('Z')).not.toContain('matches');
  });
});

describe('result tables', () => {
  it('shows the code’s number beside the spec’s, marks disagreement and gives bytes a readable unit', () => {
    const html = renderResultTable({ title: 'Memory <x>', rows: [{ label: 'params', value: 9449472, expected: 9449472, unit: 'bytes' }, { label: 'saved', value: 10, expected: 11 }, { label: 'nan', value: null }] });
    expect(html).toContain('<caption><strong>Memory &lt;x&gt;</strong>');
    expect(html).toContain('<span class="num">9,449,472</span> <span class="unit">9.0 MiB</span>');
    const rows = html.split('<tr role="row">');
    expect(rows[3]).toContain('verdict bad');
    expect(rows[2]).toContain('verdict ok');
    expect(rows[4]).toContain('<td role="cell" class="n"><span class="cell-label" aria-hidden="true">The code says: </span>—</td>');
  });
});

describe('week pages', () => {
  it('an incomplete week shows its progress and spec, never a note, results or figure', () => {
    const html = renderWeekPage(site([view()]), view());
    expect(html).toContain('id="progress"');
    expect(html).toContain('<p>SPEC</p>');
    expect(html).not.toMatch(/id="note"|id="results"|class="chart"/);
  });

  it('a complete week shows results, figures and the note before the spec', () => {
    const complete = view({ progress: progress('complete'), complete: { results: { tables: [], figures: [], problems: [] }, figuresHtml: ['<figure class="chart">F</figure>'], noteHtml: '<p>MY NOTE</p>' } });
    const html = renderWeekPage(site([complete]), complete);
    const order = ['id="results"', 'class="chart"', '<p>MY NOTE</p>', '<p>SPEC</p>'].map((s) => html.indexOf(s));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('a complete week whose note is unwritten lists the prompts, escaped', () => {
    const complete = view({ progress: progress('complete'), complete: { results: { tables: [], figures: [], problems: [{ part: 'ledger', message: '<img onerror=x>' }] }, figuresHtml: [], noteHtml: undefined } });
    const html = renderWeekPage(site([complete]), complete);
    expect(html).toContain('<li>Why &lt;b&gt;?</li>');
    expect(html).toContain('<code>&lt;img onerror=x&gt;</code>');
  });

  it('escapes front matter everywhere it appears', () => {
    const html = renderWeekPage(site([view()]), view());
    expect(html).toContain('<h1>Title &lt;i&gt;&amp;</h1>');
    expect(html).toContain('<title>Week 1: Title &lt;i&gt;&amp; · Systems Track</title>');
    expect(html).not.toContain('<i>');
  });
});

describe('the index', () => {
  it('maps every week with its status and per-category progress, and the overall tally', () => {
    const weeks = [view(), view({ number: 2, slug: '02-y', title: 'Second', progress: undefined })];
    const html = renderIndex(site(weeks));
    expect(html).toContain('href="01-x.html"');
    expect(html).toContain('href="02-y.html"');
    expect(html).toContain('<progress max="3" value="1" aria-label="shapes: 1 of 3 checks pass">');
    expect(html).toContain('1 of 3 checks pass (33%)');
    expect(html).toContain('0 of 2 weeks complete');
    expect(html).toContain('not graded yet');
  });
});

describe('tables that keep their key columns in view on a phone', () => {
  it('identifiers offer line breaks between their words without changing their text', () => {
    expect(identifierHtml('positionEmbedding')).toBe('position<wbr>Embedding');
    expect(identifierHtml('ln1.gain')).toBe('ln1.<wbr>gain');
    expect(identifierHtml('dW')).toBe('dW');
    expect(identifierHtml('<b>')).toBe('&lt;b&gt;');
  });

  it('marks the ledger’s and result tables’ key columns, and gives each verdict a mark as well as a word', () => {
    const ledgerHtml = renderLedgerResult(ledger, { example: 'worked', dims: { B: 4, D_in: 3, D_out: 5 }, shapes: { X: [4, 3] } });
    expect(ledgerHtml).toContain('<th scope="col" class="key">Produced</th><th scope="col" class="key">Check</th>');
    expect(ledgerHtml).toContain('<td class="verdict ok"><span aria-hidden="true">✓</span><span class="verdict-word"> matches</span></td>');
    const results = renderResultTable({ title: 'M', rows: [{ label: 'p', value: 1, expected: 1 }] });
    expect(results).toContain('<th scope="col" role="columnheader" class="n key">The code says</th><th scope="col" role="columnheader" class="n key">The spec says</th>');
    expect(results).toContain('<table class="results stack" role="table">');
  });

  it('puts a prediction’s score next to its question, and labels every cell for the stacked phone layout, hidden from screen readers', () => {
    const result: PredictionResult = { id: 'q', kind: 'bytes', question: 'How <many>?', module: 'm', first: { text: '100', value: 100, at: '2026-01-01T00:00:00Z', codeStarted: false }, revisions: [], truth: 12582912, score: 'miss', ratio: 100 / 12582912 };
    const html = renderPredictions(view({ progress: { ...progress('complete'), predictions: [result] } }));
    const row = html.split('<tr role="row">')[2] ?? '';
    expect(row).toMatch(/^<th scope="row" role="rowheader">How &lt;many&gt;\?<\/th><td role="cell" class="verdict bad"><span class="cell-label" aria-hidden="true">Score: <\/span><span aria-hidden="true">✗<\/span> miss<\/td>/);
    expect(row).toContain('<span class="cell-label" aria-hidden="true">Your code says: </span>12,582,912 (12.0 MiB)');
    expect(html).toContain('<table class="predictions stack" role="table">');
  });
});
