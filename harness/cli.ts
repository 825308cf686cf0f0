/**
 * The only entry point: `tsx harness/cli.ts <command> [args]`, behind the npm scripts. Each command
 * is a module in harness/commands/ exporting `run(root, args)`, which reads its arguments with the
 * shared parser (harness/commands/args.ts); importing one does no work.
 */
import { fileURLToPath } from 'node:url';
import { CourseError } from './course/errors.ts';

type Command = { run(root: string, args: string[]): Promise<number> };

const COMMANDS: Record<string, () => Promise<Command>> = {
  test: () => import('./commands/test.ts'),
  grade: () => import('./commands/grade.ts'),
  watch: () => import('./commands/watch.ts'),
  hint: () => import('./commands/hint.ts'),
  reset: () => import('./commands/reset.ts'),
  site: () => import('./commands/site.ts'),
  demo: () => import('./commands/demo.ts'),
  preview: () => import('./commands/preview.ts'),
  bench: () => import('./commands/bench.ts'),
  profile: () => import('./commands/profile.ts'),
  train: () => import('./commands/train.ts'),
  measure: () => import('./commands/measure.ts'),
  'ci-grade': () => import('./commands/ci-grade.ts'),
};

const root = fileURLToPath(new URL('..', import.meta.url));

async function main([name, ...args]: string[]): Promise<number> {
  const load = name === undefined ? undefined : COMMANDS[name];
  if (!load) {
    console.error(`usage: tsx harness/cli.ts <${Object.keys(COMMANDS).join(' | ')}> [args]   (each command takes --help)`);
    return 2;
  }
  try {
    return await (await load()).run(root, args);
  } catch (error) {
    if (error instanceof CourseError) {
      console.error(`Course error: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
