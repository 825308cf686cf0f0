/**
 * Running learner code outside Vitest (a week's page, its prediction truths): the grader writes a
 * small entry that imports the learner's modules statically, bundles it with esbuild (so the child
 * needs no TypeScript loader, which would have to start processes and write a cache), and runs the
 * bundle in a child process under the permission model (flags.ts) with a wall-clock limit. The child
 * may write only its result file; whatever it returns is data for the caller to validate.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { parseJson, spawnLimited } from '../child.ts';
import { sandboxExecArgv } from './flags.ts';

export type SandboxRequest = {
  /** name → absolute path of a module to import (the learner's modules, a week's course file). */
  imports: Record<string, string>;
  /** Absolute path of a module exporting `main(imported, input)`, which returns JSON-able data. */
  program: string;
  /** Passed to main as JSON. */
  input: unknown;
  timeoutMs: number;
  /** esbuild plugins for the bundle (the profiler's source transform that counts the ops). */
  plugins?: Plugin[];
};

export type SandboxOutcome = { result: unknown } | { problem: string };

function entrySource(request: SandboxRequest): string {
  const names = Object.keys(request.imports);
  return [
    "import { readFileSync, writeFileSync } from 'node:fs';",
    ...names.map((name, i) => `import * as i${i} from ${JSON.stringify(request.imports[name])};`),
    `import { main } from ${JSON.stringify(request.program)};`,
    `const imported = { ${names.map((name, i) => `${JSON.stringify(name)}: i${i}`).join(', ')} };`,
    "const input = JSON.parse(readFileSync(process.argv[3], 'utf8'));",
    'const result = await main(imported, input);',
    'writeFileSync(process.argv[2], JSON.stringify(result));',
    '// Learner code may leave timers or handles open; the result is written, so stop here.',
    'process.exit(0);',
  ].join('\n');
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-6).join('\n') || 'no output';
}

export async function runSandboxed(request: SandboxRequest): Promise<SandboxOutcome> {
  const scratch = mkdtempSync(join(tmpdir(), 'systems-track-sandbox-'));
  try {
    const entry = join(scratch, 'entry.ts');
    const bundle = join(scratch, 'run.mjs');
    const resultFile = join(scratch, 'result.json');
    const inputFile = join(scratch, 'input.json');
    writeFileSync(entry, entrySource(request));
    writeFileSync(inputFile, JSON.stringify(request.input));
    try {
      await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, logLevel: 'silent', sourcemap: 'inline', plugins: request.plugins ?? [] });
    } catch (error) {
      const first = (error as { errors?: { text: string; location?: { file: string; line: number; column: number } }[] }).errors?.[0];
      const where = first?.location ? ` (${first.location.file}:${first.location.line}:${first.location.column})` : '';
      return { problem: `the code could not be loaded: ${first?.text ?? (error as Error).message}${where}` };
    }
    const args = [...sandboxExecArgv(scratch), '--enable-source-maps', bundle, resultFile, inputFile];
    const { child, closed } = spawnLimited(args, { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'], timeoutMs: request.timeoutMs });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    const { timedOut } = await closed;
    if (timedOut) return { problem: `the code ran longer than ${request.timeoutMs / 1000} s and was stopped` };
    if (!existsSync(resultFile)) return { problem: `the process ended without a result: ${lastLines(output)}` };
    const result = parseJson(readFileSync(resultFile, 'utf8'));
    return result === undefined ? { problem: 'the result was not valid JSON' } : { result };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
