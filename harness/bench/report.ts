/**
 * Turning results into what a person reads: growth between neighbouring sizes, the KV-cache
 * summary, and a plain-text table. Pure functions, tested on tiny inputs in bench.test.ts.
 */
import type { CaseResult, Growth } from './schema.ts';
import { ratio } from './stats.ts';

const seconds = (r: CaseResult): number | null => (r.measured.status === 'ok' ? r.measured.medianSeconds : null);

/** Measured against predicted growth from each case to the next one in its series (ordered by x). */
export function growthOf(results: readonly CaseResult[]): Growth[] {
  const growth: Growth[] = [];
  const series = [...new Set(results.map((r) => r.series))];
  for (const name of series) {
    const inSeries = results.filter((r) => r.series === name).sort((a, b) => a.x - b.x);
    for (let i = 1; i < inSeries.length; i++) {
      const [prev, next] = [inSeries[i - 1]!, inSeries[i]!];
      growth.push({
        series: name,
        from: prev.id,
        to: next.id,
        predicted: ratio(prev.flops.value, next.flops.value),
        measured: ratio(seconds(prev), seconds(next)),
      });
    }
  }
  return growth;
}

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

function measuredText(r: CaseResult): string {
  switch (r.measured.status) {
    case 'ok':
      return durationText(r.measured.medianSeconds);
    case 'not-implemented':
      return `not implemented yet (week ${r.measured.week}: ${r.measured.fn})`;
    case 'timed-out':
      return `timed out (limit ${r.measured.limitSeconds} s)`;
    case 'error':
      return `error: ${r.measured.message}`;
  }
}

function growthText(g: Growth | undefined): string {
  if (!g || (g.measured === null && g.predicted === null)) return '';
  const fmt = (x: number | null) => (x === null ? '?' : `×${x.toFixed(2)}`);
  return `${fmt(g.measured)} vs ${fmt(g.predicted)}`;
}

/** Columns padded to their widest cell; the last column is left ragged. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const HEADER = ['case', 'FLOPs (predicted)', 'bytes (predicted)', 'median time', 'FLOP/s', 'growth: measured vs predicted'];

export function caseRow(r: CaseResult, growth: Growth | undefined): string[] {
  const flops = r.flops.value === null ? `— ${r.flops.note ?? ''}`.trim() : si(r.flops.value);
  const bytes = r.bytes.value === null ? `— ${r.bytes.note ?? ''}`.trim() : bytesText(r.bytes.value);
  const rate = r.flopsPerSecond === null ? '' : flopsPerSecondText(r.flopsPerSecond);
  return [r.label, flops, bytes, measuredText(r), rate, growthText(growth)];
}

/** One table per group, rows in run order, growth against the previous row of the same series. */
export function renderResults(results: readonly CaseResult[]): string {
  const growth = growthOf(results);
  const groups = [...new Set(results.map((r) => r.group))];
  return groups
    .map((group) => {
      const rows = results.filter((r) => r.group === group).map((r) => caseRow(r, growth.find((g) => g.to === r.id)));
      return `${group}\n${renderTable(HEADER, rows)}`;
    })
    .join('\n\n');
}

/** "per-token time from t=16 to t=128: ×1.3 with the KV cache (predicted ×1.1), ×7.9 without (predicted ×8.0)". */
export function kvCacheSummary(results: readonly CaseResult[]): string | undefined {
  const span = (series: string) => {
    const inSeries = results.filter((r) => r.series === series).sort((a, b) => a.x - b.x);
    const [first, last] = [inSeries[0], inSeries[inSeries.length - 1]];
    if (!first || !last || first === last) return undefined;
    return { first, last, measured: ratio(seconds(first), seconds(last)), predicted: ratio(first.flops.value, last.flops.value) };
  };
  const cached = span('decode with KV cache');
  const recompute = span('decode without cache');
  if (!cached || !recompute || cached.measured === null || recompute.measured === null) return undefined;
  const fmt = (x: number | null) => (x === null ? '?' : `×${x.toFixed(2)}`);
  return (
    `KV cache: from t=${cached.first.x} to t=${cached.last.x} the time per new token grew ${fmt(cached.measured)} with the cache ` +
    `(predicted ${fmt(cached.predicted)}) and ${fmt(recompute.measured)} without it (predicted ${fmt(recompute.predicted)}).`
  );
}
