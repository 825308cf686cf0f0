/**
 * `npm run site [-- --saved]`: grade the learner's weeks now and publish the notebook to site/out/.
 * With --saved, use the progress the last `npm run grade` saved in .course/progress.json instead.
 */
import { relative } from 'node:path';
import { buildSite } from '../site/build.ts';
import { gradeTree, readSavedProgress, savedProgressPath } from '../site/progress-source.ts';

export async function run(root: string, args: string[]): Promise<number> {
  let progress = args.includes('--saved') ? readSavedProgress(root) : undefined;
  if (args.includes('--saved') && !progress) {
    console.error(`No valid ${relative(root, savedProgressPath(root))}: run npm run grade first, or npm run site without --saved.`);
    return 1;
  }
  if (!progress) {
    console.log('Grading your weeks ...');
    progress = await gradeTree(root, 'weeks');
  }
  console.log('Building the site ...');
  const built = await buildSite({ root, progress, log: (line) => console.log(line) });
  console.log(`Wrote ${built.pages.length} pages to ${relative(root, built.outDir)}/. See it with: npm run preview`);
  return 0;
}
