/**
 * `npm run hint [-- week]`: the next unfinished check (of that week, if given), its message and the
 * spec's hint for its category. Uses the stored progress when nothing in weeks/ changed since it
 * was written; otherwise grades first (and stores the result). Never writes into weeks/.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadCourse } from '../course/load.ts';
import { grade } from '../grade/grade.ts';
import { renderHint } from '../grade/report.ts';
import { mergeProgress } from '../grade/score.ts';
import { progressPath, readProgress, writeProgress } from '../grade/store.ts';

/** The newest modification time of any file under dir. */
export function newestChange(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export async function run(root: string, args: string[]): Promise<number> {
  const [target, ...extra] = args;
  const week = target === undefined ? undefined : Number(target.replace(/^0+(?=\d)/, '').replace(/-.*$/, ''));
  if (extra.length > 0 || (week !== undefined && (!Number.isInteger(week) || week < 1))) {
    console.error('usage: npm run hint [-- WEEK]   (a week number, e.g. 2)');
    return 2;
  }
  const weeks = loadCourse(root);
  if (week !== undefined && !weeks.some((w) => w.number === week)) {
    console.error(`There is no week ${week}: the course has weeks ${weeks.map((w) => w.number).join(', ')}.`);
    return 2;
  }
  let progress = readProgress(root, 'weeks');
  const fresh = progress !== undefined && statSync(progressPath(root, 'weeks')).mtimeMs >= newestChange(join(root, 'weeks'));
  const covers = progress?.weeks.some((w) => week === undefined || w.number === week) ?? false;
  if (!progress || !fresh || !covers) {
    const graded = await grade(root, { tree: 'weeks', weeks: week === undefined ? undefined : [week] });
    progress = mergeProgress(progress, graded.progress);
    writeProgress(root, progress);
  }
  console.log(renderHint(progress, weeks, week));
  return 0;
}
