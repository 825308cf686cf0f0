/**
 * buildSite: the course, a progress document and the published tree's notes and code → static
 * pages in the output folder. Rendering happens in memory first; the folder is replaced only once
 * every page exists, so a failed build leaves the previous site in place.
 */
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Course, Week } from '../course/load.ts';
import { noteStatus, readNoteFile } from '../course/notes.ts';
import type { Progress } from '../progress/document.ts';
import { assetFiles } from './assets.ts';
import { collectResults } from './collect.ts';
import { renderFigure } from './figures.ts';
import { calibrationChart } from './charts.ts';
import { pageUrl } from './layout.ts';
import { renderMarkdown } from './markdown.ts';
import { writeOutput, type OutputFile } from './output.ts';
import { renderIndex, renderWeekPage, type SiteView, type WeekView } from './pages.ts';

export type BuildSiteOptions = {
  /** The loaded course: its root holds weeks/ and solutions/. */
  course: Course;
  /** From the grader; `progress.tree` says whose code and notes to publish (weeks/ or solutions/). */
  progress: Progress;
  /** Default: <root>/site/out. */
  outDir?: string;
  /** Limit for computing one week's results from its code. Default 60 s. */
  timeoutMs?: number;
  log?: (line: string) => void;
};

export type BuiltSite = { outDir: string; pages: string[]; problems: string[] };

const HARNESS_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEFAULT_TIMEOUT_MS = 60_000;

/** Relative links in a spec or note that name a week's folder or files lead to that week's page. */
export function linkResolver(weeks: readonly Week[], current: Week): (href: string) => string | undefined {
  return (href) => {
    const path = decodeSafely(href.split(/[?#]/)[0] ?? '');
    const segments = path.split('/').filter((s) => s !== '' && s !== '.');
    const named = weeks.find((w) => segments.includes(w.slug));
    if (named) return pageUrl(named.slug);
    if (segments.length === 1 && /^(spec|notes)\.md$/.test(segments[0]!)) return pageUrl(current.slug);
    return undefined;
  };
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function readNote(root: string, tree: Progress['tree'], week: Week): string | undefined {
  const path = join(root, tree, week.slug, 'notes.md');
  return readNoteFile(path, relative(root, path)).text;
}

async function completeParts(options: Required<Omit<BuildSiteOptions, 'log'>>, weeks: Week[], week: Week) {
  const { course, progress, timeoutMs } = options;
  const root = course.root;
  const results = await collectResults({ root, tree: progress.tree, week, timeoutMs });
  const figuresHtml = await Promise.all(results.figures.map((f) => renderFigure(f, week.slug)));
  const text = readNote(root, progress.tree, week);
  // The note is judged now, not when grading ran: editing it needs only a rebuild.
  const written = noteStatus(text, week.spec.prompts).written;
  const noteHtml = written && text ? renderMarkdown(text, { idPrefix: 'note-', resolveLink: linkResolver(weeks, week) }) : undefined;
  return { results, figuresHtml, noteHtml };
}

async function weekView(options: Required<Omit<BuildSiteOptions, 'log'>>, weeks: Week[], week: Week): Promise<WeekView> {
  const progress = options.progress.weeks.find((w) => w.slug === week.slug);
  const view: WeekView = {
    number: week.number,
    slug: week.slug,
    title: week.spec.title,
    summary: week.spec.summary,
    prompts: week.spec.prompts,
    progress,
    notePath: `${options.progress.tree}/${week.slug}/notes.md`,
    specHtml: renderMarkdown(week.body, { idPrefix: 'spec-', resolveLink: linkResolver(weeks, week) }),
    ledger: week.ledger,
  };
  if (progress?.status === 'complete') view.complete = await completeParts(options, weeks, week);
  return view;
}

/** Every scored numeric prediction of the course on one log–log figure, or nothing to draw yet. */
async function calibrationFigure(progress: Progress): Promise<string | undefined> {
  const rows = progress.weeks.flatMap((w) =>
    w.predictions.flatMap((p) => (p.score && p.first && typeof p.truth === 'number' && typeof p.first.value === 'number' ? [{ actual: p.truth, predicted: p.first.value, score: p.score, label: `week ${w.number}: ${p.id}` }] : [])),
  );
  if (rows.length === 0) return undefined;
  const count = (s: string) => rows.filter((r) => r.score === s).length;
  const description = `${rows.length} numeric predictions from every week, each placed at the value the learner's checked code computed (across) and the learner's first prediction (up), on log axes. On the solid diagonal a prediction equals the truth; between the dashed lines it is within a factor of 2. ${count('hit')} hits, ${count('close')} close, ${count('miss')} misses.`;
  const title = 'Calibration: first predictions against what the code computed';
  return renderFigure({ id: 'calibration', title, description, spec: calibrationChart({ title, description, rows }) }, 'index');
}

export async function buildSite(options: BuildSiteOptions): Promise<BuiltSite> {
  const resolved = { course: options.course, progress: options.progress, outDir: options.outDir ?? join(options.course.root, 'site', 'out'), timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  const log = options.log ?? (() => {});
  const weeks = resolved.course.weeks;
  const views = await Promise.all(weeks.map((week) => weekView(resolved, weeks, week)));
  const site: SiteView = { tree: resolved.progress.tree, weeks: views, overall: resolved.progress.overall, calibrationHtml: await calibrationFigure(resolved.progress) };
  const pages: OutputFile[] = [
    { path: 'index.html', text: renderIndex(site) },
    ...views.map((view) => ({ path: pageUrl(view.slug), text: renderWeekPage(site, view) })),
  ];
  writeOutput(resolved.course.root, resolved.outDir, [...pages, ...assetFiles(HARNESS_ROOT)]);
  const problems = views.flatMap((v) => (v.complete?.results.problems ?? []).map((p) => `week ${v.number} ${p.part}: ${p.message}`));
  problems.forEach((p) => log(`site: ${p}`));
  return { outDir: resolved.outDir, pages: pages.map((p) => p.path), problems };
}
