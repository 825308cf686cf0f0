/**
 * Entry point of the child process that computes a week's prediction truths from the graded tree's
 * code (a program, like harness/cli.ts). Arguments: root tree slug resultFile. Writes a JSON object
 * { id: { value } | { error } } to the result file: learner code may print, so not to stdout.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadWeek } from '../course/load.ts';
import type { Truths } from './truths.ts';

const [root, tree, slug, resultFile] = process.argv.slice(2) as [string, string, string, string];
const week = loadWeek(root, slug);
const results: Record<string, { value: unknown } | { error: string }> = {};
try {
  const modules: Record<string, unknown> = {};
  for (const name of week.spec.modules) modules[name] = await import(pathToFileURL(join(root, tree, slug, `${name}.ts`)).href);
  const truths = (await import(pathToFileURL(join(root, 'weeks', slug, 'truths.ts')).href)).default as Truths<Record<string, unknown>>;
  for (const q of week.spec.predictions.filter((p) => !p.bench)) {
    try {
      const fn = truths[q.id];
      if (!fn) throw new Error(`weeks/${slug}/truths.ts has no truth for "${q.id}"`);
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
} catch (error) {
  for (const q of week.spec.predictions) results[q.id] ??= { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
writeFileSync(resultFile, JSON.stringify(results));
process.exit(0);
