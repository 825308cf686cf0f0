/**
 * The loss curves of the last `npm run train` of a tree, as a figure for week 7's page: the training
 * loss averaged over every 10 steps (one batch is noisy) and the validation loss.
 */
import type { FigureSpec } from '../site/page.ts';
import { lineChart } from '../site/charts.ts';
import type { Tree } from '../progress/document.ts';
import { readTrainRun } from './results.ts';

export function trainFigureFor(root: string, tree: Tree, title: string): FigureSpec | undefined {
  const run = readTrainRun(root, tree);
  if (!run || run.curve.length < 2) return undefined;
  const rows: Array<Record<string, string | number>> = [];
  for (let i = 1; i + 9 < run.curve.length; i += 10) {
    const chunk = run.curve.slice(i, i + 10).flatMap((p) => (p.train === null ? [] : [p.train]));
    if (chunk.length > 0) rows.push({ step: run.curve[i + 9]!.step, loss: chunk.reduce((a, b) => a + b, 0) / chunk.length, series: 'training (mean of 10 steps)' });
  }
  for (const p of run.curve) if (p.validation !== undefined) rows.push({ step: p.step, loss: p.validation, series: 'validation' });
  const description =
    `Cross-entropy per character over ${run.steps} steps (${run.tokens.toLocaleString('en')} training characters): the training loss ` +
    `averaged over every 10 steps, and the validation loss on fixed windows of the last 10 % of the text, which ends at ` +
    `${run.validation.toFixed(3)} (a model that knows nothing scores ln 65 = 4.174).`;
  const spec = lineChart({ title, description, rows, x: { field: 'step', title: 'step' }, y: { field: 'loss', title: 'cross-entropy (nats per character)', zero: true }, series: 'series' });
  return { description, spec };
}
