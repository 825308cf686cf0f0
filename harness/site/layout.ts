/**
 * The page shell shared by every page. The Content-Security-Policy forbids every script, so even a
 * renderer bug could not make a hostile note run code; pages need no JavaScript at all.
 */
import { attr, escapeHtml } from './html.ts';

export type NavWeek = { number: number; slug: string; title: string; status: string };

const CSP = [
  "default-src 'none'",
  "script-src 'none'",
  "style-src 'self' 'unsafe-inline'", // KaTeX positions glyphs with style attributes
  "font-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function pageUrl(slug: string): string {
  return `${slug}.html`;
}

function nav(weeks: readonly NavWeek[], current: string | undefined): string {
  const items = weeks.map((w) => {
    const here = w.slug === current ? ' aria-current="page"' : '';
    return `<li><a href=${attr(pageUrl(w.slug))}${here} class=${attr(`status-${w.status.replace(/\s+/g, '-')}`)} title=${attr(`Week ${w.number}: ${w.title} (${w.status})`)}>${w.number}</a></li>`;
  });
  return `<nav class="site-nav" aria-label="Weeks"><span class="nav-label">Weeks</span><ol>${items.join('')}</ol></nav>`;
}

export function page(opts: { title: string; weeks: readonly NavWeek[]; current?: string; main: string; source: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content=${attr(CSP)}>
<title>${escapeHtml(opts.title)}</title>
<link rel="icon" href="assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="assets/katex/katex.min.css">
<link rel="stylesheet" href="assets/style.css">
</head>
<body>
<header class="site-header">
<a class="brand" href="index.html">Systems Track</a>
${nav(opts.weeks, opts.current)}
</header>
<main id="main">
${opts.main}
</main>
<footer class="site-footer"><p>${escapeHtml(opts.source)} Math by KaTeX and figures by Vega-Lite, both rendered when the site was built.</p></footer>
</body>
</html>
`;
}
