/**
 * Collect a complete week's results by running its hook in a child process with a time limit, as
 * grading does: an infinite loop or a crash in learner code costs that week's figures, never the
 * build. The child runs in its own process group so a time-out kills everything it started.
 */
import { parseJson, spawnLimited } from '../child.ts';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hookPath, type Tree } from './hook.ts';
import { emptyResults, WeekResults } from './results.ts';

const SITE_DIR = fileURLToPath(new URL('.', import.meta.url));
/** The repository holding the harness (and tsx), which may differ from the course root in tests. */
const HARNESS_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type CollectRequest = {
  root: string;
  tree: Tree;
  slug: string;
  outDir: string;
  timeoutMs: number;
  /** Where hook files live; tests point this at fixtures. Default harness/site/hooks. */
  hooksDir?: string;
};

const HOOKS_DIR = join(SITE_DIR, 'hooks');

export function hasHook(slug: string, hooksDir = HOOKS_DIR): boolean {
  return existsSync(hookPath(hooksDir, slug));
}

/** The week slugs that have a hook file. */
export function hookSlugs(): string[] {
  return readdirSync(HOOKS_DIR)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => name.slice(0, -3));
}

export async function collectResults(request: CollectRequest): Promise<WeekResults> {
  if (!hasHook(request.slug, request.hooksDir)) return emptyResults();
  const scratch = mkdtempSync(join(tmpdir(), 'systems-track-site-'));
  try {
    return await runChild(request, join(scratch, 'results.json'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function runChild(request: CollectRequest, resultFile: string): Promise<WeekResults> {
  const args = ['--import', 'tsx', join(SITE_DIR, 'hook-main.ts'), request.root, request.tree, request.slug, request.outDir, hookPath(request.hooksDir ?? HOOKS_DIR, request.slug), resultFile];
  const { child, closed } = spawnLimited(args, { cwd: HARNESS_ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeoutMs: request.timeoutMs });
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


