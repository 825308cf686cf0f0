/**
 * Where a profile is kept, beside the bench's results: .course/profile.json (the learner's code) or
 * .course/profile.reference.json (the reference), written atomically through harness/outputs.ts.
 * `--week` and `--only` merge into what is stored: a partial run replaces only its own cases.
 * Grading reads it to put "your code did" beside a prediction's formula truth.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeOwned } from '../outputs.ts';
import type { ProfileReport, Tree, WeekReport } from './run.ts';

export function profilePath(root: string, tree: Tree): string {
  return join(root, '.course', tree === 'solutions' ? 'profile.reference.json' : 'profile.json');
}

function isReport(value: unknown, tree: Tree): value is ProfileReport {
  const v = value as ProfileReport;
  return typeof v === 'object' && v !== null && v.tree === tree && Array.isArray(v.weeks) && v.weeks.every((w) => typeof w.week === 'number' && Array.isArray(w.cases));
}

export function readProfile(root: string, tree: Tree): ProfileReport | undefined {
  const path = profilePath(root, tree);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return isReport(parsed, tree) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The stored report with `fresh`'s cases in place of the stored ones of the same id. */
export function mergeProfiles(stored: ProfileReport | undefined, fresh: ProfileReport): ProfileReport {
  if (!stored) return fresh;
  const weeks = new Map<number, WeekReport>(stored.weeks.map((w) => [w.week, { ...w, cases: [...w.cases] }]));
  for (const week of fresh.weeks) {
    const kept = weeks.get(week.week);
    if (!kept) {
      weeks.set(week.week, week);
      continue;
    }
    kept.predictions = week.predictions;
    kept.defined = week.defined;
    kept.cases = kept.cases.filter((c) => week.defined.includes(c.id));
    for (const c of week.cases) {
      const i = kept.cases.findIndex((k) => k.id === c.id);
      if (i >= 0) kept.cases[i] = c;
      else kept.cases.push(c);
    }
    kept.cases.sort((a, b) => week.defined.indexOf(a.id) - week.defined.indexOf(b.id));
  }
  return { ...fresh, weeks: [...weeks.values()].sort((a, b) => a.week - b.week) };
}

export function writeProfile(root: string, report: ProfileReport): string {
  const path = profilePath(root, report.tree);
  writeOwned(root, path, `${JSON.stringify(mergeProfiles(readProfile(root, report.tree), report), null, 2)}\n`);
  return path;
}
