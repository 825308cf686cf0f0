/**
 * `npm run profile` from start to end: find each week's profile file (author material,
 * solutions/NN-slug/profile.ts), and run every case in a sandboxed child of its own (the checks'
 * sandbox: an esbuild bundle under the permission model, with a time limit), its course modules
 * from weeks/ (the learner's) or solutions/ (--reference) rewritten so their calls are counted.
 * A case that throws or hangs is named with what went wrong; the others still run.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadCourse, type Week } from '../course/load.ts';
import { authorFile, modulePath } from '../course/paths.ts';
import { runSandboxed } from '../sandbox/run.ts';
import { machineL1d, type CacheGeometry } from './cache.ts';
import { isProfileFile, makeProfileCase, type ProfilePrediction } from './define.ts';
import type { CaseOutcome, ProgramInput, ProgramResult } from './program.ts';
import { countingPlugin } from './transform.ts';

const PROGRAM = fileURLToPath(new URL('./program.ts', import.meta.url));
/** A case takes seconds; a busy machine may take several times longer. */
export const CASE_LIMIT_MS = 120_000;

export type Tree = 'weeks' | 'solutions';

export type CaseReport = {
  id: string;
  label: string;
  series?: string;
  x?: number;
  xName?: string;
} & ({ outcome: CaseOutcome } | { problem: string });

export type WeekReport = {
  week: number;
  slug: string;
  file: string;
  /** Prediction id → the case and measure that hold its formula against what ran. */
  predictions: Record<string, ProfilePrediction>;
  /** Every case the profile file defines, run or not (a stored case no longer defined is dropped). */
  defined: string[];
  cases: CaseReport[];
};

export type ProfileReport = { tree: Tree; l1d: CacheGeometry; weeks: WeekReport[]; problems: string[] };

export type ProfileOptions = {
  tree: Tree;
  /** Weeks to profile; all with a profile file when empty. */
  weeks: number[];
  /** Case ids to run; all when empty. */
  only?: string[];
  /** The L1d for the set-associative model (default: the machine's, else the stated one). */
  l1d?: CacheGeometry;
  timeoutMs?: number;
};

type Listed = { week: Week; file: string; predictions: Record<string, ProfilePrediction>; cases: { id: string; label: string; series?: string; x?: number; xName?: string }[] };

function profilePath(root: string, week: Week): string {
  return authorFile(root, week.slug, 'profile');
}

async function listCases(root: string, week: Week): Promise<Listed> {
  const path = profilePath(root, week);
  const exported = ((await import(pathToFileURL(path).href)) as { default?: unknown }).default;
  if (!isProfileFile(exported)) throw new Error(`${relative(root, path)}: the default export must be defineProfile({...}) from harness/author.ts`);
  const cases = exported.cases(makeProfileCase).map(({ id, label, series, x, xName }) => ({ id, label, series, x, xName }));
  return { week, file: relative(root, path), predictions: exported.predictions, cases };
}

/** Module name → file in `tree`, for every module of the weeks up to `upTo` (a later week's module of the same name wins). */
function moduleFiles(root: string, weeks: readonly Week[], tree: Tree, upTo: number): Map<string, string> {
  const files = new Map<string, string>();
  for (const week of [...weeks].sort((a, b) => a.number - b.number)) {
    if (week.number > upTo) continue;
    for (const name of week.spec.modules) files.set(name, modulePath(root, tree, week.slug, name));
  }
  return files;
}

async function runCase(root: string, weeks: readonly Week[], options: ProfileOptions, listed: Listed, id: string, l1d: CacheGeometry): Promise<ProgramResult> {
  const files = moduleFiles(root, weeks, options.tree, listed.week.number);
  const missing = [...files.values()].find((file) => !existsSync(file));
  if (missing) return { problem: `${relative(root, missing)} is missing` };
  const profiles = weeks.filter((w) => w.number <= listed.week.number && existsSync(profilePath(root, w)));
  const imports: Record<string, string> = Object.fromEntries(files);
  for (const w of profiles) imports[`#profile/${w.slug}`] = profilePath(root, w);
  const input: ProgramInput = {
    profile: `#profile/${listed.week.slug}`,
    profiles: profiles.map((w) => `#profile/${w.slug}`),
    modules: [...files.keys()],
    caseId: id,
    l1d,
  };
  const byPath = new Map([...files].map(([name, file]) => [file, name]));
  const timeoutMs = options.timeoutMs ?? CASE_LIMIT_MS;
  const outcome = await runSandboxed({ imports, program: PROGRAM, input, timeoutMs, plugins: [countingPlugin(byPath)] });
  if ('problem' in outcome) return outcome;
  return outcome.result as ProgramResult;
}

export async function runProfile(root: string, options: ProfileOptions, progress: (line: string) => void = () => {}): Promise<ProfileReport> {
  const { weeks } = loadCourse(root);
  const l1d = options.l1d ?? machineL1d();
  const report: ProfileReport = { tree: options.tree, l1d, weeks: [], problems: [] };
  for (const week of weeks) {
    if (options.weeks.length > 0 && !options.weeks.includes(week.number)) continue;
    if (!existsSync(profilePath(root, week))) continue;
    let listed: Listed;
    try {
      listed = await listCases(root, week);
    } catch (error) {
      report.problems.push(`${relative(root, profilePath(root, week))} did not load: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    const weekReport: WeekReport = { week: week.number, slug: week.slug, file: listed.file, predictions: listed.predictions, defined: listed.cases.map((c) => c.id), cases: [] };
    for (const c of listed.cases) {
      if (options.only && options.only.length > 0 && !options.only.includes(c.id)) continue;
      progress(`profiling ${c.id}`);
      const result = await runCase(root, weeks, options, listed, c.id, l1d);
      weekReport.cases.push({ ...c, ...('problem' in result ? { problem: result.problem } : { outcome: result.outcome }) });
    }
    report.weeks.push(weekReport);
  }
  return report;
}
