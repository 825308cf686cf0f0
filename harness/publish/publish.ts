/**
 * Publish: the pipeline's last stage, load → run → score → report → publish, one step for grade,
 * watch, site and demo. Stores the progress document (merged under a lock with what other runs
 * stored), then rebuilds the graded tree's notebook in site/out/ from the stored document, and
 * says so in one line. A failure to build is reported on that line and never changes a grade.
 */
import { relative } from 'node:path';
import type { Course } from '../course/load.ts';
import type { Progress } from '../progress/document.ts';
import { storeProgress } from '../progress/store.ts';
import { buildSite, type BuiltSite } from '../site/build.ts';

export type Published = { stored: Progress; site?: BuiltSite; problem?: string };

export type PublishOptions = {
  course: Course;
  /** The weeks this run graded; merged into the stored document. */
  progress: Progress;
  log: (line: string) => void;
  /** Store only (the site is rebuilt by a later publish). */
  storeOnly?: boolean;
};

export async function publish(options: PublishOptions): Promise<Published> {
  const { course, log } = options;
  const stored = await storeProgress(course.root, options.progress);
  if (options.storeOnly) return { stored };
  try {
    const site = await buildSite({ course, progress: stored, log });
    log(`Site: ${site.pages.length} pages in ${relative(course.root, site.outDir)}/ (npm run preview to read them).`);
    return { stored, site };
  } catch (error) {
    const problem = (error as Error).message;
    log(`Site: not rebuilt: ${problem}`);
    return { stored, problem };
  }
}
