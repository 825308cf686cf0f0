/**
 * Collect a complete week's results by running its page (weeks/NN-slug/page.ts) in a child process
 * with a time limit, as grading does: an infinite loop or a crash in learner code costs that week's
 * figures, never the build. The child runs in its own process group so a time-out kills everything
 * it started, and under the same permission model as grading (harness/grade/sandbox.ts).
 */
import { parseJson, spawnLimited } from '../child.ts';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tree } from '../progress/document.ts';
import { sandboxEnv, sandboxExecArgv } from '../grade/sandbox.ts';
import { emptyResults, WeekResults } from './results.ts';

const SITE_DIR = fileURLToPath(new URL('.', import.meta.url));
/** The repository holding the harness (and tsx), which may differ from the course root in tests. */
const HARNESS_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type CollectRequest = { root: string; tree: Tree; slug: string; timeoutMs: number };

/** The week's page file: a course file, the same whichever tree is published. */
export function pageFile(root: string, slug: string): string {
  return join(root, 'weeks', slug, 'page.ts');
}

export async function collectResults(request: CollectRequest): Promise<WeekResults> {
  const file = pageFile(request.root, request.slug);
  if (!existsSync(file)) return emptyResults();
  const scratch = mkdtempSync(join(tmpdir(), 'systems-track-site-'));
  try {
    return await runChild(request, file, join(scratch, 'results.json'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function runChild(request: CollectRequest, file: string, resultFile: string): Promise<WeekResults> {
  const args = [...sandboxExecArgv(dirname(resultFile)), '--import', 'tsx', join(SITE_DIR, 'page-main.ts'), request.root, request.tree, request.slug, file, resultFile];
  const { child, closed } = spawnLimited(args, { cwd: HARNESS_ROOT, env: sandboxEnv(), stdio: ['ignore', 'pipe', 'pipe'], timeoutMs: request.timeoutMs });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  return closed.then(({ timedOut }) => readResults(resultFile, timedOut, output, request.timeoutMs));
}

function readResults(resultFile: string, timedOut: boolean, output: string, timeoutMs: number): WeekResults {
  if (timedOut) return emptyResults([{ part: 'results', message: `computing the results took longer than ${timeoutMs / 1000} s and was stopped` }]);
  if (!existsSync(resultFile)) return emptyResults([{ part: 'results', message: `the results process ended without results: ${lastLines(output)}` }]);
  const parsed = WeekResults.safeParse(parseJson(readFileSync(resultFile, 'utf8')));
  if (parsed.success) return parsed.data;
  return emptyResults([{ part: 'results', message: `the results are malformed: ${parsed.error.issues[0]?.message ?? ''}` }]);
}

function lastLines(output: string): string {
  return output.trim().split('\n').slice(-6).join('\n') || 'no output';
}
