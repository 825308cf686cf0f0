/**
 * `npm run measure -- <what>`: the measurement scripts behind the README's figures (speed is never a
 * test). Each is a module harness/measure/<what>.ts exporting `measure(root, args)`; they are found
 * by file name, never listed. Every figure they print says the command and the machine's load.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { oneOf, withArgs, type CommandSpec } from './args.ts';

const MEASURE_DIR = fileURLToPath(new URL('../measure/', import.meta.url));

export function measurements(): string[] {
  return existsSync(MEASURE_DIR) ? readdirSync(MEASURE_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => f.slice(0, -3)).sort() : [];
}

export const spec = {
  name: 'measure',
  summary: `Run a measurement behind the README's figures: ${measurements().join(', ') || '(none yet)'}.`,
  options: {
    runs: { type: 'string', value: 'N', help: 'repeat the measurement N times where it repeats (default: its own)', parse: (t: string) => Number(t) },
  },
  positionals: ['WHAT'],
} as const satisfies CommandSpec;

type Measurement = { measure(root: string, options: { runs?: number }): Promise<number> };

export function run(root: string, args: string[]): Promise<number> {
  return withArgs(spec, args, async ({ positionals, values }) => {
    const what = oneOf(measurements())(positionals[0]!);
    const module = (await import(join(MEASURE_DIR, `${what}.ts`))) as Measurement;
    return module.measure(root, { runs: values.runs });
  });
}
