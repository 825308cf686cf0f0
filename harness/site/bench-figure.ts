/**
 * The bench's figure for a week page: the results `npm run bench` stored for the same tree the site
 * publishes (never another tree's), drawn on this machine's roofline. Nothing to draw until the
 * bench has run. `keep` chooses the bench groups a page charts (a week charts its own).
 */
import { rooflineFigure } from '../bench/figure.ts';
import { readBenchResults } from '../bench/results.ts';
import type { GroupInfo } from '../bench/schema.ts';
import type { Tree } from '../progress/document.ts';
import type { FigureSpec } from './page.ts';

export async function benchFigureFor(root: string, tree: Tree, keep: (group: GroupInfo) => boolean = () => true): Promise<FigureSpec | undefined> {
  const results = readBenchResults(root, tree);
  if (!results) return undefined;
  const groups = new Set(results.groups.filter(keep).map((g) => g.name));
  return rooflineFigure({ ...results, cases: results.cases.filter((c) => groups.has(c.group)) });
}
