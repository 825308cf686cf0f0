/**
 * The roofline figure for week 5's page: this machine's measured ceilings as lines on log–log axes
 * (arithmetic intensity across, FLOP/s up), and one labelled point per measured case, placed by the
 * intensity the learner's formulas give and the FLOP/s the clock gave. Every series has its own
 * shape as well as its own colour, and each point carries its size as text, so colour is never the
 * only cue. A pure function of the stored results: the page decides which tree's results to pass
 * (the published tree's, never another).
 */
import { ceilingFor } from './ceilings.ts';
import { attainable, ridge } from './roofline.ts';
import type { BenchResults, CaseResult } from './schema.ts';

export type Figure = { description: string; spec: Record<string, unknown> };

const WIDTH = 560;
const HEIGHT = 400;
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
/** Distinct, solid shapes, one per series in order of appearance: vega's symbols, then paths in the unit square. */
const SHAPES = [
  'circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'triangle-right', 'triangle-left',
  'M0,-1L0.24,-0.31L0.95,-0.31L0.38,0.12L0.59,0.81L0,0.4L-0.59,0.81L-0.38,0.12L-0.95,-0.31L-0.24,-0.31Z', // star
  'M-0.8,-0.55L-0.55,-0.8L0,-0.25L0.55,-0.8L0.8,-0.55L0.25,0L0.8,0.55L0.55,0.8L0,0.25L-0.55,0.8L-0.8,0.55L-0.25,0Z', // x
  'M0,-1L0.87,-0.5L0.87,0.5L0,1L-0.87,0.5L-0.87,-0.5Z', // hexagon
  'M0,-1L0.95,-0.31L0.59,0.81L-0.59,0.81L-0.95,-0.31Z', // pentagon
  'M-1,-0.45L1,-0.45L1,0.45L-1,0.45Z', // wide bar
  'M-0.45,-1L0.45,-1L0.45,1L-0.45,1Z', // tall bar
];
const COLOURS = ['#1d5fa6', '#d1495b', '#2a9d8f', '#e09f3e', '#6a4c93', '#3d405b', '#8ab17d', '#b5651d', '#00798c', '#c44569', '#5f0f40', '#7f7f7f', '#4d908e', '#a0522d'];
/** Tick values on a log axis: the powers of ten inside [min, max], with 2 and 5 times them when fewer than three powers fit. */
export function logTicks(min: number, max: number): number[] {
  const decades = Array.from({ length: Math.floor(Math.log10(max)) - Math.ceil(Math.log10(min) - 1) + 1 }, (_, i) => 10 ** (Math.ceil(Math.log10(min) - 1) + i));
  const inside = (v: number) => v >= min && v <= max;
  const powers = decades.filter(inside);
  const values = powers.length >= 3 ? powers : decades.flatMap((d) => [d, 2 * d, 5 * d]).filter(inside);
  return values.map((v) => Number(v.toPrecision(6)));
}

type Point = { series: string; label: string; x: number; size: string; intensity: number; gflops: number; ofRoofline: number; side?: 'left' | 'right' };

function pointOf(r: CaseResult): Point[] {
  if (!r.roofline || r.flopsPerSecond === null || r.ofRoofline === null) return [];
  return [{ series: r.series, label: r.label, x: r.x, size: `${r.xName}=${r.x}`, intensity: r.roofline.intensity, gflops: r.flopsPerSecond / 1e9, ofRoofline: r.ofRoofline }];
}

const fmt = (x: number) => (x >= 10 ? x.toFixed(0) : x.toPrecision(2));
// Number() turns toPrecision's '1e+1' (for 9.5 % to 10 %) back into 10.
const pct = (x: number) => `${x >= 0.1 ? Math.round(x * 100) : Number((x * 100).toPrecision(1))} %`;

/** undefined when there is nothing to draw: no ceilings, or no case measured with both predictions. */
export function rooflineFigure(results: BenchResults): Figure | undefined {
  const { ceilings } = results;
  if (!ceilings) return undefined;
  const points = results.cases.flatMap(pointOf);
  if (points.length === 0) return undefined;

  const threads = [...new Set(results.cases.flatMap((r) => (r.roofline ? [r.roofline.threads] : [])))].sort((a, b) => a - b);
  const lines = threads.map((n) => ({ n, ...ceilingFor(ceilings, n) }));
  const xs = [...points.map((p) => p.intensity), ...lines.map((l) => ridge(l))];
  const [xMin, xMax] = [Math.min(...xs) / 1.6, Math.max(...xs) * 1.6];
  const yMax = Math.max(...lines.map((l) => l.flopsPerSecond / 1e9)) * 1.5;
  const yMin = Math.min(...points.map((p) => p.gflops), ...lines.map((l) => attainable(xMin, l) / 1e9)) / 1.5;
  const coreName = (n: number) => `${n} ${n === 1 ? 'core' : 'cores'}`;
  const roof = lines.flatMap((l) =>
    [xMin, ridge(l), xMax].map((intensity, order) => ({ ceiling: coreName(l.n), order, intensity, gflops: attainable(intensity, l) / 1e9 })),
  );
  // The memory label runs along its slanted line: on log–log axes the slope is one decade per decade.
  const slope = (HEIGHT / Math.log10(yMax / yMin)) / (WIDTH / Math.log10(xMax / xMin));
  const angle = -(Math.atan(slope) * 180) / Math.PI;
  const computeLabels = lines.map((l) => ({ text: `compute ${fmt(l.flopsPerSecond / 1e9)} GFLOP/s (${coreName(l.n)})`, intensity: xMax / 1.05, gflops: (l.flopsPerSecond / 1e9) * 1.1 }));
  // Each memory label ends just before its ridge and runs back along its slanted line; it is short
  // because that line can be short on a narrow chart (the caption says it is the bandwidth).
  const memoryLabels = lines.map((l) => {
    const along = ridge(l) / 1.1;
    return { text: `${fmt(l.bytesPerSecond / 1e9)} GB/s${lines.length > 1 ? ` (${coreName(l.n)})` : ''}`, intensity: along, gflops: (attainable(along, l) / 1e9) * 1.08 };
  });
  const seriesNames = [...new Set(points.map((p) => p.series))];
  // Labels to the right of the points of every other series and to the left of the rest, so series at one intensity do not print over each other.
  // Near the right edge every label goes left, so no label widens the chart past its plot (a phone shrinks a wider one, text with it).
  const rightEdge = xMax / (xMax / xMin) ** 0.25;
  for (const p of points) p.side = p.intensity > rightEdge || seriesNames.indexOf(p.series) % 2 === 1 ? 'left' : 'right';
  // Only each series' largest size is labelled: the line through a series already orders its sizes, and a label on every point overprints.
  const largest = new Map(seriesNames.map((name) => [name, Math.max(...points.filter((p) => p.series === name).map((p) => p.x))]));
  const labelled = points.filter((p) => p.x === largest.get(p.series));
  const x = { field: 'intensity', type: 'quantitative', scale: { type: 'log', domain: [xMin, xMax], nice: false }, title: 'arithmetic intensity: your FLOPs ÷ your bytes (FLOP/byte)', axis: { values: logTicks(xMin, xMax), format: '~g' } };
  const y = { field: 'gflops', type: 'quantitative', scale: { type: 'log', domain: [yMin, yMax], nice: false }, title: 'GFLOP/s: your FLOPs ÷ the measured median', axis: { values: logTicks(yMin, yMax), format: '~g' } };
  const series = { field: 'series', type: 'nominal', title: null, scale: { domain: seriesNames } };

  const ofRoofline = points.map((p) => p.ofRoofline);
  const best = points.reduce((a, b) => (b.ofRoofline > a.ofRoofline ? b : a));
  const one = ceilingFor(ceilings, 1);
  const description =
    `This machine's roofline as npm run bench measured it (${results.tree === 'solutions' ? 'the reference solutions' : 'your code'}, ${results.createdAt.slice(0, 10)}${results.quick ? ', a --quick run whose figures are not to be believed' : ''}), on log–log axes. ` +
    `The flat line is the compute ceiling plain JavaScript reaches here (${fmt(one.flopsPerSecond / 1e9)} GFLOP/s on one core), the slanted one the memory bandwidth (${fmt(one.bytesPerSecond / 1e9)} GB/s, a STREAM triad); they meet at the ridge, ${ridge(one).toPrecision(2)} FLOP/byte` +
    `${lines.length > 1 ? `; dashed, the same for all ${lines[lines.length - 1]!.n} cores` : ''}. No kernel can sit above the lower line at its intensity. ` +
    `Each of the ${points.length} points is one case, placed by the intensity your own FLOP and byte formulas give and the FLOP/s it reached; shape and colour name the series, a thin line joins its sizes, and the label names its largest size. ` +
    `The cases reach ${pct(Math.min(...ofRoofline))} to ${pct(Math.max(...ofRoofline))} of their roofline (closest: ${best.label})` +
    `${Math.max(...ofRoofline) > 1.05 ? '; above 100 % a kernel ran faster than the bytes its formula counts allow, because the caches reused data the formula does not credit' : ''}.`;

  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Your kernels on this machine’s roofline', anchor: 'start', fontSize: 15, fontWeight: 600 },
    description,
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    config: {
      font: FONT,
      axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eceff3' },
      legend: { labelFontSize: 11, titleFontSize: 12, symbolSize: 80, symbolOpacity: 1, labelLimit: 320, orient: 'bottom', columns: 1 },
      view: { stroke: null },
    },
    layer: [
      {
        data: { values: roof },
        mark: { type: 'line', color: '#555', strokeWidth: 2, clip: true },
        encoding: { x, y, detail: { field: 'ceiling' }, order: { field: 'order' }, strokeDash: { field: 'ceiling', type: 'nominal', title: null, legend: null, scale: { domain: lines.map((l) => coreName(l.n)), range: lines.map((_, i) => (i === 0 ? [1, 0] : [6, 4])) } } },
      },
      {
        data: { values: computeLabels },
        mark: { type: 'text', fontSize: 11, color: '#444', align: 'right', baseline: 'bottom', clip: true },
        encoding: { x, y, text: { field: 'text' } },
      },
      {
        data: { values: memoryLabels },
        mark: { type: 'text', fontSize: 11, color: '#444', align: 'right', baseline: 'bottom', angle: (360 + angle) % 360, clip: true },
        encoding: { x, y, text: { field: 'text' } },
      },
      {
        // each series' sizes joined in order of size: how a kernel moves as its problem grows
        data: { values: points },
        mark: { type: 'line', strokeWidth: 1, opacity: 0.45 },
        encoding: { x, y, detail: { field: 'series' }, order: { field: 'x', type: 'quantitative' }, color: { ...series, scale: { domain: seriesNames, range: COLOURS } } },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 80, opacity: 0.9 },
        encoding: {
          x,
          y,
          shape: { ...series, scale: { domain: seriesNames, range: SHAPES } },
          color: { ...series, scale: { domain: seriesNames, range: COLOURS } },
          tooltip: [{ field: 'label' }, { field: 'gflops', format: '.3g', title: 'GFLOP/s' }, { field: 'intensity', format: '.3g', title: 'FLOP/byte' }],
        },
      },
      ...(['right', 'left'] as const).map((side) => ({
        data: { values: labelled.filter((p) => p.side === side) },
        mark: { type: 'text', fontSize: 11, align: side === 'right' ? 'left' : 'right', dx: side === 'right' ? 7 : -7, dy: -5, color: '#333' },
        encoding: { x, y, text: { field: 'size' } },
      })),
    ],
    resolve: { legend: { shape: 'shared', color: 'shared' } },
  };
  return { description, spec };
}
