/**
 * The shipped stubs: the week modules as the course published them, which `npm test` checks fail
 * and `reset` restores. They come from git, so a learner's work in weeks/ never hides them:
 * - `origin/HEAD` (the course as cloned) when the checkout has it;
 * - otherwise the working tree (an author's checkout, or a copy without git).
 * SYSTEMS_TRACK_STUBS=<git ref> or =worktree overrides the choice.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Week } from './load.ts';

export type StubSource = { kind: 'git'; ref: string } | { kind: 'worktree' };

function git(root: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

export function stubSource(root: string): StubSource {
  const override = process.env.SYSTEMS_TRACK_STUBS;
  if (override === 'worktree') return { kind: 'worktree' };
  if (override) return { kind: 'git', ref: override };
  return git(root, ['rev-parse', '--verify', '--quiet', 'origin/HEAD']) ? { kind: 'git', ref: 'origin/HEAD' } : { kind: 'worktree' };
}

export function describeStubSource(source: StubSource): string {
  return source.kind === 'git' ? `git ${source.ref}` : 'the working tree';
}

/** The shipped text of weeks/<slug>/<module>.ts. */
export function shippedModule(root: string, source: StubSource, slug: string, module: string): string {
  const path = `weeks/${slug}/${module}.ts`;
  if (source.kind === 'worktree') return readFileSync(join(root, path), 'utf8');
  const text = git(root, ['show', `${source.ref}:${path}`]);
  if (text === undefined) throw new Error(`${path} is not in ${describeStubSource(source)}: is it committed?`);
  return text;
}

/** Where the stubs project finds the shipped stubs: <root>/.stubs, or another top-level folder named by SYSTEMS_TRACK_STUBS_DIR. */
export function stubsDir(root: string): string {
  return join(root, process.env.SYSTEMS_TRACK_STUBS_DIR ?? '.stubs');
}

/**
 * Writes every week's shipped modules and their tests to <dir>/<slug>/, two levels below the root like
 * weeks/<slug>/, so their relative imports of ../../harness and ../<other week> still resolve.
 */
export function materialiseStubs(weeks: readonly Week[], root: string, source: StubSource, dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  for (const week of weeks) {
    mkdirSync(join(dir, week.slug), { recursive: true });
    // The shipped tests come along so that `npm test` can typecheck them against the shipped stubs.
    for (const module of week.spec.modules.flatMap((m) => [m, `${m}.test`])) {
      writeFileSync(join(dir, week.slug, `${module}.ts`), shippedModule(root, source, week.slug, module));
    }
  }
  return dir;
}
