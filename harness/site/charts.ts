/**
 * Vega-lite specs for the figures week pages draw, as plain JSON with the data inline: pages build
 * them in the child process, the builder renders them to SVG with vega (see figures.ts). One look for
 * every figure lives here, and it is sized for a phone first:
 *
 * - The SVG scales down to the column's width and never up. A chart whose whole drawing (plot, axes,
 *   legend) is at most CHART_WIDTH wide, with text of FONT_SIZE, keeps its text at least MIN_TEXT_PX
 *   CSS pixels at the narrowest column, a 390-pixel phone's (PHONE_COLUMN); the browser test measures it.
 * - Axes end near the data: domains come from the data (log axes pad by a little), not from vega's
 *   "nice" rounding, which turns data ending at 1,024 into an axis ending at 10,000.
 * - vega lays text out without a browser, estimating 0.8 em per character, so a label of more than
 *   LABEL_CHARS characters would be cut to fit the plot's width (or widen the chart): keep series
 *   names and axis titles that short.
 * - Colour is never the only cue: series differ in dash and point shape too, heatmap cells print
 *   their value, and the legend sits below the plot in one column so it never widens the chart.
 */
export type Row = Record<string, number | string>;

/** `ticks`: the labelled values (default: powers of ten, or 1-2-5 steps on a short log span). `zero`: a linear axis starts at 0. */
export type Axis = { field: string; title: string; log?: boolean; format?: string; ticks?: number[]; zero?: boolean };

/** A vertical rule across the plot, labelled: where the caption says something happens. */
export type Marker = { at: number; label: string };

/** CSS pixels of chart column on a 390-pixel phone: the page's and the figure box's padding taken off. */
export const PHONE_COLUMN = 346;
/** The smallest text a reader should have to read, in CSS pixels. */
export const MIN_TEXT_PX = 11;
/** Text size inside every chart, in SVG pixels. */
export const FONT_SIZE = 13;
/** The widest a whole chart may be drawn, so that FONT_SIZE scaled to PHONE_COLUMN stays at least MIN_TEXT_PX. */
export const CHART_WIDTH = Math.floor((PHONE_COLUMN * FONT_SIZE) / MIN_TEXT_PX);
/** The plot area; axes and their titles take the rest of CHART_WIDTH. */
export const PLOT = { width: 300, height: 200 } as const;
/** The longest label (series name, axis title across) that vega's 0.8-em estimate fits in PLOT.width. */
export const LABEL_CHARS = Math.floor(PLOT.width / (0.8 * FONT_SIZE));

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
/** Series look: colour, dash and point shape all differ, so no series is told apart by colour alone. */
const COLOURS = ['#1d5fa6', '#c4501b', '#2a7f62', '#7a4fa0', '#8a6d00'];
const DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4]];
const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'triangle-down'];

/** The course's chart configuration: fonts, grid, legend below in one column. */
export function chartConfig(): Record<string, unknown> {
  return {
    font: FONT,
    axis: { labelFontSize: FONT_SIZE, titleFontSize: FONT_SIZE, titleFontWeight: 600, grid: true, gridColor: '#eceff3', labelOverlap: true },
    legend: { orient: 'bottom', direction: 'vertical', columns: 1, labelFontSize: FONT_SIZE, titleFontSize: FONT_SIZE, labelLimit: PLOT.width, symbolStrokeWidth: 2.5 },
    text: { fontSize: FONT_SIZE },
    view: { stroke: null },
  };
}

/**
 * The figure's title is its caption's first words (figures.ts), so the drawing carries none: on a
 * phone it would cost a line or three of the chart's height for the same words.
 */
function base(_title: string, description: string): Record<string, unknown> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description,
    width: PLOT.width,
    height: PLOT.height,
    background: 'white',
    config: chartConfig(),
  };
}

const round = (v: number) => Number(v.toPrecision(6));

/** Tick values on a log axis: the powers of ten inside [min, max], with 2 and 5 times them when fewer than three fit. */
export function logTicks(min: number, max: number): number[] {
  const first = Math.floor(Math.log10(min));
  const decades = Array.from({ length: Math.ceil(Math.log10(max)) - first + 1 }, (_, i) => 10 ** (first + i));
  const inside = (v: number) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9);
  const powers = decades.filter(inside);
  return (powers.length >= 3 ? powers : decades.flatMap((d) => [d, 2 * d, 5 * d]).filter(inside)).map(round);
}

function numbers(rows: readonly Row[], field: string): number[] {
  return rows.map((r) => r[field]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** Log-axis labels: 4,096 and 0.001 as written, a million and more with an SI prefix (1M, 1G). */
const LOG_LABEL = "datum.value >= 1e6 ? format(datum.value, '.3~s') : format(datum.value, ',~g')";

/** A log axis pads its domain by a few percent each way, so points and line ends sit inside the frame. */
const LOG_PAD = 1.08;

/** The encoding of one quantitative axis, its domain taken from the data. */
function axis(a: Axis, rows: readonly Row[]): Record<string, unknown> {
  const values = numbers(rows, a.field).filter((v) => !a.log || v > 0);
  const [min, max] = [Math.min(...values), Math.max(...values)];
  const domain = values.length === 0 ? undefined : a.log ? [min / LOG_PAD, max * LOG_PAD] : [a.zero ? Math.min(0, min) : min, max];
  const ticks = a.ticks ?? (a.log && values.length > 0 ? logTicks(min, max) : undefined);
  return {
    field: a.field,
    type: 'quantitative',
    title: a.title,
    scale: { ...(a.log ? { type: 'log' } : { zero: a.zero ?? false }), ...(domain ? { domain, nice: false } : {}) },
    axis: { ...(ticks ? { values: ticks } : {}), ...(a.format ? { format: a.format } : a.log ? { labelExpr: LOG_LABEL } : {}) },
  };
}

function seriesEncoding(field: string, names: readonly string[]): Record<string, unknown> {
  const scale = (range: readonly unknown[]) => ({ domain: names, range: names.map((_, i) => range[i % range.length]) });
  return {
    color: { field, type: 'nominal', title: null, scale: scale(COLOURS) },
    strokeDash: { field, type: 'nominal', title: null, scale: scale(DASHES) },
    shape: { field, type: 'nominal', title: null, scale: scale(SHAPES) },
  };
}

/** Where `at` falls across the x domain, from 0 (left) to 1 (right). */
function across(x: Record<string, unknown>, at: number): number {
  const scale = x.scale as { type?: string; domain?: [number, number] };
  if (!scale.domain) return 0;
  const [lo, hi] = scale.domain;
  return scale.type === 'log' ? Math.log(at / lo) / Math.log(hi / lo) : (at - lo) / (hi - lo);
}

/** A dashed rule per marker, its label on the side with more room. */
function markerLayers(markers: readonly Marker[], x: Record<string, unknown>): Record<string, unknown>[] {
  const field = String(x.field);
  return markers.flatMap((m) => {
    const data = { values: [{ [field]: m.at, label: m.label }] };
    const left = across(x, m.at) > 0.5;
    return [
      { data, mark: { type: 'rule', color: '#5d6678', strokeDash: [3, 3] }, encoding: { x } },
      { data, mark: { type: 'text', align: left ? 'right' : 'left', baseline: 'top', dx: left ? -4 : 4, y: 4, color: '#1c2230' }, encoding: { x, text: { field: 'label' } } },
    ];
  });
}

/** One line per value of `series` (or a single line), with points; `markers` draw labelled vertical rules. */
export function lineChart(opts: { title: string; description: string; rows: Row[]; x: Axis; y: Axis; series?: string; markers?: Marker[] }): Record<string, unknown> {
  const x = axis(opts.x, [...opts.rows, ...(opts.markers ?? []).map((m) => ({ [opts.x.field]: m.at }))]);
  const y = axis(opts.y, opts.rows);
  const names = opts.series ? [...new Set(opts.rows.map((r) => String(r[opts.series!])))] : [];
  const series = opts.series ? seriesEncoding(opts.series, names) : {};
  // Lines take the dash, points the shape (a line mark has no shape): one legend shows both.
  const { shape, ...lineSeries } = series as Record<string, unknown>;
  const single = opts.series ? {} : { color: COLOURS[0] };
  const layers = [
    { mark: { type: 'line', strokeWidth: 2, ...single }, encoding: { x, y, ...lineSeries } },
    ...(opts.rows.length <= 40 ? [{ mark: { type: 'point', filled: true, size: 45, opacity: 1, ...single }, encoding: { x, y, ...(opts.series ? { color: lineSeries.color, shape } : {}) } }] : []),
    ...markerLayers(opts.markers ?? [], x),
  ];
  return { ...base(opts.title, opts.description), data: { values: opts.rows }, layer: layers };
}

/** How a heatmap cell prints its value: "0" and "1" exactly, else two decimals without the leading zero. */
export function cellText(value: number): string {
  if (value === 0 || value === 1) return String(value);
  return value.toFixed(2).replace(/^(-?)0\./, '$1.');
}

/**
 * A matrix as coloured cells, e.g. attention weights with query rows and key columns. Every cell
 * prints its value (white on dark cells), so the figure reads without its colour; `0` is white, so
 * masked cells read as empty.
 */
export function heatmap(opts: { title: string; description: string; rows: Row[]; x: string; y: string; value: string; xTitle: string; yTitle: string }): Record<string, unknown> {
  const cells = new Set(opts.rows.map((r) => String(r[opts.x]))).size;
  const size = Math.min(PLOT.width, 36 * cells);
  const rows = opts.rows.map((r) => ({ ...r, label: cellText(Number(r[opts.value])) }));
  // No grid: on a band scale its lines run through the middle of every cell.
  const x = { field: opts.x, type: 'ordinal', title: opts.xTitle, axis: { labelAngle: 0, grid: false } };
  const y = { field: opts.y, type: 'ordinal', title: opts.yTitle, axis: { grid: false } };
  return {
    ...base(opts.title, opts.description),
    width: size,
    height: size,
    data: { values: rows },
    encoding: { x, y },
    layer: [
      { mark: { type: 'rect', stroke: '#eceff3', strokeWidth: 0.5 }, encoding: { color: { field: opts.value, type: 'quantitative', title: opts.value, legend: null, scale: { domain: [0, 1], range: ['#ffffff', '#1d5fa6'], interpolate: 'rgb' } } } },
      { mark: { type: 'text', fontSize: FONT_SIZE - 1 }, encoding: { text: { field: 'label' }, color: { condition: { test: `datum['${opts.value}'] > 0.5`, value: 'white' }, value: '#1c2230' } } },
    ],
  };
}

/** Points, optionally grouped by colour and shape; log axes for quantities spanning decades. */
export function scatter(opts: { title: string; description: string; rows: Row[]; x: Axis; y: Axis; series?: string }): Record<string, unknown> {
  const names = opts.series ? [...new Set(opts.rows.map((r) => String(r[opts.series!])))] : [];
  const { color, shape } = (opts.series ? seriesEncoding(opts.series, names) : {}) as Record<string, unknown>;
  return {
    ...base(opts.title, opts.description),
    data: { values: opts.rows },
    mark: { type: 'point', filled: true, size: 60 },
    encoding: { x: axis(opts.x, opts.rows), y: axis(opts.y, opts.rows), ...(color ? { color, shape } : {}) },
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
  const labels = { values: logTicks(lo, hi), labelExpr: LOG_LABEL };
  const x = { field: 'actual', type: 'quantitative', title: 'your code’s answer', scale, axis: labels };
  const y = { field: 'predicted', type: 'quantitative', title: 'your first prediction', scale, axis: labels };
  const side = Math.min(PLOT.width, 280);
  return {
    ...base(opts.title, opts.description),
    height: side,
    width: side,
    layer: [
      { data: { values: guides }, mark: { type: 'line', strokeWidth: 1, color: '#8a94a6', clip: true }, encoding: { x, y, detail: { field: 'kind' }, strokeDash: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['equal to the truth', 'twice the truth', 'half the truth'], range: [[1, 0], [4, 3], [4, 3]] } } } },
      {
        data: { values: opts.rows.filter((r) => r.actual > 0 && r.predicted > 0) },
        mark: { type: 'point', filled: true, size: 70, opacity: 0.9 },
        encoding: {
          x,
          y,
          shape: { field: 'score', type: 'nominal', title: null, scale: { domain: ['hit', 'close', 'miss'], range: ['circle', 'square', 'triangle-up'] } },
          color: { field: 'score', type: 'nominal', title: null, scale: { domain: ['hit', 'close', 'miss'], range: ['#1a7f37', '#b58100', '#c4302b'] } },
        },
      },
    ],
  };
}

type Spec = Record<string, unknown>;

function isRecord(value: unknown): value is Spec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A title in lines of at most `chars` characters, broken between words: vega would cut a longer one. */
export function wrapTitle(text: string, chars: number): string | string[] {
  if (text.length <= chars) return text;
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && `${last} ${word}`.length <= chars) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Axis titles of an encoding wrapped to what fits along the plot: its width across, its height up. */
function wrappedTitles(encoding: unknown, size: { width: number; height: number }): unknown {
  if (!isRecord(encoding)) return encoding;
  const fit = (channel: 'x' | 'y', extent: number) => {
    const def = encoding[channel];
    return isRecord(def) && typeof def.title === 'string' ? { [channel]: { ...def, title: wrapTitle(def.title, Math.floor(extent / (0.8 * FONT_SIZE))) } } : {};
  };
  return { ...encoding, ...fit('x', size.width), ...fit('y', size.height) };
}

/** Every text mark at least FONT_SIZE, every axis title wrapped to fit: a figure drawn elsewhere stays readable. */
function readable(spec: Spec, size: { width: number; height: number }): Spec {
  const mark = isRecord(spec.mark) && spec.mark.type === 'text' ? { mark: { ...spec.mark, fontSize: Math.max(Number(spec.mark.fontSize) || 0, FONT_SIZE) } } : {};
  const layer = Array.isArray(spec.layer) ? { layer: spec.layer.map((l) => (isRecord(l) ? readable(l, size) : l)) } : {};
  const encoding = spec.encoding === undefined ? {} : { encoding: wrappedTitles(spec.encoding, size) };
  return { ...spec, ...mark, ...layer, ...encoding };
}

/**
 * A figure built outside this file (the bench's roofline) in the course's look: no title (the caption
 * has it), the plot scaled to PLOT.width with its aspect kept (labels laid along its lines keep their
 * angle), the course's fonts, and no text smaller than FONT_SIZE. Its own configuration otherwise stands.
 */
export function inCourseStyle(spec: Spec): Spec {
  const [width, height] = [Number(spec.width), Number(spec.height)];
  const scale = width > PLOT.width ? PLOT.width / width : 1;
  const config = chartConfig();
  const own = isRecord(spec.config) ? spec.config : {};
  const merged = Object.fromEntries(Object.keys({ ...own, ...config }).map((k) => [k, isRecord(own[k]) && isRecord(config[k]) ? { ...own[k], ...config[k] } : (config[k] ?? own[k])]));
  const { title: _title, ...rest } = spec;
  const size = { width: width > 0 ? Math.round(width * scale) : PLOT.width, height: height > 0 ? Math.round(height * scale) : PLOT.height };
  return readable({ ...rest, width: size.width, height: size.height, config: merged }, size);
}
