/**
 * Progress documents for tests and previews that do not grade: every week of a course marked
 * complete (or not started), with one passing check per category its spec hints at. The real
 * documents come from the grader; these only have to satisfy the same zod schema.
 */
import { loadCourse, type Week } from '../course/load.ts';
import { CATEGORIES, type Category } from '../course/schema.ts';
import { Progress, type WeekProgress } from '../grade/progress.ts';

function weekProgress(week: Week, complete: boolean): WeekProgress {
  const categories = CATEGORIES.filter((c) => week.spec.hints[c] !== undefined);
  const used: Category[] = categories.length > 0 ? categories : ['behaviour'];
  const checks = used.map((category) => ({
    week: week.number,
    file: `weeks/${week.slug}/${week.spec.modules[0]}.test.ts`,
    id: `${category} > works`,
    name: `${category} works`,
    category,
    status: complete ? ('passed' as const) : ('not started' as const),
  }));
  const tally = { passed: complete ? used.length : 0, total: used.length };
  return {
    number: week.number,
    slug: week.slug,
    title: week.spec.title,
    status: complete ? 'complete' : 'not started',
    noteWritten: complete,
    categories: Object.fromEntries(used.map((c) => [c, { passed: complete ? 1 : 0, total: 1 }])),
    tally,
    checks,
  };
}

export function syntheticProgress(root: string, tree: Progress['tree'], complete: (week: Week) => boolean): Progress {
  const weeks = loadCourse(root).map((week) => weekProgress(week, complete(week)));
  const passed = weeks.reduce((n, w) => n + w.tally.passed, 0);
  const total = weeks.reduce((n, w) => n + w.tally.total, 0);
  return Progress.parse({ version: 1, tree, weeks, overall: { passed, total } });
}
