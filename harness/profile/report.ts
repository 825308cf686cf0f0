/**
 * What a person reads from a profile: per case, a table of the ops that ran (calls, the first call's
 * shapes, FLOPs by the op's convention, bytes its tensors read and returned, bytes it allocated),
 * then "your formula says" beside "your code did" (and, where they differ by more than 10 %, the op
 * whose count comes closest to the difference), the traffic through each cache model, and how each
 * series grows. Exact integers: nothing here depends on a clock, so two runs print the same text.
 */
import { describeGeometry, type CacheStats } from './cache.ts';
import type { OpCount } from './counter.ts';
import type { CaseOutcome, FormulaOutcome } from './program.ts';
import type { CaseReport, ProfileReport, WeekReport } from './run.ts';

/** 1234567 -> "1 234 567". */
export function exact(n: number): string {
  if (!Number.isInteger(n)) return Math.abs(n) >= 100 ? `≈${exact(Math.round(n))}` : n.toPrecision(4);
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

function pad(cells: string[][], right: boolean[]): string[] {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => row.map((cell, i) => (right[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}

/** What the formulas measure, and the case's count of the same thing. */
export const MEASURES = {
  flops: { label: 'FLOPs', unit: 'FLOPs', code: (o: CaseOutcome) => o.flops },
  held: { label: 'bytes held', unit: 'B', code: (o: CaseOutcome) => o.heldBytes },
  allocated: { label: 'bytes allocated', unit: 'B', code: (o: CaseOutcome) => o.allocatedBytes },
  traffic: { label: 'DRAM bytes (fully associative model)', unit: 'B', code: (o: CaseOutcome) => o.traffic?.caches.find((c) => c.geometry.ways === 'full')?.dramBytes },
} as const;

export type Measure = keyof typeof MEASURES; // the same words as define.ts's ProfileMeasure

export type Comparison = {
  measure: Measure;
  from: string;
  formula: number | null;
  code: number | null;
  /** (code − formula) / formula; null when either is missing or the formula is 0. */
  difference: number | null;
  /** Where |difference| > 10 %: the op whose count comes closest to the gap, and its count. */
  op?: { op: string; count: number };
  error?: string;
};

function opCount(op: OpCount, measure: Measure): number {
  return measure === 'flops' ? (op.flops ?? 0) : measure === 'allocated' || measure === 'held' ? op.allocatedBytes : op.bytesAccessed;
}

/** The op whose own count is nearest the gap (by ratio): the likeliest "which op made the difference". */
export function closestOp(ops: readonly OpCount[], gap: number, measure: Measure): { op: string; count: number } | undefined {
  let best: { op: string; count: number; score: number } | undefined;
  for (const op of ops) {
    const count = opCount(op, measure);
    if (count <= 0) continue;
    const score = Math.abs(Math.log(count / Math.abs(gap)));
    if (!best || score < best.score) best = { op: op.op, count, score };
  }
  return best && { op: best.op, count: best.count };
}

export function compare(outcome: CaseOutcome, measure: Measure, formula: FormulaOutcome): Comparison {
  const code = MEASURES[measure].code(outcome) ?? null;
  if ('error' in formula) return { measure, from: formula.from, formula: null, code, difference: null, error: formula.error };
  const difference = code === null || formula.value === 0 ? null : (code - formula.value) / formula.value;
  const comparison: Comparison = { measure, from: formula.from, formula: formula.value, code, difference };
  if (difference !== null && Math.abs(difference) > 0.1 && code !== null) {
    const op = closestOp(outcome.ops, code - formula.value, measure);
    if (op) comparison.op = op;
  }
  return comparison;
}

export function comparisons(outcome: CaseOutcome): Comparison[] {
  return (Object.keys(outcome.formulas) as Measure[]).filter((m) => m in MEASURES).map((m) => compare(outcome, m, outcome.formulas[m]!));
}

function percent(d: number): string {
  return `${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(1)} %`;
}

function comparisonLine(c: Comparison): string {
  const unit = MEASURES[c.measure].unit;
  if (c.error !== undefined) return `  ${MEASURES[c.measure].label}: your formula (${c.from}) threw ${c.error}`;
  const code = c.code === null ? 'not measured' : `${exact(c.code)} ${unit}`;
  const diff = c.difference === null ? '' : Math.abs(c.difference) <= 0.1 ? ` (${percent(c.difference)}: agree)` : ` (${percent(c.difference)})`;
  const op = c.op ? `; the op nearest the gap of ${exact(c.code! - c.formula!)} is ${c.op.op} (${exact(c.op.count)})` : '';
  return `  ${MEASURES[c.measure].label}: your formula says ${exact(c.formula!)} ${unit} (${c.from}); your code did ${code}${diff}${op}`;
}

function cacheLine(s: CacheStats): string {
  return (
    `  ${describeGeometry(s.geometry)}: ${exact(s.dramBytes)} B to and from DRAM ` +
    `(${exact(s.misses)} misses + ${exact(s.writeBacks)} write-backs, × ${s.geometry.lineBytes} B), hit rate ${(s.hitRate * 100).toFixed(2)} %`
  );
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function opTable(ops: readonly OpCount[]): string[] {
  const rows = ops.map((op) => [
    op.op,
    exact(op.calls),
    op.shapes[0] ? `${clip(op.shapes[0].signature, 64)}${op.shapes.length > 1 ? ` (+${op.shapes.length - 1} more)` : ''}` : '',
    op.flops === null ? '–' : exact(op.flops),
    op.bytesAccessed > 0 ? exact(op.bytesAccessed) : '–',
    `${exact(op.allocatedBytes)} (${op.allocations})`,
  ]);
  return pad([['op', 'calls', 'shapes (first call)', 'FLOPs', 'bytes in+out', 'allocated B (arrays)'], ...rows], [false, true, false, true, true, true]);
}

function caseLines(c: CaseReport): string[] {
  const head = `${c.id}: ${c.label}`;
  if ('problem' in c) return [head, `  did not run: ${c.problem}`];
  const o = c.outcome;
  const lines = [head, ...opTable(o.ops).map((l) => `  ${l}`)];
  lines.push(`  total: ${exact(o.flops)} FLOPs; ${exact(o.bytesAccessed)} B read and written by the primitives; ${exact(o.allocatedBytes)} B allocated in ${exact(o.allocations)} arrays; ${exact(o.heldBytes)} B held`);
  lines.push(...comparisons(o).map(comparisonLine));
  if (o.traffic) {
    lines.push(`  traced: ${exact(o.traffic.elementReads)} element reads, ${exact(o.traffic.elementWrites)} element writes, replayed through`);
    lines.push(...o.traffic.caches.map(cacheLine));
    const p = o.traffic.passes;
    if (p) lines.push(`  passes over the cache it keeps (${exact(p.bytes)} B): ${exact(p.readBytes)} B read + ${exact(p.writeBytes)} B written = ${p.passes.toFixed(2)} passes`);
  }
  return lines;
}

/** Per series: how allocated and held bytes (and FLOPs) grow per unit of x between neighbours. */
export function seriesLines(week: WeekReport): string[] {
  const bySeries = new Map<string, { x: number; o: CaseOutcome }[]>();
  for (const c of week.cases) {
    if (!c.series || c.x === undefined || !('outcome' in c)) continue;
    bySeries.set(c.series, [...(bySeries.get(c.series) ?? []), { x: c.x, o: c.outcome }]);
  }
  const lines: string[] = [];
  for (const [series, points] of bySeries) {
    const sorted = points.sort((a, b) => a.x - b.x);
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1]!, sorted[i]!];
      const dx = b.x - a.x;
      const per = (pick: (o: CaseOutcome) => number) => exact((pick(b.o) - pick(a.o)) / dx);
      lines.push(
        `${series}, ${a.x} → ${b.x}: per unit of x, FLOPs +${per((o) => o.flops)}, allocated +${per((o) => o.allocatedBytes)} B, held +${per((o) => o.heldBytes)} B`,
      );
    }
  }
  return lines;
}

export function renderProfile(report: ProfileReport): string {
  const lines = [
    `Profile of ${report.tree === 'solutions' ? 'the reference solutions' : 'your code (weeks/)'}: counts of what ran, the same on every run (no clocks).`,
    `Set-associative model: ${describeGeometry(report.l1d)} (${report.l1d.source}). DRAM bytes = (misses + write-backs) × line; dirty lines left at the end are written back.`,
  ];
  for (const p of report.problems) lines.push(`Problem: ${p}`);
  for (const week of report.weeks) {
    lines.push('', `Week ${week.week} (${week.file})`);
    for (const c of week.cases) lines.push('', ...caseLines(c));
    const series = seriesLines(week);
    if (series.length > 0) lines.push('', ...series);
  }
  return lines.join('\n');
}
