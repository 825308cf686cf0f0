/**
 * From measurements to findings: each case placed on this machine's roofline, growth between
 * neighbouring sizes of a series (measured against the learner's formulas), a batch sweep's bend,
 * and the warnings a reader must see before trusting any of it. Pure functions over the schema.
 */
import { ceilingFor, type Ceilings } from './ceilings.ts';
import { achieved, bend, roofline, type Bend } from './roofline.ts';
import type { CaseResult, GroupInfo, Growth } from './schema.ts';
import { isBusy, median, ratio, SPREAD_WARNING } from './stats.ts';

export const seconds = (r: CaseResult): number | null => (r.measured.status === 'ok' ? r.measured.medianSeconds : null);

/** The roofline fields of a case, from its predictions, its median and the ceilings of the cores it uses. */
export function placeOnRoofline(r: CaseResult, ceilings: Ceilings | null, cores: number): CaseResult {
  const flops = r.flops.value;
  const bytes = r.bytes.value;
  const measured = seconds(r);
  const flopsPerSecond = flops !== null && measured !== null && measured > 0 ? flops / measured : null;
  if (!ceilings || flops === null || bytes === null || !(flops > 0) || !(bytes > 0)) return { ...r, roofline: null, flopsPerSecond, ofPeak: null, ofRoofline: null };
  const ceiling = ceilingFor(ceilings, r.cores === 'all' ? cores : 1);
  const point = roofline(flops, bytes, ceiling);
  const place = { ...r, roofline: { threads: ceiling.threads, ...point }, flopsPerSecond };
  if (measured === null || !(measured > 0)) return { ...place, ofPeak: null, ofRoofline: null };
  const got = achieved(flops, measured, point, ceiling);
  return { ...place, ofPeak: got.ofPeak, ofRoofline: got.ofRoofline };
}

/** The cases of each series in order of x. */
export function seriesOf(results: readonly CaseResult[]): Map<string, CaseResult[]> {
  const series = new Map<string, CaseResult[]>();
  for (const r of results) series.set(r.series, [...(series.get(r.series) ?? []), r]);
  for (const list of series.values()) list.sort((a, b) => a.x - b.x);
  return series;
}

/**
 * How many times longer b took than a, two cases sampled in the same rounds of one process (a
 * series): a slow spell of the machine lands on both samples of a round, so the median of the
 * per-round ratios cancels it, where the ratio of the two medians does not. Rounds that don't line
 * up (a case that failed part way) fall back to the ratio of the medians.
 */
export function pairedGrowth(a: { medianSeconds: number; samples: readonly number[] }, b: { medianSeconds: number; samples: readonly number[] }): number | null {
  const ofMedians = ratio(a.medianSeconds, b.medianSeconds);
  if (a.samples.length === 0 || a.samples.length !== b.samples.length) return ofMedians;
  const perRound = a.samples.map((s, i) => ratio(s, b.samples[i]!));
  return perRound.every((r) => r !== null) ? median(perRound as number[]) : ofMedians;
}

/** Growth from a to b, cases of one series; null unless both were measured. */
export function measuredGrowth(a: CaseResult, b: CaseResult): number | null {
  return a.measured.status === 'ok' && b.measured.status === 'ok' ? pairedGrowth(a.measured, b.measured) : null;
}

function growthBetween(series: string, a: CaseResult, b: CaseResult): Growth {
  return {
    series,
    from: a.id,
    to: b.id,
    predicted: ratio(a.flops.value, b.flops.value),
    predictedRoofline: ratio(a.roofline?.predictedSeconds ?? null, b.roofline?.predictedSeconds ?? null),
    measured: measuredGrowth(a, b),
  };
}

/** Measured against predicted growth from each case to the next one in its series. */
export function growthOf(results: readonly CaseResult[]): Growth[] {
  return [...seriesOf(results)].flatMap(([name, list]) => list.slice(1).map((r, i) => growthBetween(name, list[i]!, r)));
}

/** First to last size of every series with at least two cases: "t=16 → 128 grew ×1.31, predicted ×1.28". */
export function spansOf(results: readonly CaseResult[]): (Growth & { fromX: number; toX: number; xName: string })[] {
  return [...seriesOf(results)]
    .filter(([, list]) => list.length > 1)
    .map(([name, list]) => {
      const [first, last] = [list[0]!, list[list.length - 1]!];
      return { ...growthBetween(name, first, last), fromX: first.x, toX: last.x, xName: first.xName };
    });
}

export type Sweep = {
  group: string;
  series: string;
  xName: string;
  threads: number;
  /** On the measured ceilings. */
  bend: Bend;
  /** The same with the FLOP/s the kernel reached at the largest size in place of the compute ceiling: where it really stops being memory-bound. */
  achieved: { flopsPerSecond: number; bend: Bend } | null;
  points: { x: number; predictedSeconds: number; measuredSeconds: number | null }[];
};

/** A batch sweep's predicted bend on this machine's ceilings, and its points; undefined without the predictions. */
export function sweepOf(info: GroupInfo, results: readonly CaseResult[], ceilings: Ceilings | null): Sweep | undefined {
  if (!info.sweep || !ceilings) return undefined;
  const list = (seriesOf(results).get(info.sweep) ?? []).filter((r) => r.roofline && r.flops.value !== null && r.bytes.value !== null);
  if (list.length < 2) return undefined;
  const threads = list[0]!.roofline!.threads;
  const ceiling = ceilingFor(ceilings, threads);
  const points = list.map((r) => ({ x: r.x, flops: r.flops.value!, bytes: r.bytes.value! }));
  const reached = list[list.length - 1]!.flopsPerSecond;
  return {
    group: info.name,
    series: info.sweep,
    xName: list[0]!.xName,
    threads,
    bend: bend(points, ceiling),
    achieved: reached === null ? null : { flopsPerSecond: reached, bend: bend(points, { ...ceiling, flopsPerSecond: reached }) },
    points: list.map((r) => ({ x: r.x, predictedSeconds: r.roofline!.predictedSeconds, measuredSeconds: seconds(r) })),
  };
}

const percent = (x: number) => `${Math.round(x * 100)} %`;

/** Warnings about the ceilings: a measurement that failed or varied too much to be a ceiling. */
export function ceilingWarnings(ceilings: Ceilings | null | string): string[] {
  if (ceilings === null) return ['The ceilings were not measured: no case can be placed on the roofline.'];
  if (typeof ceilings === 'string') return [`The ceilings were not measured (${ceilings}): no case can be placed on the roofline.`];
  return ceilings.measured.flatMap((c) =>
    (
      [
        ['compute', c.flopsPerSecond.spread],
        ['memory bandwidth', c.bytesPerSecond.spread],
      ] as const
    )
      .filter(([, spread]) => isBusy(spread))
      .map(([what, spread]) => `The ${what} ceiling on ${c.threads} thread(s) varied by ${percent(spread)} between passes (more than ${percent(SPREAD_WARNING)}): the machine is busy, and the ceilings and every roofline figure are unreliable.`),
  );
}

/** One warning for all the cases whose samples spread too far. */
export function caseWarnings(results: readonly CaseResult[]): string[] {
  const busy = results.filter((r) => r.measured.status === 'ok' && r.measured.samples.length > 1 && isBusy(r.measured.spread));
  if (busy.length === 0) return [];
  const worst = [...busy].sort((a, b) => (b.measured as { spread: number }).spread - (a.measured as { spread: number }).spread)[0]!;
  return [
    `${busy.length} of ${results.length} cases varied by more than ${percent(SPREAD_WARNING)} between samples (worst: ${worst.label}, ${percent((worst.measured as { spread: number }).spread)}): the machine is busy and these figures are unreliable. Close other programs and run the bench again.`,
  ];
}
