/** The static files every page needs, all from this repository and node_modules: nothing from a CDN. */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OutputFile } from './output.ts';

export function assetFiles(harnessRoot: string): OutputFile[] {
  const katexDist = join(dirname(createRequire(import.meta.url).resolve('katex/package.json')), 'dist');
  // KaTeX's CSS names woff2, woff and ttf for each font; copying all keeps every url() resolvable.
  const fonts = readdirSync(join(katexDist, 'fonts')).map((name) => ({ path: `assets/katex/fonts/${name}`, copyFrom: join(katexDist, 'fonts', name) }));
  return [
    { path: 'assets/style.css', copyFrom: join(harnessRoot, 'site', 'style.css') },
    { path: 'assets/favicon.svg', copyFrom: join(harnessRoot, 'site', 'favicon.svg') },
    { path: 'assets/katex/katex.min.css', copyFrom: join(katexDist, 'katex.min.css') },
    ...fonts,
  ];
}
