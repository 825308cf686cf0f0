/**
 * Math typeset with KaTeX at build time, so pages need no JavaScript. `trust: false` keeps
 * \href, \url and \htmlClass from emitting links or attributes from untrusted notes; limits keep a
 * hostile macro from blowing up the build.
 */
import katex from 'katex';
import { escapeHtml } from './html.ts';

const OPTIONS = {
  throwOnError: false,
  trust: false,
  strict: 'ignore',
  maxSize: 50,
  maxExpand: 500,
  output: 'htmlAndMathml',
} as const;

export function renderMath(tex: string, display: boolean): string {
  let html: string;
  try {
    html = katex.renderToString(tex, { ...OPTIONS, displayMode: display });
  } catch (error) {
    // throwOnError: false covers parse errors; anything else still must not break the page.
    html = `<code class="math-error" title=${JSON.stringify(escapeHtml((error as Error).message))}>${escapeHtml(tex)}</code>`;
  }
  return display ? `<div class="math-display">${html}</div>` : `<span class="math-inline">${html}</span>`;
}
