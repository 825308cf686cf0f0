/**
 * `npm run site [-- --saved]`: grade the learner's weeks now and publish the notebook to site/out/.
 * With --saved, use the progress the last `npm run grade` saved in .course/progress.json instead.
 */
import { relative } from 'node:path';
import { buildSite } from '../site/build.ts';
import { grade } from '../grade/grade.ts';
import { progressPath, readProgress } from '../grade/store.ts';

export async function run(root: string, args: string[]): Promise<number> {
  let progress = args.includes('--saved') ? readProgress(root, 'weeks') : undefined;
  if (args.includes('--saved') && !progress) {
    console.error(`No valid ${relative(root, progressPath(root, 'weeks'))}: run npm run grade first, or npm run site without --saved.`);
    return 1;
  }
  if (!progress) {
    console.log('Grading your weeks ...');
    progress = (await grade(root, { tree: 'weeks' })).progress;
  }
  console.log('Building the site ...');
  const built = await buildSite({ root, progress, log: (line) => console.log(line) });
  console.log(`Wrote ${built.pages.length} pages to ${relative(root, built.outDir)}/. See it with: npm run preview`);
  return 0;
}
