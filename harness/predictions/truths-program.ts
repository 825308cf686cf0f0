/**
 * The child process's side of computing prediction truths (run by harness/sandbox/run.ts): given the
 * graded tree's modules and the truths files of several weeks at once (one process, one bundle),
 * compute each asked truth. Returns { slug: { id: { value } | { error } } }; the parent validates it.
 */
import type { Truths } from './truths.ts';

export type TruthsWeek = { slug: string; modules: string[]; questions: { id: string; given?: Record<string, number> }[] };
export type TruthsInput = { weeks: TruthsWeek[] };
type Outcome = { value: unknown } | { error: string };

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function weekTruths(imported: Record<string, unknown>, week: TruthsWeek): Promise<Record<string, Outcome>> {
  const modules = Object.fromEntries(week.modules.map((name) => [name, imported[`${week.slug}/${name}`]]));
  const truths = (imported[`${week.slug}/#truths`] as { default?: Truths<Record<string, unknown>> }).default ?? {};
  const results: Record<string, Outcome> = {};
  for (const q of week.questions) {
    try {
      const fn = truths[q.id];
      if (!fn) throw new Error(`solutions/${week.slug}/truths.ts has no truth for "${q.id}"`);
      const given = (name: string) => {
        const value = q.given?.[name];
        if (value === undefined) throw new Error(`prediction ${q.id} has no given.${name}`);
        return value;
      };
      results[q.id] = { value: await fn(modules, given) };
    } catch (error) {
      results[q.id] = { error: message(error) };
    }
  }
  return results;
}

export async function main(imported: Record<string, unknown>, input: TruthsInput): Promise<Record<string, Record<string, Outcome>>> {
  const out: Record<string, Record<string, Outcome>> = {};
  for (const week of input.weeks) out[week.slug] = await weekTruths(imported, week);
  return out;
}
