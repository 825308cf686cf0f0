/**
 * Collect a complete week's results by running its page (solutions/NN-slug/page.ts) on the published
 * tree's modules in a sandboxed child with a time limit (harness/sandbox/run.ts), as grading does:
 * an infinite loop, a crash or a write in learner code costs that week's figures, never the build.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Week } from '../course/load.ts';
import { authorFile, modulePath } from '../course/paths.ts';
import type { Tree } from '../progress/document.ts';
import { runSandboxed } from '../sandbox/run.ts';
import { emptyResults, WeekResults } from './results.ts';
import type { PageInput } from './run-page.ts';

const PROGRAM = fileURLToPath(new URL('./run-page.ts', import.meta.url));

export type CollectRequest = { root: string; tree: Tree; week: Week; timeoutMs: number };

/** The week's page file: author material, the same whichever tree is published. */
export function pageFile(root: string, slug: string): string {
  return authorFile(root, slug, 'page');
}

/** What the page run imports: the week's modules from the published tree, and its page as '#page'. */
export function pageImports(root: string, tree: Tree, week: Week): Record<string, string> {
  const modules = Object.fromEntries(week.spec.modules.map((m) => [m, modulePath(root, tree, week.slug, m)]));
  return { ...modules, '#page': pageFile(root, week.slug) };
}

/** What the page run is given besides its imports: the spec's data. */
export function pageInput(root: string, tree: Tree, week: Week): PageInput {
  return { root, tree, slug: week.slug, ledger: week.ledger, examples: week.examples, modules: week.spec.modules };
}

export async function collectResults(request: CollectRequest): Promise<WeekResults> {
  const { root, tree, week } = request;
  if (!existsSync(pageFile(root, week.slug))) return emptyResults();
  const outcome = await runSandboxed({ imports: pageImports(root, tree, week), program: PROGRAM, input: pageInput(root, tree, week), timeoutMs: request.timeoutMs });
  if ('problem' in outcome) return emptyResults([{ part: 'results', message: outcome.problem.replace('the code ran longer', 'computing the results took longer') }]);
  const parsed = WeekResults.safeParse(outcome.result);
  if (parsed.success) return parsed.data;
  return emptyResults([{ part: 'results', message: `the results are malformed: ${parsed.error.issues[0]?.message ?? ''}` }]);
}
