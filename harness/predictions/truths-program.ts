/**
 * The child process's side of computing a week's prediction truths (run by harness/sandbox/run.ts):
 * given the graded tree's modules and the week's truths file, compute each asked truth. Returns
 * { id: { value } | { error } }; the parent validates it.
 */
import type { Truths } from './truths.ts';

export type TruthsInput = { slug: string; modules: string[]; questions: { id: string; given?: Record<string, number> }[] };

export async function main(imported: Record<string, unknown>, input: TruthsInput): Promise<Record<string, { value: unknown } | { error: string }>> {
  const modules = Object.fromEntries(input.modules.map((name) => [name, imported[name]]));
  const truths = (imported['#truths'] as { default?: Truths<Record<string, unknown>> }).default ?? {};
  const results: Record<string, { value: unknown } | { error: string }> = {};
  for (const q of input.questions) {
    try {
      const fn = truths[q.id];
      if (!fn) throw new Error(`weeks/${input.slug}/truths.ts has no truth for "${q.id}"`);
      const given = (name: string) => {
        const value = q.given?.[name];
        if (value === undefined) throw new Error(`prediction ${q.id} has no given.${name}`);
        return value;
      };
      results[q.id] = { value: await fn(modules, given) };
    } catch (error) {
      results[q.id] = { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  }
  return results;
}
