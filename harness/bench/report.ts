/**
 * What a person reads: the machine and its ceilings, one roofline table per group, growth across
 * each series, the batch sweep's bend, and the warnings. Pure functions of the results.
 */
import type { Sweep } from './analyse.ts';
import { ceilingFor, type Ceilings } from './ceilings.ts';
import { ridge } from './roofline.ts';
import type { CaseResult, GroupInfo, Growth, Machine } from './schema.ts';
import { isBusy } from './stats.ts';

/** Three significant digits without exponent notation: 1000 -> "1000", 12.345 -> "12.3". */
export function threeDigits(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3);
}

const SI = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const;

/** 1234567 -> "1.23 M": three significant digits with an SI prefix. */
export function si(value: number): string {
  const [scale, prefix] = SI.find(([s]) => Math.abs(value) >= s) ?? [1, ''];
  return `${threeDigits(value / scale)}${prefix ? ` ${prefix}` : ''}`;
}

/** Bytes with binary prefixes, as the course counts memory: KiB, MiB, GiB are powers of 1024. */
export function bytesText(value: number): string {
  const units = [[1024 ** 3, 'GiB'], [1024 ** 2, 'MiB'], [1024, 'KiB']] as const;
  const [scale, unit] = units.find(([s]) => value >= s) ?? [1, 'B'];
  return `${threeDigits(value / scale)} ${unit}`;
}

export function durationText(s: number): string {
  if (s >= 1) return `${threeDigits(s)} s`;
  if (s >= 1e-3) return `${threeDigits(s * 1e3)} ms`;
  return `${threeDigits(s * 1e6)} µs`;
}

/** "1.23 GFLOP/s", or "123 FLOP/s" without a prefix. */
export function flopsPerSecondText(value: number): string {
  const text = si(value);
  return /\d$/.test(text) ? `${text} FLOP/s` : `${text}FLOP/s`;
}

/** Bandwidth in decimal gigabytes per second (10⁹ B/s), as STREAM and the datasheets give it. */
export function bandwidthText(value: number): string {
  return `${threeDigits(value / 1e9)} GB/s`;
}

const percent = (x: number) => `${x >= 0.1 ? Math.round(x * 100) : threeDigits(x * 100)} %`;
const times = (x: number | null) => (x === null ? '?' : `×${x.toFixed(2)}`);

function measuredText(r: CaseResult): string {
  switch (r.measured.status) {
    case 'ok': {
      const m = r.measured;
      const spread = m.samples.length > 1 ? ` ±${Math.round((m.spread * 100) / 2)} %${isBusy(m.spread) ? ' (busy!)' : ''}` : '';
      return `${durationText(m.medianSeconds)}${spread}`;
    }
    case 'not-implemented':
      return `not implemented yet (week ${r.measured.week}: ${r.measured.fn})`;
    case 'timed-out':
      return `timed out (silent for ${r.measured.limitSeconds} s; --limit)`;
    case 'error':
      return `error: ${r.measured.message}`;
  }
}

/** Columns padded to their widest cell; the last column is left ragged. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const HEADER = ['case', 'FLOPs', 'bytes', 'FLOP/B', 'roofline', 'measured (median ± IQR/2)', 'achieved', 'of peak', 'of roofline', 'growth vs predicted'];

export function caseRow(r: CaseResult, growth: Growth | undefined): string[] {
  const predicted = (p: CaseResult['flops'], fmt: (v: number) => string) => (p.value === null ? `— ${p.note ?? ''}`.trim() : fmt(p.value));
  const line = r.roofline ? `${durationText(r.roofline.predictedSeconds)} ${r.roofline.bound === 'compute' ? 'compute' : 'memory'}` : '';
  return [
    r.label,
    predicted(r.flops, si),
    predicted(r.bytes, bytesText),
    r.roofline ? r.roofline.intensity.toPrecision(2) : '',
    line,
    measuredText(r),
    r.flopsPerSecond === null ? '' : flopsPerSecondText(r.flopsPerSecond),
    r.ofPeak === null ? '' : percent(r.ofPeak),
    r.ofRoofline === null ? '' : percent(r.ofRoofline),
    growth && (growth.measured !== null || growth.predicted !== null) ? `${times(growth.measured)} vs ${times(growth.predicted)}` : '',
  ];
}

/** Which clock timed the group's cases and the load they were sampled under: both sides of a ratio should share the first. */
export function clockLine(results: readonly CaseResult[]): string[] {
  const ok = results.flatMap((r) => (r.measured.status === 'ok' ? [r.measured] : []));
  if (ok.length === 0) return [];
  const clocks = [...new Set(ok.map((m) => m.clock))];
  const loads = ok.flatMap((m) => (m.load === undefined ? [] : [m.load]));
  const load = loads.length > 0 ? `; load ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} while sampled` : '';
  const clock = clocks.length === 1 ? `every case by the ${clocks[0] === 'wall' ? 'wall clock' : "process's CPU clock"}` : `by ${clocks.join(' and ')} clocks`;
  return [`timed: ${clock}${load}`];
}

/** A group's title, what its bytes count, and its table; growth is against the previous case of the same series. */
export function renderGroup(info: GroupInfo, results: readonly CaseResult[], growth: readonly Growth[]): string {
  const rows = results.map((r) => caseRow(r, growth.find((g) => g.to === r.id)));
  const notes = results.flatMap((r) => [
    ...r.notes.map((n) => `  ${r.label}: ${n}`),
    ...(r.ofRoofline !== null && r.ofRoofline > 1.05
      ? [`  ${r.label}: faster than its roofline, so fewer bytes moved from memory than its formula counts (the caches reused data the formula does not credit)`]
      : []),
  ]);
  return [
    `${info.name} — ${info.title} (${info.file})`,
    `bytes: ${info.bytes}`,
    ...clockLine(results),
    renderTable(HEADER, rows),
    ...notes,
  ].join('\n');
}

function cacheText(caches: Machine['caches']): string {
  const parts = (['l1d', 'l2', 'l3'] as const).flatMap((k) => (caches[k] === null ? [] : [`${k.toUpperCase()} ${bytesText(caches[k]!)}`]));
  return parts.length > 0 ? `; caches ${parts.join(', ')}` : '';
}

export function renderMachine(m: Machine, tree: string, commit: string | null): string {
  const load = m.loadAverage.length > 0 ? `; load average ${m.loadAverage[0]!.toFixed(2)} before the bench` : '';
  return `Bench of ${tree}/${commit ? ` at ${commit.slice(0, 10)}` : ''} on ${m.cores} × ${m.cpu}${cacheText(m.caches)}; Node ${m.node}${load}.`;
}

export function renderCeilings(ceilings: Ceilings): string {
  const spread = (s: number) => `±${Math.round((s * 100) / 2)} %`;
  const rows = ceilings.measured.map((c) => {
    const at = ceilingFor(ceilings, c.threads);
    return [
      `${c.threads} ${c.threads === 1 ? 'core' : 'cores'}`,
      `${flopsPerSecondText(c.flopsPerSecond.best)} (${spread(c.flopsPerSecond.spread)})`,
      `${bandwidthText(c.bytesPerSecond.best)} (${spread(c.bytesPerSecond.spread)})`,
      `${ridge(at).toPrecision(2)} FLOP/byte`,
    ];
  });
  return [
    'Ceilings of this machine for JavaScript (best pass; spread between passes in brackets):',
    renderTable(['', 'compute', 'memory bandwidth', 'ridge'], rows),
    `compute: ${ceilings.compute}; memory: ${ceilings.bandwidth}.`,
  ].join('\n');
}

export function renderSpans(spans: readonly (Growth & { fromX: number; toX: number; xName: string })[]): string {
  if (spans.length === 0) return '';
  const rows = spans.map((s) => [s.series, `${s.xName}=${s.fromX} → ${s.toX}`, times(s.measured), times(s.predicted), times(s.predictedRoofline)]);
  return [
    'Growth from the first to the last size of each series: measured (median of the per-round ratios), predicted by your FLOP formulas alone, and by the roofline of your FLOPs and bytes on these ceilings.',
    'Growth that follows the roofline column and not the FLOPs column says the kernel waits on moving bytes.',
    renderTable(['series', 'sizes', 'measured', 'FLOPs', 'roofline'], rows),
  ].join('\n');
}

function bendText(b: Sweep['bend'], xName: string): string {
  return b.kind === 'bends' ? `${xName} ≈ ${b.x.toPrecision(2)}` : b.kind;
}

export function renderSweep(sweep: Sweep): string {
  const { xName, points } = sweep;
  const where =
    sweep.bend.kind === 'bends'
      ? `the roofline bends at ${bendText(sweep.bend, xName)}: below it a step is memory-bound (reading the weights and the cache; time nearly flat), above it compute-bound (time grows with ${xName})`
      : `the roofline says ${sweep.bend.kind} over these sizes`;
  const [first, last] = [points[0]!, points[points.length - 1]!];
  const measured = first.measuredSeconds !== null && last.measuredSeconds !== null ? `×${(last.measuredSeconds / first.measuredSeconds).toFixed(2)}` : '?';
  const list = points.map((p) => `${xName}=${p.x} ${p.measuredSeconds === null ? '?' : durationText(p.measuredSeconds)}`).join(', ');
  const achieved = sweep.achieved
    ? ` At the ${flopsPerSecondText(sweep.achieved.flopsPerSecond)} the kernel reaches at ${xName}=${last.x}, arithmetic outweighs reading memory ${sweep.achieved.bend.kind === 'bends' ? `from ${bendText(sweep.achieved.bend, xName)}` : sweep.achieved.bend.kind === 'compute-bound throughout' ? `from the smallest ${xName}` : 'nowhere in this sweep'}.`
    : '';
  return (
    `Batch sweep (${sweep.series}): on this machine's ceilings ${where}. ` +
    `From ${xName}=${first.x} to ${last.x} the time per step grew ${measured} (roofline ×${(last.predictedSeconds / first.predictedSeconds).toFixed(2)}): ${list}.${achieved}`
  );
}

export function renderWarnings(warnings: readonly string[]): string {
  return warnings.map((w) => `Warning: ${w}`).join('\n');
}
