/**
 * Figures to inline SVG at build time: vega-lite compiles the hook's spec, vega renders it headless
 * (renderer "none", toSVG: no canvas, no browser, no JavaScript on the page). The SVG sits in a
 * <figure> with a visible caption and the text alternative as its accessible name.
 */
import { attr, escapeHtml } from './html.ts';
import type { FigureData } from './results.ts';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

let libraries: Promise<[Vega, VegaLite]> | undefined;

/** vega takes about a second to import: only builds that draw a figure pay for it. */
function load(): Promise<[Vega, VegaLite]> {
  libraries ??= Promise.all([import('vega'), import('vega-lite')]);
  return libraries;
}

export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const [vega, vegaLite] = await load();
  const compiled = vegaLite.compile(spec as unknown as Parameters<VegaLite['compile']>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** vega's root <svg> gets role="img" and the text alternative, and scales to the column's width. */
function accessible(svg: string, labelId: string): string {
  return svg.replace(/^<svg /, `<svg role="img" aria-labelledby=${attr(labelId)} preserveAspectRatio="xMinYMin meet" `);
}

/**
 * vega numbers gradients and clip paths with counters global to the process ("gradient_3"), so the
 * same figure drawn after others gets other ids, and two figures drawn by different builds (one of
 * them cached) could share an id on one page. Renumbered per figure, in order of appearance, the
 * ids are unique on the page and the same whenever the figure is drawn.
 */
export function ownIds(svg: string, prefix: string): string {
  const ids = [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
  const renamed = new Map(ids.map((id, i) => [id, `${prefix}-def-${i}`]));
  return svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (whole, lead: string, id: string) => {
    const to = renamed.get(id);
    return to === undefined ? whole : `${lead}${to}`;
  });
}

export async function renderFigure(figure: FigureData, pageId: string): Promise<string> {
  const id = `fig-${pageId}-${figure.id}`;
  let body: string;
  try {
    body = accessible(ownIds(await renderSvg(figure.spec), id), `${id}-alt`);
  } catch (error) {
    body = `<p class="problem">This figure could not be drawn: ${escapeHtml((error as Error).message)}</p>`;
  }
  return [
    `<figure class="chart" id=${attr(id)}>`,
    `<div class="chart-svg">${body}</div>`,
    `<figcaption><strong>${escapeHtml(figure.title)}.</strong> <span id=${attr(`${id}-alt`)}>${escapeHtml(figure.description)}</span></figcaption>`,
    '</figure>',
  ].join('\n');
}
