/**
 * Where a CI grade gets its two commits: the learner's (the fork's pushed commit) and the course as
 * shipped that the fork started from. Both histories are read in a scratch repository of our own in
 * the temporary folder: a local repository is borrowed through git's alternates (nothing copied,
 * nothing written into it), a URL is fetched. Only plumbing runs there (rev-parse, merge-base,
 * ls-tree, cat-file); no checkout, no hooks, no configuration from the fork.
 *
 * The course commit is the newest commit whose week modules are all pure stubs (the definition of
 * harness/course/shipped.ts), searched from the merge base with the upstream when one is named —
 * a commit the upstream holds, so the fork cannot have written it — or else from the learner's commit
 * in the fork's own history, which a learner could rewrite. SYSTEMS_TRACK_STUBS=<ref> names it.
 */
import { appendFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stubShape } from '../course/stubs.ts';
import { git, readBlobs } from '../git.ts';
import { assertOwned } from '../outputs.ts';

/** A CI grade that cannot start: the message says what to do. */
export class CiGradeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CiGradeError';
  }
}

export type Histories = {
  /** The scratch repository every git command runs in. */
  repo: string;
  learnerCommit: string;
  /** The upstream's tip, when an upstream was named. */
  upstreamCommit?: string;
  close(): void;
};

export type CourseCommit = { commit: string; how: string; trustsFork: boolean };

const HISTORY_LIMIT = 500;
const REMOTE = /^(https?|ssh|git|file):\/\/[^\s]+$|^[\w.-]+@[\w.-]+:[^\s]+$/;
const REF = /^(?!-)[\w./@{}^~-]+$/;

function gitOrThrow(repo: string, args: string[], why: string): string {
  const out = git(repo, args);
  if (out === undefined) throw new CiGradeError(why);
  return out.trim();
}

export type TreeEntry = { mode: string; type: string; id: string; size: number; path: string };

/** Every entry below `paths` (all when empty) of a commit, with blob sizes. */
export function listTree(repo: string, commit: string, paths: readonly string[] = []): TreeEntry[] {
  const out = git(repo, ['ls-tree', '-r', '-z', '--long', '--full-tree', commit, '--', ...paths]) ?? '';
  return out.split('\0').filter(Boolean).map((line) => {
    const [meta, path] = [line.slice(0, line.indexOf('\t')), line.slice(line.indexOf('\t') + 1)];
    const [mode, type, id, size] = meta.split(/\s+/);
    return { mode: mode!, type: type!, id: id!, size: Number(size) || 0, path };
  });
}

function isLocal(source: string): boolean {
  return existsSync(source) && statSync(source).isDirectory();
}

/** Lends a local repository's objects to the scratch repository and resolves `ref` there. */
function borrow(repo: string, source: string, ref: string, what: string): string {
  const dir = resolve(source);
  if (git(dir, ['rev-parse', '--is-shallow-repository'])?.trim() === 'true') {
    throw new CiGradeError(`${what} ${dir} is a shallow clone: the course commit is in the history it lacks. Fetch it all (git fetch --unshallow; actions/checkout with fetch-depth: 0).`);
  }
  const common = gitOrThrow(dir, ['rev-parse', '--path-format=absolute', '--git-common-dir'], `${what} ${dir} is not a git repository`);
  appendFileSync(assertOwned(repo, join(repo, '.git', 'objects', 'info', 'alternates')), `${join(common, 'objects')}\n`);
  return gitOrThrow(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], `${what} ${dir} has no commit ${ref}`);
}

/** Fetches `ref` (and its history) from a URL into the scratch repository. */
function fetch(repo: string, url: string, ref: string, name: string, what: string): string {
  if (!REMOTE.test(url)) throw new CiGradeError(`${what} "${url}" is neither a folder nor a git URL (https://…, ssh://…, git@host:path)`);
  const local = `refs/systems-track/${name}`;
  gitOrThrow(repo, ['fetch', '--quiet', '--no-tags', '--end-of-options', url, `+${ref}:${local}`], `could not fetch ${ref} from ${what} ${url}`);
  return gitOrThrow(repo, ['rev-parse', '--verify', `${local}^{commit}`], `${what} ${url} has no commit ${ref}`);
}

function commitOf(repo: string, source: string, ref: string, name: string, what: string): string {
  if (!REF.test(ref)) throw new CiGradeError(`${what}: "${ref}" is not a git ref`);
  return isLocal(source) ? borrow(repo, source, ref, what) : fetch(repo, source, ref, name, what);
}

/** The learner's commit (`ref` of `fork`) and the upstream's tip, readable in one scratch repository. */
export function openHistories(options: { fork: string; ref: string; upstream?: string }): Histories {
  const scratch = mkdtempSync(join(tmpdir(), 'systems-track-ci-git-'));
  const close = () => rmSync(scratch, { recursive: true, force: true });
  try {
    gitOrThrow(scratch, ['init', '--quiet', '--initial-branch=systems-track'], 'git init failed: is git installed?');
    const learnerCommit = commitOf(scratch, options.fork, options.ref, 'fork', 'the fork');
    const upstreamCommit = options.upstream === undefined ? undefined : commitOf(scratch, options.upstream, 'HEAD', 'upstream', 'the upstream');
    return { repo: scratch, learnerCommit, ...(upstreamCommit ? { upstreamCommit } : {}), close };
  } catch (error) {
    close();
    throw error;
  }
}

/** The week modules of a commit: every weeks/NN-slug/<m>.ts that has its <m>.test.ts beside it, as the loader requires. */
function modulePaths(repo: string, commit: string): string[] {
  return listTree(repo, commit, ['weeks']).flatMap((e) => {
    const match = /^(weeks\/\d{2}-[a-z0-9-]+\/[^/]+)\.test\.ts$/.exec(e.path);
    return match ? [`${match[1]}.ts`] : [];
  });
}

/** The newest commit from `start` back whose week modules (those `start` has) are all pure stubs. */
export function newestStubCommit(repo: string, start: string): string | undefined {
  const paths = modulePaths(repo, start);
  if (paths.length === 0) return undefined;
  const commits = (git(repo, ['rev-list', `--max-count=${HISTORY_LIMIT}`, start]) ?? '').split('\n').filter(Boolean);
  const pure = new Map<string, boolean>();
  for (const commit of commits) {
    const blobs = listTree(repo, commit, paths).filter((e) => e.type === 'blob');
    const unknown = blobs.map((b) => b.id).filter((id) => !pure.has(id));
    for (const [id, text] of readBlobs(repo, unknown)) pure.set(id, stubShape(text.toString('utf8')).pure);
    if (blobs.length > 0 && blobs.every((b) => pure.get(b.id))) return commit;
  }
  return undefined;
}

const short = (commit: string) => commit.slice(0, 7);

/** Which commit is the course as shipped for this grade, and how it was found. */
export function courseCommit(histories: Histories, options: { fork: string; upstream?: string; override?: string }): CourseCommit {
  const { repo, learnerCommit, upstreamCommit } = histories;
  if (options.override) {
    // A ref name (origin/main) lives in the fork; a commit id resolves in the scratch repository too.
    const resolveIn = (dir: string) => git(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${options.override}^{commit}`])?.trim();
    const commit = resolveIn(repo) || (isLocal(options.fork) ? resolveIn(resolve(options.fork)) : undefined);
    if (!commit) throw new CiGradeError(`SYSTEMS_TRACK_STUBS=${options.override} names no commit of the fork or the upstream`);
    return { commit, how: `commit ${short(commit)}, named by SYSTEMS_TRACK_STUBS`, trustsFork: upstreamCommit === undefined };
  }
  if (upstreamCommit) {
    const base = git(repo, ['merge-base', learnerCommit, upstreamCommit])?.trim();
    if (!base) throw new CiGradeError(`the learner's commit ${short(learnerCommit)} shares no history with the upstream ${options.upstream}: was the repository forked from it?`);
    const commit = newestStubCommit(repo, base);
    if (!commit) throw new CiGradeError(`no commit before the merge base ${short(base)} with ${options.upstream} has stubs for every week module`);
    return { commit, how: `commit ${short(commit)}, the course at the merge base with the upstream ${options.upstream}`, trustsFork: false };
  }
  const commit = newestStubCommit(repo, learnerCommit);
  if (!commit) throw new CiGradeError(`no commit in the history of ${short(learnerCommit)} has stubs for every week module: name the course with --upstream`);
  return { commit, how: `commit ${short(commit)}, the newest all-stub commit in the fork's own history (no upstream named)`, trustsFork: true };
}
