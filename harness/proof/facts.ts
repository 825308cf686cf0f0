/**
 * The course's facts, said once or checked here: each shipped stub throws NotImplemented with its own
 * name and its folder's week, each shipped notes.md is the template of its front matter's prompts,
 * no file of the week's folder or an earlier one and no hint tier but the last hands over a formula
 * the week withholds (withheld.ts), and every check has a hint
 * (every hint a check). Read from the shipped course, never from a learner's working copy.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Course, Week } from '../course/load.ts';
import { noteTemplate } from '../course/notes.ts';
import { stubProblems } from '../course/stubs.ts';
import { computeTruths } from '../predictions/predict.ts';
import { parseAnswer } from '../predictions/parse.ts';
import { predictionsTemplate } from '../predictions/template.ts';
import type { TestResultEvent } from '../grade/events.ts';
import type { ProofCheck } from './check.ts';
import { withheldLeaks } from './withheld.ts';

function read(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** The course promises at least this many predictions a week. */
export const MIN_PREDICTIONS = 6;

function weekFacts(course: Course, shipped: string, week: Week): ProofCheck[] {
  const dir = join(shipped, week.slug);
  const stubs = week.spec.modules.map((m) => ({ module: m, text: read(join(dir, `${m}.ts`)) ?? '' }));
  const stubDetail = stubs.flatMap(({ module, text }) => stubProblems(text, week.number).map((p) => `weeks/${week.slug}/${module}.ts: ${p}`));
  const template = noteTemplate(week.spec.title, week.spec.prompts);
  const note = read(join(dir, 'notes.md'));
  const leaks = withheldLeaks(course, shipped, week);
  const predictions = read(join(dir, 'predictions.yaml'));
  const expected = predictionsTemplate(week.spec.title, week.spec.predictions);
  const kinds = new Set(week.spec.predictions.map((q) => q.kind));
  const missingKinds = [
    ...(['shape', 'bytes', 'flops'] as const).filter((k) => !kinds.has(k)),
    ...(kinds.has('choice') || kinds.has('ratio') ? [] : ['a bottleneck (choice) or growth (ratio) question']),
  ];
  const coverage = week.spec.predictions.length >= MIN_PREDICTIONS && missingKinds.length === 0;
  return [
    {
      group: 'course',
      name: `week ${week.number}: asks at least ${MIN_PREDICTIONS} predictions covering shapes, bytes, FLOPs and a bottleneck or growth`,
      passed: coverage,
      detail: coverage ? undefined : `${week.spec.predictions.length} questions; missing: ${missingKinds.join(', ') || 'none'}`,
    },
    {
      group: 'course',
      name: `week ${week.number}: predictions.yaml is the template of the spec's questions`,
      passed: predictions === expected,
      detail: predictions === expected ? undefined : `weeks/${week.slug}/predictions.yaml as shipped should read:\n${expected}`,
    },
    { group: 'course', name: `week ${week.number}: every stub throws NotImplemented with its own name and week ${week.number}`, passed: stubDetail.length === 0, detail: stubDetail.join('\n') || undefined },
    {
      group: 'course',
      name: `week ${week.number}: notes.md is the template of the spec's prompts`,
      passed: note === template,
      detail: note === template ? undefined : `weeks/${week.slug}/notes.md as shipped should read:\n${template}`,
    },
    { group: 'course', name: `week ${week.number}: no file of ${week.number === 1 ? 'week 1' : `weeks 1–${week.number}`} as shipped and no hint tier but the last states a withheld formula of week ${week.number}`, passed: leaks.length === 0, detail: leaks.join('\n') || undefined },
  ];
}

/** Facts about each week as shipped (the materialised stubs folder). */
export function courseFacts(course: Course, shipped: string): ProofCheck[] {
  return course.weeks.flatMap((week) => weekFacts(course, shipped, week));
}

/** Every check of the reference run has a hint, and every hint belongs to some check. */
export function hintCoverage(course: Course, reference: readonly TestResultEvent[]): ProofCheck[] {
  return course.weeks.map((week) => {
    const checks = reference.filter((r) => week.testFiles.includes(r.file));
    const without = checks.filter((c) => !week.hints.some((h) => c.fullName.includes(h.check))).map((c) => `no hint for ${c.file} > ${c.fullName}`);
    const unused = week.hints.filter((h) => !checks.some((c) => c.fullName.includes(h.check))).map((h) => `the hint "${h.check}" matches no check`);
    const problems = [...without, ...unused];
    return { group: 'course', name: `week ${week.number}: every check has a tiered hint and every hint a check`, passed: problems.length === 0 && checks.length > 0, detail: problems.join('\n') || undefined };
  });
}

/** Every code prediction's truth can be computed from the reference solutions, and reads as its kind asks. */
export async function truthsOnReference(course: Course): Promise<ProofCheck[]> {
  const weeks = course.weeks.filter((w) => w.spec.predictions.some((q) => !q.bench));
  const all = await computeTruths(course.root, 'solutions', weeks);
  return Promise.all(
    weeks.map(async (week) => {
      const truths = all.get(week.slug) ?? new Map();
      const problems = week.spec.predictions.filter((q) => !q.bench).flatMap((q) => {
        const truth = truths.get(q.id);
        if (!truth || truth.value === undefined) return [`${q.id}: ${truth?.error ?? 'no truth'}`];
        const read = parseAnswer(q.kind, truth.value, q.choices);
        return 'problem' in read ? [`${q.id}: the reference's truth ${JSON.stringify(truth.value)} is not ${q.kind}: ${read.problem}`] : [];
      });
      return { group: 'course', name: `week ${week.number}: every prediction's truth can be computed from the reference solutions`, passed: problems.length === 0, detail: problems.join('\n') || undefined };
    }),
  );
}
