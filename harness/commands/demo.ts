/**
 * `npm run demo [-- --screenshots]`: the finished notebook in one command. Grades the reference
 * solutions, then builds the site from them and their exemplar notes into site/out/. With
 * --screenshots, also saves a week page at desktop and phone width in site/out/screenshots/.
 */
import { relative } from 'node:path';
import { buildSite } from '../site/build.ts';
import { grade } from '../grade/grade.ts';
import { takeScreenshots } from '../site/screenshots.ts';

export async function run(root: string, args: string[]): Promise<number> {
  console.log('Grading the reference solutions ...');
  const { progress } = await grade(root, { tree: 'solutions' });
  console.log('Building the demo site ...');
  const built = await buildSite({ root, progress, log: (line) => console.log(line) });
  const complete = progress.weeks.filter((w) => w.status === 'complete').length;
  console.log(`Wrote ${built.pages.length} pages to ${relative(root, built.outDir)}/ (${complete} of ${progress.weeks.length} weeks complete). See it with: npm run preview`);
  if (args.includes('--screenshots')) {
    // Week 3's page shows every kind of result: a filled ledger, tables, a heatmap and a chart.
    const files = await takeScreenshots(built.outDir, built.pages.find((p) => p.startsWith('03-')) ?? 'index.html');
    files.forEach((file) => console.log(`Screenshot: ${relative(root, file)}`));
  }
  return built.problems.length === 0 ? 0 : 1;
}
