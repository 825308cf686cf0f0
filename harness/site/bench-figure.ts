/**
 * The bench's figure for a week page: the results `npm run bench` stored for the same tree the site
 * publishes (never another tree's). Nothing to draw until the bench has run.
 */
import type { Tree } from '../progress/document.ts';
import type { FigureSpec } from './page.ts';

export async function benchFigureFor(_root: string, _tree: Tree): Promise<FigureSpec | undefined> {
  return undefined; // wired to harness/bench once its roofline figure lands
}
