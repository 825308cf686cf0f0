/**
 * `npm run demo`: the finished notebook in one command. Grades the reference solutions, then
 * builds the site from them and their exemplar notes into site/out/.
 */
import { relative } from 'node:path';
import { buildSite } from '../site/build.ts';
import { gradeTree } from '../site/progress-source.ts';

export async function run(root: string, _args: string[]): Promise<number> {
  console.log('Grading the reference solutions ...');
  const progress = await gradeTree(root, 'solutions');
  console.log('Building the demo site ...');
  const built = await buildSite({ root, progress, log: (line) => console.log(line) });
  const complete = progress.weeks.filter((w) => w.status === 'complete').length;
  console.log(`Wrote ${built.pages.length} pages to ${relative(root, built.outDir)}/ (${complete} of ${progress.weeks.length} weeks complete). See it with: npm run preview`);
  return built.problems.length === 0 ? 0 : 1;
}
