/**
 * `npm run demo [-- --screenshots]`: the finished notebook in one command. Grades the reference
 * solutions, then publishes the site from them and their exemplar notes into site/out/. With
 * --screenshots, also saves a week page at desktop and phone width in site/out/screenshots/.
 */
import { relative } from 'node:path';
import { loadCourse } from '../course/load.ts';
import { grade } from '../grade/grade.ts';
import { publish } from '../publish/publish.ts';
import { takeScreenshots } from '../site/screenshots.ts';
import { withArgs, type CommandSpec } from './args.ts';

export const spec = {
  name: 'demo',
  summary: 'The finished notebook: grade the reference solutions and publish them with their exemplar notes.',
  options: { screenshots: { type: 'boolean', help: 'also save week pages at desktop and phone width in site/out/screenshots/' } },
} as const satisfies CommandSpec;

export function run(root: string, args: string[]): Promise<number> {
  return withArgs(spec, args, async ({ values }) => {
    const course = loadCourse(root);
    console.log('Grading the reference solutions ...');
    const { progress } = await grade(course, { tree: 'solutions' });
    const published = await publish({ course, progress, log: (line) => console.log(line) });
    if (!published.site) return 1;
    const complete = published.stored.weeks.filter((w) => w.status === 'complete').length;
    console.log(`${complete} of ${published.stored.weeks.length} weeks complete. See it with: npm run preview`);
    if (values.screenshots) {
      // Week 3's page shows every kind of result: a filled ledger, tables, a heatmap and a chart.
      const files = await takeScreenshots(published.site.outDir, published.site.pages.find((p) => p.startsWith('03-')) ?? 'index.html');
      files.forEach((file) => console.log(`Screenshot: ${relative(root, file)}`));
    }
    return published.site.problems.length === 0 ? 0 : 1;
  });
}
