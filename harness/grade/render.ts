/**
 * Render: the pipeline's last stage, load → run → score → report → render. Publishes the graded
 * tree's notebook to site/out/ (harness/site/): progress for every week, and for complete weeks the
 * learner's results, figures and note. A failure here is reported, never fatal to grading.
 */
import { relative } from 'node:path';
import { buildSite } from '../site/build.ts';
import type { Progress } from './progress.ts';

export async function render(root: string, progress: Progress, log: (line: string) => void): Promise<void> {
  try {
    const built = await buildSite({ root, progress, log });
    log(`Site: ${built.pages.length} pages in ${relative(root, built.outDir)}/ (npm run preview to read them).`);
  } catch (error) {
    log(`Site: not rebuilt: ${(error as Error).message}`);
  }
}
