/**
 * Publish: the pipeline's last stage, load → run → score → report → publish, one step for grade,
 * watch, site and demo. Stores the progress document (merged under a lock with what other runs
 * stored), then brings the graded tree's notebook in site/out/ up to date from the stored document
 * — incrementally: only the parts whose inputs changed are computed again (site/build.ts) — and
 * says so in one line. Callers print their verdict first; a failure here is reported on its own
 * line and never changes a grade.
 */
import { relative } from 'node:path';
import type { Course } from '../course/load.ts';
import { mergeProgress, type Progress } from '../progress/document.ts';
import { readProgress, storeProgress } from '../progress/store.ts';
import { buildSite, type BuiltSite } from '../site/build.ts';

/** `stored`: the document as stored (or, when storing failed, as it would have been: see `problem`). */
export type Published = { stored: Progress; site?: BuiltSite; problem?: string };

export type PublishOptions = {
  course: Course;
  /** The weeks this run graded; merged into the stored document. */
  progress: Progress;
  log: (line: string) => void;
  /** Store only (the site is rebuilt by a later publish). */
  storeOnly?: boolean;
  /** Rebuild every part of the site, whatever the manifest says. */
  full?: boolean;
};

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The one line a publish prints: how many pages, what had to be computed, where they are. */
export function siteLine(site: BuiltSite, root: string, ms: number): string {
  const where = `${relative(root, site.outDir) || '.'}/`;
  const work = site.full !== undefined
    ? `built in full (${site.full})`
    : site.written.length === 0 ? 'unchanged' : `${site.written.length} file${site.written.length === 1 ? '' : 's'} rewritten`;
  const ran = site.ran.length > 0 ? `, results computed for ${site.ran.join(', ')}` : '';
  return `Site: ${site.pages.length} pages in ${where}, ${work}${ran}, in ${seconds(ms)} (npm run preview to read them).`;
}

export async function publish(options: PublishOptions): Promise<Published> {
  const { course, log } = options;
  let stored: Progress;
  try {
    stored = await storeProgress(course.root, options.progress);
  } catch (error) {
    const problem = (error as Error).message;
    log(`Progress: not stored, so the site was not rebuilt: ${problem}`);
    return { stored: mergeProgress(readProgress(course.root, options.progress.tree), options.progress), problem };
  }
  if (options.storeOnly) return { stored };
  const started = Date.now();
  try {
    const site = await buildSite({ course, progress: stored, log, full: options.full });
    log(siteLine(site, course.root, Date.now() - started));
    return { stored, site };
  } catch (error) {
    const problem = (error as Error).message;
    log(`Site: not rebuilt: ${problem}`);
    return { stored, problem };
  }
}
