/**
 * Vega-lite specs for the figures hooks draw, as plain JSON with the data inline: hooks build them
 * in the child process, the builder renders them to SVG with vega (see figures.ts). One look for
 * every figure lives here.
 */
export type Row = Record<string, number | string>;

type Axis = { field: string; title: string; log?: boolean; format?: string };

const WIDTH = 560;
const HEIGHT = 280;

function base(title: string, description: string): Record<string, unknown> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, anchor: 'start', fontSize: 15, fontWeight: 600 },
    description,
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    config: { font: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif', axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eceff3' }, view: { stroke: null } },
  };
}

/** On a log axis, label only the powers of ten: vega's 1-2-5 ticks crowd into an unreadable column. */
const POWERS_OF_TEN = "abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) < 1e-6 ? datum.label : ''";

function axis(a: Axis): Record<string, unknown> {
  const labels = { ...(a.log ? { labelExpr: POWERS_OF_TEN } : {}), ...(a.format ? { format: a.format } : {}) };
  return {
    field: a.field,
    type: 'quantitative',
    title: a.title,
    ...(a.log ? { scale: { type: 'log' } } : {}),
    ...(Object.keys(labels).length ? { axis: labels } : {}),
  };
}

/** One line per value of `series` (or a single line), with points. */
export function lineChart(opts: { title: string; description: string; rows: Row[]; x: Axis; y: Axis; series?: string }): Record<string, unknown> {
  const color = opts.series ? { color: { field: opts.series, type: 'nominal', title: null, legend: { orient: 'top', direction: 'horizontal', labelLimit: 360, symbolStrokeWidth: 3 } } } : {};
  return {
    ...base(opts.title, opts.description),
    data: { values: opts.rows },
    mark: { type: 'line', point: opts.rows.length <= 40, strokeWidth: 2 },
    encoding: { x: axis(opts.x), y: axis(opts.y), ...color },
  };
}

/** A matrix as coloured cells, e.g. attention weights with query rows and key columns. */
export function heatmap(opts: { title: string; description: string; rows: Row[]; x: string; y: string; value: string; xTitle: string; yTitle: string }): Record<string, unknown> {
  const size = Math.min(WIDTH, 420);
  return {
    ...base(opts.title, opts.description),
    width: size,
    height: size,
    data: { values: opts.rows },
    mark: { type: 'rect' },
    encoding: {
      // No grid: on a band scale its lines run through the middle of every cell.
      x: { field: opts.x, type: 'ordinal', title: opts.xTitle, axis: { labelAngle: 0, grid: false } },
      y: { field: opts.y, type: 'ordinal', title: opts.yTitle, axis: { grid: false } },
      color: { field: opts.value, type: 'quantitative', title: opts.value, scale: { domain: [0, 1], range: ['#ffffff', '#1d5fa6'], interpolate: 'rgb' } }, // 0 is white: masked cells read as empty
    },
  };
}

/** Points, optionally grouped by colour; log axes for quantities spanning decades. */
export function scatter(opts: { title: string; description: string; rows: Row[]; x: Axis; y: Axis; series?: string }): Record<string, unknown> {
  const color = opts.series ? { color: { field: opts.series, type: 'nominal', title: null, legend: { orient: 'top', direction: 'horizontal', labelLimit: 360 } } } : {};
  return {
    ...base(opts.title, opts.description),
    data: { values: opts.rows },
    mark: { type: 'point', filled: true, size: 60 },
    encoding: { x: axis(opts.x), y: axis(opts.y), ...color },
  };
}

/**
 * Predicted against actual, log–log, with the diagonal where a prediction equals the truth and a
 * band of a factor of 2 either side (the "close" band). Points take their shape and colour from
 * the score, so colour is never the only cue.
 */
export function calibrationChart(opts: { title: string; description: string; rows: { actual: number; predicted: number; score: string; label: string }[] }): Record<string, unknown> {
  const values = opts.rows.flatMap((r) => [r.actual, r.predicted]).filter((v) => v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...values)));
  const line = (factor: number, kind: string) => [{ actual: lo, predicted: lo * factor, kind }, { actual: hi, predicted: hi * factor, kind }];
  const guides = [...line(1, 'equal to the truth'), ...line(2, 'twice the truth'), ...line(0.5, 'half the truth')];
  const scale = { type: 'log', domain: [lo, hi], nice: false };
  const labels = { labelExpr: POWERS_OF_TEN };
  const x = { field: 'actual', type: 'quantitative', title: 'your code’s answer', scale, axis: labels };
  const y = { field: 'predicted', type: 'quantitative', title: 'your first prediction', scale, axis: labels };
  return {
    ...base(opts.title, opts.description),
    height: Math.min(WIDTH, 420),
    width: Math.min(WIDTH, 420),
    layer: [
      { data: { values: guides }, mark: { type: 'line', strokeWidth: 1, color: '#8a94a6' }, encoding: { x, y, detail: { field: 'kind' }, strokeDash: { field: 'kind', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'horizontal' }, scale: { domain: ['equal to the truth', 'twice the truth', 'half the truth'], range: [[1, 0], [4, 3], [4, 3]] } } } },
      {
        data: { values: opts.rows.filter((r) => r.actual > 0 && r.predicted > 0) },
        mark: { type: 'point', filled: true, size: 70, opacity: 0.9 },
        encoding: {
          x,
          y,
          shape: { field: 'score', type: 'nominal', title: null, scale: { domain: ['hit', 'close', 'miss'], range: ['circle', 'square', 'triangle-up'] }, legend: { orient: 'top', direction: 'horizontal' } },
          color: { field: 'score', type: 'nominal', title: null, scale: { domain: ['hit', 'close', 'miss'], range: ['#1a7f37', '#b58100', '#c4302b'] }, legend: null },
        },
      },
    ],
  };
}
