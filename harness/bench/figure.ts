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
const HEIGHT = 360;
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
/** Distinct shapes, one per series in order of appearance (vega's symbol names). */
const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'triangle-right', 'triangle-left', 'wedge', 'arrow', 'stroke', 'triangle'];
const COLOURS = ['#1d5fa6', '#d1495b', '#2a9d8f', '#e09f3e', '#6a4c93', '#3d405b', '#8ab17d', '#b5651d', '#00798c', '#c44569', '#5f0f40', '#7f7f7f'];
/** On a log axis, label only the powers of ten (as harness/site/charts.ts does). */
const POWERS_OF_TEN = "abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) < 1e-6 ? datum.label : ''";

type Point = { series: string; label: string; size: string; intensity: number; gflops: number; ofRoofline: number; side?: 'left' | 'right' };

function pointOf(r: CaseResult): Point[] {
  if (!r.roofline || r.flopsPerSecond === null || r.ofRoofline === null) return [];
  return [{ series: r.series, label: r.label, size: `${r.xName}=${r.x}`, intensity: r.roofline.intensity, gflops: r.flopsPerSecond / 1e9, ofRoofline: r.ofRoofline }];
}

const fmt = (x: number) => (x >= 10 ? x.toFixed(0) : x.toPrecision(2));
const pct = (x: number) => `${x >= 0.1 ? Math.round(x * 100) : (x * 100).toPrecision(1)} %`;

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
  const memoryLabels = lines.map((l, i) => {
    // Two thirds of the way (on the log scale) from where the slanted line enters the plot to the ridge.
    const enters = Math.max(xMin, (yMin * 1e9) / l.bytesPerSecond);
    const along = (enters ** (1 / 3) * ridge(l) ** (2 / 3)) / 1.5 ** i;
    return { text: `memory ${fmt(l.bytesPerSecond / 1e9)} GB/s (${coreName(l.n)})`, intensity: along, gflops: (attainable(along, l) / 1e9) * 1.1 };
  });
  const seriesNames = [...new Set(points.map((p) => p.series))];
  // Labels to the right of the points of every other series and to the left of the rest, so series at one intensity do not print over each other.
  for (const p of points) p.side = seriesNames.indexOf(p.series) % 2 === 0 ? 'right' : 'left';
  const x = { field: 'intensity', type: 'quantitative', scale: { type: 'log', domain: [xMin, xMax], nice: false }, title: 'arithmetic intensity: your FLOPs ÷ your bytes (FLOP/byte)', axis: { labelExpr: POWERS_OF_TEN } };
  const y = { field: 'gflops', type: 'quantitative', scale: { type: 'log', domain: [yMin, yMax], nice: false }, title: 'GFLOP/s: your FLOPs ÷ the measured median', axis: { labelExpr: POWERS_OF_TEN } };
  const series = { field: 'series', type: 'nominal', title: null, scale: { domain: seriesNames } };

  const ofRoofline = points.map((p) => p.ofRoofline);
  const best = points.reduce((a, b) => (b.ofRoofline > a.ofRoofline ? b : a));
  const one = ceilingFor(ceilings, 1);
  const description =
    `This machine's roofline as npm run bench measured it (${results.tree === 'solutions' ? 'the reference solutions' : 'your code'}, ${results.createdAt.slice(0, 10)}${results.quick ? ', a --quick run whose figures are not to be believed' : ''}), on log–log axes. ` +
    `The flat line is the compute ceiling plain JavaScript reaches here (${fmt(one.flopsPerSecond / 1e9)} GFLOP/s on one core), the slanted one the memory bandwidth (${fmt(one.bytesPerSecond / 1e9)} GB/s, a STREAM triad); they meet at the ridge, ${ridge(one).toPrecision(2)} FLOP/byte` +
    `${lines.length > 1 ? `; dashed, the same for all ${lines[lines.length - 1]!.n} cores` : ''}. No kernel can sit above the lower line at its intensity. ` +
    `Each of the ${points.length} points is one case, placed by the intensity your own FLOP and byte formulas give and the FLOP/s it reached; shape and colour name the series, the label its size. ` +
    `The cases reach ${pct(Math.min(...ofRoofline))} to ${pct(Math.max(...ofRoofline))} of their roofline (closest: ${best.label}).`;

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
      legend: { labelFontSize: 11, titleFontSize: 12, symbolSize: 80, labelLimit: 320, orient: 'bottom', columns: 2 },
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
        mark: { type: 'text', fontSize: 11, color: '#444', align: 'center', baseline: 'bottom', angle: (360 + angle) % 360, clip: true },
        encoding: { x, y, text: { field: 'text' } },
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
        data: { values: points.filter((p) => p.side === side) },
        mark: { type: 'text', fontSize: 11, align: side === 'right' ? 'left' : 'right', dx: side === 'right' ? 7 : -7, dy: -5, color: '#333' },
        encoding: { x, y, text: { field: 'size' } },
      })),
    ],
    resolve: { legend: { shape: 'shared', color: 'shared' } },
  };
  return { description, spec };
}
