/**
 * Where each file of a week lives. A week is two folders with the same name: `weeks/NN-slug/`, what
 * the learner reads and edits, and `solutions/NN-slug/`, the reference and the author's material.
 * Every path to a week's file is built here, so moving one is a one-line change.
 */
import { join } from 'node:path';

/** The two trees a week's modules can be graded from. */
export type ModuleTree = 'weeks' | 'solutions';

/** The author's files of a week, all in solutions/NN-slug/, each with the one role it plays. */
export const AUTHOR_FILES = {
  truths: 'truths.ts',
  page: 'page.ts',
  bench: 'bench.ts',
  profile: 'profile.ts',
  hints: 'hints.yaml',
  mutants: 'mutants.yaml',
  withheld: 'withheld.yaml',
  notes: 'notes.md',
  predictions: 'predictions.yaml',
} as const;
export type AuthorFile = keyof typeof AUTHOR_FILES;

/** The files of the learner's folder besides the modules and their tests. */
export const LEARNER_FILES = { spec: 'spec.md', notes: 'notes.md', predictions: 'predictions.yaml' } as const;

export function learnerDir(root: string, slug: string): string {
  return join(root, 'weeks', slug);
}

export function authorDir(root: string, slug: string): string {
  return join(root, 'solutions', slug);
}

/** A week module in a tree: weeks/NN-slug/linear.ts or solutions/NN-slug/linear.ts. */
export function modulePath(root: string, tree: ModuleTree | string, slug: string, module: string): string {
  return join(root, tree, slug, `${module}.ts`);
}

/** An author file of the week, absolute. */
export function authorFile(root: string, slug: string, file: AuthorFile): string {
  return join(authorDir(root, slug), AUTHOR_FILES[file]);
}

/** The same, relative to the root with forward slashes: for messages and git paths. */
export function authorFileShown(slug: string, file: AuthorFile): string {
  return `solutions/${slug}/${AUTHOR_FILES[file]}`;
}

export function learnerFileShown(slug: string, name: string): string {
  return `weeks/${slug}/${name}`;
}
