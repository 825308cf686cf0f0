import { describe, expect, it } from 'vitest';
import { CHART_WIDTH, FONT_SIZE, MIN_TEXT_PX, PHONE_COLUMN, cellText, heatmap, inCourseStyle, lineChart, logTicks, wrapTitle } from './charts.ts';
import { renderSvg } from './figures.ts';

type Spec = Record<string, any>;

const doubling = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
const twoSeries = doubling.flatMap((t) => [
  { t, GFLOP: 0.25 + t / 1e4, mode: 'with the cache' },
  { t, GFLOP: 0.25 * t, mode: 'without: recompute all' },
]);

function chart(): Spec {
  return lineChart({ title: 'T', description: 'D', rows: twoSeries, x: { field: 't', title: 'positions', log: true }, y: { field: 'GFLOP', title: 'GFLOP', log: true }, series: 'mode', markers: [{ at: 300, label: 't = 300' }] });
}

/** The widest drawing vega makes of a spec, from its root <svg width="…">. */
async function svgWidth(spec: Spec): Promise<number> {
  return Number(/^<svg[^>]*\swidth="([\d.]+)"/.exec(await renderSvg(spec))?.[1]);
}

describe('charts are sized for a phone', () => {
  it('text of FONT_SIZE in a chart of CHART_WIDTH stays at least MIN_TEXT_PX in a phone’s column', () => {
    expect((FONT_SIZE * PHONE_COLUMN) / CHART_WIDTH).toBeGreaterThanOrEqual(MIN_TEXT_PX);
  });

  it('a line chart with a legend and a marker, and a heatmap, are drawn no wider than CHART_WIDTH', async () => {
    expect(await svgWidth(chart())).toBeLessThanOrEqual(CHART_WIDTH);
    const cells = Array.from({ length: 64 }, (_, i) => ({ q: Math.floor(i / 8), k: i % 8, w: i % 9 === 0 ? 1 : 0 }));
    expect(await svgWidth(heatmap({ title: 'T', description: 'D', rows: cells, x: 'k', y: 'q', value: 'w', xTitle: 'key position j', yTitle: 'query position i' }))).toBeLessThanOrEqual(CHART_WIDTH);
  });
});

describe('axes end near the data', () => {
  it('a log axis of data ending at 1,024 ends just past it, not at 10,000', () => {
    const x = chart().layer[0].encoding.x;
    expect(x.scale).toMatchObject({ type: 'log', nice: false });
    expect(x.scale.domain[1]).toBeGreaterThan(1024);
    expect(x.scale.domain[1]).toBeLessThan(1.1 * 1024);
    expect(x.scale.domain[0]).toBeGreaterThan(0.9);
  });

  it('a linear axis ends at the data, starting at zero only when asked', () => {
    const rows = [{ T: 256, GiB: 0.125 }, { T: 4096, GiB: 2 }];
    const plain: Spec = lineChart({ title: 'T', description: 'D', rows, x: { field: 'T', title: 'T' }, y: { field: 'GiB', title: 'GiB', zero: true } });
    expect(plain.layer[0].encoding.x.scale).toEqual({ zero: false, domain: [256, 4096], nice: false });
    expect(plain.layer[0].encoding.y.scale).toEqual({ zero: true, domain: [0, 2], nice: false });
  });

  it('labels powers of ten, or 1-2-5 steps when fewer than three powers fit', () => {
    expect(logTicks(0.018, 20)).toEqual([0.1, 1, 10]);
    expect(logTicks(64, 8192)).toEqual([100, 200, 500, 1000, 2000, 5000]);
    expect(logTicks(1, 8192)).toEqual([1, 10, 100, 1000]);
  });
});

describe('colour is never the only cue', () => {
  it('series differ in colour, dash (lines) and shape (points), one value each', () => {
    const [lines, points] = chart().layer;
    const { color, strokeDash } = lines.encoding;
    const { shape } = points.encoding;
    expect(points.encoding.color).toEqual(color);
    for (const channel of [color, strokeDash, shape]) {
      expect(channel.field).toBe('mode');
      expect(new Set(channel.scale.range.map(String)).size).toBe(2);
    }
  });

  it('a heatmap prints every cell’s value over its colour', () => {
    const spec: Spec = heatmap({ title: 'T', description: 'D', rows: [{ q: 0, k: 0, w: 1 }, { q: 1, k: 0, w: 0.534 }, { q: 1, k: 1, w: 0 }], x: 'k', y: 'q', value: 'w', xTitle: 'j', yTitle: 'i' });
    expect(spec.layer.map((l: Spec) => l.mark.type)).toEqual(['rect', 'text']);
    expect(spec.data.values.map((r: Spec) => r.label)).toEqual(['1', '.53', '0']);
    expect([cellText(0.05), cellText(-0.5)]).toEqual(['.05', '-.50']);
  });
});

describe('a figure drawn elsewhere, in the course’s style', () => {
  const roofline: Spec = {
    title: { text: 'Roofline', fontSize: 15 },
    width: 560,
    height: 400,
    config: { axis: { labelFontSize: 11 }, legend: { columns: 2 } },
    layer: [
      { mark: { type: 'line' }, encoding: { x: { field: 'i', title: 'arithmetic intensity: your FLOPs ÷ your bytes (FLOP/byte)' }, y: { field: 'g', title: 'GFLOP/s: your FLOPs ÷ the measured median' } } },
      { mark: { type: 'text', fontSize: 11 }, encoding: { text: { field: 'label' } } },
    ],
  };
  const styled: Spec = inCourseStyle(roofline);

  it('scales the plot to the course width keeping its aspect, and drops the title the caption carries', () => {
    expect(styled.width).toBe(300);
    expect(styled.height).toBe(Math.round((400 * 300) / 560));
    expect(styled.title).toBeUndefined();
  });

  it('sets the course’s fonts, no text mark below FONT_SIZE, and wraps axis titles to fit', () => {
    expect(styled.config.axis.labelFontSize).toBe(FONT_SIZE);
    expect(styled.layer[1].mark.fontSize).toBe(FONT_SIZE);
    expect(styled.layer[0].encoding.x.title).toEqual(wrapTitle('arithmetic intensity: your FLOPs ÷ your bytes (FLOP/byte)', 28));
    expect(styled.layer[0].encoding.x.title.length).toBeGreaterThan(1);
    expect(roofline.width).toBe(560); // the bench's own spec is left as it was
  });
});
