import { describe, expect, it } from 'vitest';
import { lineChart } from './charts.ts';
import { renderFigure } from './figures.ts';

describe('figures', () => {
  it('renders a vega-lite spec to inline SVG in Node, with its title, a role and a text alternative', async () => {
    const spec = lineChart({ title: 'Loss <falls>', description: 'desc', rows: [{ step: 0, loss: 1.1 }, { step: 1, loss: 0.4 }], x: { field: 'step', title: 'step' }, y: { field: 'loss', title: 'loss' } });
    const html = await renderFigure({ id: 'loss', title: 'Loss <falls>', description: 'It falls from 1.1 to 0.4 & stays.', spec }, '02-x');
    expect(html).toMatch(/<svg role="img" aria-labelledby="fig-02-x-loss-alt" preserveAspectRatio="xMinYMin meet" xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(html).toContain('<path'); // the line itself
    expect(html).toContain('Loss &lt;falls&gt;'); // vega escapes the title inside the SVG
    expect(html).toContain('<span id="fig-02-x-loss-alt">It falls from 1.1 to 0.4 &amp; stays.</span>');
    expect(html).not.toMatch(/<script|<foreignObject/i);
  });

  it('gives a figure the same ids whenever it is drawn, prefixed with its own id (vega counts them per process)', async () => {
    const rows = [{ i: 0, j: 0, w: 0.25 }, { i: 0, j: 1, w: 0.75 }, { i: 1, j: 0, w: 1 }];
    // A quantitative colour gets a gradient legend: one <linearGradient> with a process-wide number.
    const spec = { data: { values: rows }, mark: 'rect', encoding: { x: { field: 'j', type: 'ordinal' }, y: { field: 'i', type: 'ordinal' }, color: { field: 'w', type: 'quantitative' } } };
    const first = await renderFigure({ id: 'weights', title: 'Weights', description: 'd', spec }, '03-x');
    const again = await renderFigure({ id: 'weights', title: 'Weights', description: 'd', spec }, '03-x');
    expect(again).toBe(first);
    const defined = [...first.matchAll(/<(?:linearGradient|radialGradient|clipPath)[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(defined.length).toBeGreaterThan(0); // the colour legend's gradient
    expect(defined.every((id) => id!.startsWith('fig-03-x-weights-def-'))).toBe(true);
    for (const id of defined) expect(first).toContain(`url(#${id})`);
  });

  it('shows a problem instead of failing the build when a spec cannot be drawn', async () => {
    const html = await renderFigure({ id: 'bad', title: 'Bad', description: 'd', spec: { mark: 'nonsense-mark' } }, 'w');
    expect(html).toContain('This figure could not be drawn');
  });
});
