/**
 * Starts a training run in a child process under the permission model (harness/sandbox/flags.ts), the
 * way the truths and pages run learner code: an entry that imports the tree's week 4 and week 7 modules
 * is bundled with esbuild, and the child may read files but write only into .course/train/. Its
 * progress lines stream straight to this terminal.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { spawnLimited } from '../child.ts';
import { ensureDir } from '../outputs.ts';
import { sandboxExecArgv } from '../sandbox/flags.ts';
import type { TrainInput } from './loop.ts';

const LOOP = fileURLToPath(new URL('./loop.ts', import.meta.url));
export const WEEK7 = '07-shakespeare';
const MODULES = { backprop: WEEK7, adamw: WEEK7, data: WEEK7, budget: WEEK7, sample: WEEK7, decoder: '04-decoder' } as const;

export function trainOutDir(root: string): string {
  return join(root, '.course', 'train');
}

/** Runs the loop to the end; the exit code of the child (0 when it finished), or a sentence saying why it could not start. */
export async function runTraining(root: string, tree: 'weeks' | 'solutions', input: Omit<TrainInput, 'outDir'>): Promise<number | string> {
  const outDir = trainOutDir(root);
  ensureDir(root, outDir);
  const scratch = mkdtempSync(join(tmpdir(), 'systems-track-train-'));
  try {
    const entry = join(scratch, 'entry.ts');
    const bundle = join(scratch, 'run.mjs');
    const imports = Object.entries(MODULES).map(([name, week]) => `import * as ${name} from ${JSON.stringify(join(root, tree, week, `${name === 'decoder' ? 'decoder' : name}.ts`))};`);
    writeFileSync(
      entry,
      [
        ...imports,
        `import { main } from ${JSON.stringify(LOOP)};`,
        // A learner's unfinished stub or bug ends the run with one line naming it, not a stack trace.
        `try { await main({ ${Object.keys(MODULES).join(', ')} }, ${JSON.stringify({ ...input, outDir })}); }`,
        "catch (error) { console.error(`the run stopped: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`); process.exit(1); }",
        'process.exit(0);',
      ].join('\n'),
    );
    try {
      await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, logLevel: 'silent', sourcemap: 'inline' });
    } catch (error) {
      const first = (error as { errors?: { text: string; location?: { file: string; line: number } }[] }).errors?.[0];
      return `the code could not be loaded: ${first?.text ?? (error as Error).message}${first?.location ? ` (${first.location.file}:${first.location.line})` : ''}`;
    }
    const limitMs = (input.config.minutes * 60 + 600) * 1000; // the steps, then validation, checkpoint and sample
    const { closed } = spawnLimited([...sandboxExecArgv(outDir), '--enable-source-maps', '--single-threaded-gc', bundle], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], timeoutMs: limitMs });
    const { code, timedOut } = await closed;
    return timedOut ? `the run passed its limit of ${limitMs / 60000} minutes and was stopped` : (code ?? 1);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
