/**
 * A prediction's second truth: where a week's profile file names a case for a question, the
 * question's formula truth ("your formula says") gets "your code did" beside it, from the profile
 * `npm run profile` stored for the same tree, at the case's small size. Where the two differ by
 * more than 10 %, the op whose count comes closest to the gap is named (a copy, a transpose, a
 * temporary). A question with no stored profile gets a note with the command that measures it.
 */
import type { PredictionResult, ProfileTruth, Progress } from '../progress/document.ts';
import { compare, MEASURES } from './report.ts';
import { readProfile } from './store.ts';

export const PROFILE_COMMAND = { weeks: 'npm run profile', solutions: 'npm run profile -- --reference' } as const;

/** Question id → its profile truth, per week slug, from the stored profile of `tree`. */
export function profileTruths(root: string, tree: 'weeks' | 'solutions'): Map<string, Map<string, ProfileTruth>> {
  const out = new Map<string, Map<string, ProfileTruth>>();
  const report = readProfile(root, tree);
  for (const week of report?.weeks ?? []) {
    const truths = new Map<string, ProfileTruth>();
    for (const [id, link] of Object.entries(week.predictions ?? {})) {
      const c = week.cases.find((k) => k.id === link.case);
      if (!c || 'problem' in c) {
        truths.set(id, { case: link.case, measure: link.measure, pending: c ? `the profile case did not run: ${c.problem}` : `run ${PROFILE_COMMAND[tree]}` });
        continue;
      }
      const formula = c.outcome.formulas[link.measure];
      if (!formula) continue;
      const compared = compare(c.outcome, link.measure, formula);
      truths.set(id, {
        case: link.case,
        measure: link.measure,
        what: MEASURES[link.measure].label,
        from: compared.from,
        ...(compared.formula !== null ? { formula: compared.formula } : {}),
        ...(compared.code !== null ? { code: compared.code } : {}),
        ...(compared.difference !== null ? { difference: compared.difference } : {}),
        ...(compared.op ? { op: compared.op.op } : {}),
        ...(compared.error ? { pending: `your formula threw ${compared.error}` } : {}),
      });
    }
    out.set(week.slug, truths);
  }
  return out;
}

/** The progress with each linked prediction's `profile` field filled in (the other fields untouched). */
export function attachProfileTruths(root: string, progress: Progress): Progress {
  const truths = profileTruths(root, progress.tree);
  return {
    ...progress,
    weeks: progress.weeks.map((w) => {
      const week = truths.get(w.slug);
      if (!week || week.size === 0) return w;
      return { ...w, predictions: w.predictions.map((p): PredictionResult => (week.has(p.id) ? { ...p, profile: week.get(p.id)! } : p)) };
    }),
  };
}
