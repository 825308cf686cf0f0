/**
 * buildSite: the course, a progress document and the published tree's notes and code → static
 * pages in the output folder, incrementally. The expensive parts — each spec's math typeset by
 * KaTeX, each complete week's results computed by running its page on the code (with its figures
 * drawn), each note, the calibration figure — are computed only when what they depend on changed
 * (harness/site/parts.ts, manifest.ts); the pages themselves are cheap string functions of those
 * parts and the progress document, so every build renders every page and writes only the files
 * whose bytes differ. A full build (no valid manifest, or `full`) computes everything and rewrites
 * the folder; both give the same bytes. Rendering happens in memory first, so a failed build
 * leaves the previous site in place.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Course, Week } from '../course/load.ts';
import { noteStatus, readNoteFile } from '../course/notes.ts';
import type { Progress } from '../progress/document.ts';
import { ValueCache } from './cache.ts';
import { digest, PathDigests } from '../digest.ts';
import { buildKey, readManifest, writeManifest } from './manifest.ts';
import { Parts } from './parts.ts';
import { assetFiles } from './assets.ts';
import { collectResults, pageFile, pageInput } from './collect.ts';
import { renderFigure } from './figures.ts';
import { calibrationChart } from './charts.ts';
import { pageUrl } from './layout.ts';
import type { RenderOptions } from './markdown.ts';
import { writeOutput, type OutputFile } from './output.ts';
import { pageInputs } from './page-inputs.ts';
import { renderIndex, renderWeekPage, type SiteView, type WeekView } from './pages.ts';
import { WeekResults } from './results.ts';

export type BuildSiteOptions = {
  /** The loaded course: its root holds weeks/ and solutions/. */
  course: Course;
  /** From the grader; `progress.tree` says whose code and notes to publish (weeks/ or solutions/). */
  progress: Progress;
  /** Default: <root>/site/out. */
  outDir?: string;
  /** Limit for computing one week's results from its code. Default 60 s. */
  timeoutMs?: number;
  /** Compute every part and rewrite the folder, whatever the manifest says. */
  full?: boolean;
  /** The running harness's digest (harnessDigest()), when the caller already has it; computed from harness/ otherwise. */
  harness?: string;
  log?: (line: string) => void;
};

export type BuiltSite = {
  outDir: string;
  pages: string[];
  problems: string[];
  /** Why this build computed every part and rewrote the folder; undefined for an incremental build. */
  full?: string;
  /** The weeks (slugs) whose page ran on the code this build. */
  ran: string[];
  /** The parts computed rather than taken from the cache: "spec:01-linear", "results:01-linear", "note:01-linear", "calibration". */
  computed: string[];
  /** The files written, relative to the output folder; every other file already had these bytes. */
  written: string[];
};

type Build = { course: Course; progress: Progress; timeoutMs: number; parts: Parts; ran: string[]; log: (line: string) => void };

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

/** Markdown with links resolved among the weeks. markdown-it and KaTeX load only when something is rendered. */
async function markdownHtml(source: string, idPrefix: RenderOptions['idPrefix'], weeks: readonly Week[], week: Week): Promise<string> {
  const { renderMarkdown } = await import('./markdown.ts');
  return renderMarkdown(source, { idPrefix, resolveLink: linkResolver(weeks, week) });
}

/** What a link resolver's answers depend on: the weeks' slugs and the current one. */
function linkKey(weeks: readonly Week[], week: Week): string {
  return JSON.stringify([weeks.map((w) => w.slug), week.slug]);
}

function readNote(root: string, tree: Progress['tree'], week: Week): string | undefined {
  const path = join(root, tree, week.slug, 'notes.md');
  return readNoteFile(path, relative(root, path)).text;
}

/** A fragment of HTML, or nothing to show (a note not written yet). */
const MaybeHtml = z.object({ html: z.string().optional() });
const Computed = z.object({ results: WeekResults, figuresHtml: z.array(z.string()) });

function specHtml(build: Build, week: Week): Promise<string> {
  const weeks = build.course.weeks;
  return build.parts.get(`spec:${week.slug}`, {
    key: digest('spec', week.body, linkKey(weeks, week)),
    schema: z.string(),
    compute: async () => ({ value: await markdownHtml(week.body, 'spec-', weeks, week) }),
  });
}

/** The note, judged now, not when grading ran: editing it needs only a rebuild. */
function noteHtml(build: Build, week: Week): Promise<string | undefined> {
  const weeks = build.course.weeks;
  const text = readNote(build.course.root, build.progress.tree, week);
  const note = build.parts.get(`note:${week.slug}`, {
    key: digest('note', text ?? '\u0000none', JSON.stringify(week.spec.prompts), linkKey(weeks, week)),
    schema: MaybeHtml,
    compute: async () => {
      const written = noteStatus(text, week.spec.prompts).written;
      return { value: { html: written && text ? await markdownHtml(text, 'note-', weeks, week) : undefined } };
    },
  });
  return note.then((n) => n.html);
}

/** A complete week's results from its code, with their figures drawn; run again only when a file it read changed. */
function weekResults(build: Build, week: Week): Promise<z.infer<typeof Computed>> {
  const { root } = build.course;
  const { tree } = build.progress;
  return build.parts.get(`results:${week.slug}`, {
    key: digest('results', tree, JSON.stringify(pageInput(root, tree, week))),
    schema: Computed,
    compute: async () => {
      const inputs = await pageInputs(root, tree, week);
      if ('problem' in inputs) build.log(`site: week ${week.number}: its page's inputs could not be listed, so its results will be computed again next time: ${inputs.problem}`);
      // Digested before the page runs: a file changed while it runs is seen as changed next time.
      const files = 'files' in inputs ? build.parts.digests.all(inputs.files) : undefined;
      if (existsSync(pageFile(root, week.slug))) build.ran.push(week.slug);
      const results = await collectResults({ root, tree, week, timeoutMs: build.timeoutMs });
      const figuresHtml = await Promise.all(results.figures.map((f) => renderFigure(f, week.slug)));
      // A run that was stopped or could not load says nothing lasting about the code: try again next time.
      const keep = files !== undefined && !results.problems.some((p) => p.part === 'results');
      return { value: { results, figuresHtml }, files, keep };
    },
  });
}

async function completeParts(build: Build, week: Week): Promise<NonNullable<WeekView['complete']>> {
  const [{ results, figuresHtml }, note] = await Promise.all([weekResults(build, week), noteHtml(build, week)]);
  return { results, figuresHtml, noteHtml: note };
}

async function weekView(build: Build, week: Week): Promise<WeekView> {
  const progress = build.progress.weeks.find((w) => w.slug === week.slug);
  const view: WeekView = {
    number: week.number,
    slug: week.slug,
    title: week.spec.title,
    summary: week.spec.summary,
    prompts: week.spec.prompts,
    progress,
    notePath: `${build.progress.tree}/${week.slug}/notes.md`,
    specHtml: await specHtml(build, week),
    ledger: week.ledger,
  };
  if (progress?.status === 'complete') view.complete = await completeParts(build, week);
  return view;
}

/** Every scored numeric prediction of the course on one log–log figure, or nothing to draw yet. */
async function calibrationFigure(build: Build): Promise<string | undefined> {
  const rows = build.progress.weeks.flatMap((w) =>
    w.predictions.flatMap((p) => (p.score && p.first && typeof p.truth === 'number' && typeof p.first.value === 'number' ? [{ actual: p.truth, predicted: p.first.value, score: p.score, label: `week ${w.number}: ${p.id}` }] : [])),
  );
  if (rows.length === 0) return undefined;
  const figure = await build.parts.get('calibration', {
    key: digest('calibration', JSON.stringify(rows)),
    schema: MaybeHtml,
    compute: async () => {
      const count = (s: string) => rows.filter((r) => r.score === s).length;
      const description = `${rows.length} numeric predictions from every week, each placed at the value the learner's checked code computed (across) and the learner's first prediction (up), on log axes. On the solid diagonal a prediction equals the truth; between the dashed lines it is within a factor of 2. ${count('hit')} hits, ${count('close')} close, ${count('miss')} misses.`;
      const title = 'Calibration: first predictions against what the code computed';
      return { value: { html: await renderFigure({ id: 'calibration', title, description, spec: calibrationChart({ title, description, rows }) }, 'index') } };
    },
  });
  return figure.html;
}

export async function buildSite(options: BuildSiteOptions): Promise<BuiltSite> {
  const { course, progress } = options;
  const outDir = options.outDir ?? join(course.root, 'site', 'out');
  const log = options.log ?? (() => {});
  const key = buildKey({ tree: progress.tree, commit: progress.course?.commit, harness: options.harness });
  const previous = options.full ? { full: 'a full build was asked for' } : readManifest(outDir, key);
  const cache = new ValueCache(course.root, outDir);
  const parts = new Parts('manifest' in previous ? previous.manifest : undefined, cache, new PathDigests(course.root));
  const build: Build = { course, progress, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, parts, ran: [], log };
  const views = await Promise.all(course.weeks.map((week) => weekView(build, week)));
  const site: SiteView = { tree: progress.tree, weeks: views, overall: progress.overall, calibrationHtml: await calibrationFigure(build) };
  const pages: OutputFile[] = [
    { path: 'index.html', text: renderIndex(site) },
    ...views.map((view) => ({ path: pageUrl(view.slug), text: renderWeekPage(site, view) })),
  ];
  const full = 'full' in previous ? previous.full : undefined;
  const written = writeOutput(course.root, outDir, [...pages, ...assetFiles(HARNESS_ROOT)], { full: full !== undefined });
  const manifest = parts.manifest(key, (id) => course.weeks.some((w) => id.endsWith(`:${w.slug}`)));
  writeManifest(course.root, outDir, manifest);
  cache.prune(new Set(Object.values(manifest.parts).map((p) => p.value)));
  const problems = views.flatMap((v) => (v.complete?.results.problems ?? []).map((p) => `week ${v.number} ${p.part}: ${p.message}`));
  problems.forEach((p) => log(`site: ${p}`));
  return { outDir, pages: pages.map((p) => p.path), problems, full, ran: [...build.ran].sort(), computed: [...parts.computed].sort(), written };
}
