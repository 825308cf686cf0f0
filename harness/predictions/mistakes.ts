/**
 * Known mistakes' values: each mutant of a week (solutions/NN-slug/mutants.yaml, a plausible wrong
 * implementation) is planted in a copy of the solutions and the week's truths are computed on it, so
 * a score can tell "your answer is what leaving out the bias gives" from a near miss. Values that
 * equal the reference's truth say nothing and are dropped. Computed for the questions asked, on all
 * mutants of their weeks, in one sandboxed child, and cached in .course/mistakes.json under a digest of
 * solutions/ and the harness (what the values depend on), so a grade does not recompute them.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import type { Course, Week } from '../course/load.ts';
import { digest, harnessDigest, treeDigest } from '../digest.ts';
import { plantMutant, readMutants } from '../course/mutants.ts';
import { writeOwned } from '../outputs.ts';
import { PredictedValue } from '../progress/document.ts';
import { courseDir } from '../progress/store.ts';
import { runTruths, type TruthsRun } from './compute.ts';

export const Mistake = z.object({ name: z.string(), value: PredictedValue });
export type Mistake = z.infer<typeof Mistake>;
/** slug → question id → the mistakes whose value differs from the reference's truth. */
export type Mistakes = Map<string, Map<string, Mistake[]>>;

const MistakesFile = z.object({ digest: z.string(), weeks: z.record(z.string(), z.record(z.string(), z.array(Mistake))) });
type MistakesFile = z.infer<typeof MistakesFile>;

/** All mutants of the weeks asked get this long, together. */
const MISTAKES_LIMIT_MS = 120_000;

export function mistakesPath(root: string): string {
  return join(courseDir(root), 'mistakes.json');
}

/** Answers and notes beside the reference change no truth. */
const NOT_CODE = new Set(['predictions.yaml', 'notes.md']);

/** The solutions but answers and notes, and the running harness: the mistakes' values change only when one of them does. */
export function sourceDigest(root: string): string {
  return digest(treeDigest(join(root, 'solutions'), (name) => !NOT_CODE.has(name)), harnessDigest());
}

function readCache(root: string, digest: string): MistakesFile {
  try {
    const parsed = MistakesFile.safeParse(JSON.parse(readFileSync(mistakesPath(root), 'utf8')));
    if (parsed.success && parsed.data.digest === digest) return parsed.data;
  } catch {
    // No cache, or an unreadable one: start afresh.
  }
  return { digest, weeks: {} };
}

const same = (a: PredictedValue, b: PredictedValue) => JSON.stringify(a) === JSON.stringify(b);

/** The questions of a week whose mistakes are wanted. */
export type Wanted = { week: Week; ids: string[] };

/** Plants the weeks' mutants, computes the wanted truths on each and on the reference, and returns each question's differing values. */
async function computeMistakes(course: Course, wanted: readonly Wanted[]): Promise<MistakesFile['weeks']> {
  const weeks = wanted.map((w) => w.week);
  const idsOf = (week: Week) => wanted.find((w) => w.week === week)!.ids;
  const { root } = course;
  const planted: { week: Week; name: string; dir: string; key: string }[] = [];
  try {
    for (const week of weeks) {
      for (const mutant of readMutants(root, week)) {
        const n = planted.length + 1;
        const dirName = `.mistake-${process.pid}-${n}`;
        try {
          planted.push({ week, name: mutant.name, dir: plantMutant(root, course.weeks, week, mutant, dirName).dir, key: `${week.slug}~${n}` });
        } catch {
          // A mutant whose edit no longer applies is the proof's to report; here it only teaches nothing.
          rmSync(join(root, dirName), { recursive: true, force: true });
        }
      }
    }
    const runs: TruthsRun[] = [
      ...weeks.map((week) => ({ key: week.slug, week, tree: 'solutions', ids: idsOf(week) })),
      ...planted.map((p) => ({ key: p.key, week: p.week, tree: relative(root, p.dir), ids: idsOf(p.week) })),
    ];
    const truths = await runTruths(root, runs, MISTAKES_LIMIT_MS);
    const out: MistakesFile['weeks'] = {};
    for (const week of weeks) {
      const reference = truths.get(week.slug);
      const byId: Record<string, Mistake[]> = {};
      for (const q of week.spec.predictions.filter((q) => idsOf(week).includes(q.id))) {
        const truth = reference?.get(q.id)?.value;
        byId[q.id] = planted.flatMap((p) => {
          const value = p.week === week ? truths.get(p.key)?.get(q.id)?.value : undefined;
          return value === undefined || truth === undefined || same(value, truth) ? [] : [{ name: p.name, value }];
        });
      }
      out[week.slug] = byId;
    }
    return out;
  } finally {
    for (const p of planted) rmSync(p.dir, { recursive: true, force: true });
  }
}

/**
 * The known mistakes' values of the wanted questions, from the cache when solutions/ and harness/ are
 * as they were when it was written; otherwise computed (the questions not cached only) and stored.
 * Only questions whose answer is not the truth need them, so a grade of right answers plants nothing.
 */
export async function knownMistakes(course: Course, wanted: readonly Wanted[]): Promise<Mistakes> {
  const { root } = course;
  const digest = sourceDigest(root);
  const cache = readCache(root, digest);
  const missing = wanted.map(({ week, ids }) => ({ week, ids: ids.filter((id) => cache.weeks[week.slug]?.[id] === undefined) })).filter((w) => w.ids.length > 0);
  if (missing.length > 0) {
    // A course whose mutants cannot be read or run scores without them; it never stops a grade.
    const none = () => Object.fromEntries(missing.map(({ week, ids }) => [week.slug, Object.fromEntries(ids.map((id) => [id, []]))]));
    const computed = await computeMistakes(course, missing).catch(none);
    for (const [slug, byId] of Object.entries(computed)) cache.weeks[slug] = { ...cache.weeks[slug], ...byId };
    if (existsSync(courseDir(root))) writeOwned(root, mistakesPath(root), `${JSON.stringify(cache, null, 2)}\n`);
  }
  return new Map(wanted.map(({ week }) => [week.slug, new Map(Object.entries(cache.weeks[week.slug] ?? {}))]));
}
