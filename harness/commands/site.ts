/**
 * `npm run site [-- --saved]`: grade the learner's weeks now and publish the notebook to site/out/.
 * With --saved, publish the progress the last grade stored in .course/progress.json instead.
 */
import { relative } from 'node:path';
import { loadCourse } from '../course/load.ts';
import { grade } from '../grade/grade.ts';
import { progressPath, readProgress } from '../progress/store.ts';
import { publish } from '../publish/publish.ts';
import { withArgs, type CommandSpec } from './args.ts';

export const spec = {
  name: 'site',
  summary: 'Grade your weeks and publish the notebook to site/out/.',
  options: { saved: { type: 'boolean', help: 'publish the progress the last grade stored, without grading' } },
} as const satisfies CommandSpec;

export function run(root: string, args: string[]): Promise<number> {
  return withArgs(spec, args, async ({ values }) => {
    const course = loadCourse(root);
    let progress = values.saved ? readProgress(root, 'weeks') : undefined;
    if (values.saved && !progress) {
      console.error(`No valid ${relative(root, progressPath(root, 'weeks'))}: run npm run grade first, or npm run site without --saved.`);
      return 1;
    }
    if (!progress) {
      console.log('Grading your weeks ...');
      progress = (await grade(course, { tree: 'weeks' })).progress;
    }
    const published = await publish({ course, progress, log: (line) => console.log(line) });
    return published.problem ? 1 : 0;
  });
}
