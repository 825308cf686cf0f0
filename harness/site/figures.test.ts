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

  it('shows a problem instead of failing the build when a spec cannot be drawn', async () => {
    const html = await renderFigure({ id: 'bad', title: 'Bad', description: 'd', spec: { mark: 'nonsense-mark' } }, 'w');
    expect(html).toContain('This figure could not be drawn');
  });
});
