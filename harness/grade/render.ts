/**
 * Render: the pipeline's last stage, load → run → score → report → render. The site (harness/site/,
 * its own issue) turns the progress document and the written notes into pages; `npm run grade` calls
 * this after writing .course/progress.json. Until the site is wired in, it renders nothing.
 */
import type { Progress } from './progress.ts';

export async function render(_root: string, _progress: Progress): Promise<void> {
  // Wire the site renderer here (harness/site/), e.g. refresh the published notes of complete weeks.
}
