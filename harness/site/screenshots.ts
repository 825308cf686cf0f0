/**
 * Screenshots of built pages at desktop and phone width, into <outDir>/screenshots/ (which a rebuild
 * keeps): `npm run demo -- --screenshots` takes week 3's, the browser test every page it checks, so
 * the reference notebook's look can be seen without a browser. Needs Chromium, like the browser test.
 * Each shot is the page above its spec: the header, the results with their figures, and the note.
 */
import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { assertOwned, ensureDir } from '../outputs.ts';
import { launchChromium } from './browser.ts';
import { serveStatic } from './serve.ts';

export const SCREEN_WIDTHS = { desktop: 1280, phone: 390 } as const;
export type ScreenName = keyof typeof SCREEN_WIDTHS;
/** A shot longer than this is cut: the results and note of a week fit, a 500-row table need not. */
const MAX_HEIGHT = 9000;
const SHOT_LIMIT_MS = 180_000;

/** The project root a site folder belongs to (<root>/site/out), or the folder itself (a temporary site). */
function rootOf(outDir: string): string {
  return basename(outDir) === 'out' && basename(dirname(outDir)) === 'site' ? dirname(dirname(outDir)) : outDir;
}

/** `<page name>-<desktop|phone>.png` in `dir`, for the page already open in `page` at that width. */
export async function screenshotOpenPage(page: Page, outDir: string, pagePath: string, name: ScreenName): Promise<string> {
  const dir = join(outDir, 'screenshots');
  ensureDir(rootOf(outDir), dir);
  const file = assertOwned(rootOf(outDir), join(dir, `${pagePath.replace(/\.html$/, '').replace(/[^\w-]/g, '_')}-${name}.png`));
  const width = page.viewportSize()?.width ?? SCREEN_WIDTHS[name];
  const height = await page.evaluate(() => document.getElementById('spec')?.offsetTop ?? document.body.scrollHeight);
  // A long page on a busy machine can take longer than playwright's default 30 s to capture.
  writeFileSync(file, await page.screenshot({ fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(Math.max(height, 1), MAX_HEIGHT) }, timeout: SHOT_LIMIT_MS }));
  return file;
}

export async function takeScreenshots(outDir: string, pagePath: string): Promise<string[]> {
  const server = await serveStatic(outDir);
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const written: string[] = [];
    for (const [name, width] of Object.entries(SCREEN_WIDTHS) as [ScreenName, number][]) {
      await page.setViewportSize({ width, height: name === 'phone' ? 844 : 900 });
      await page.goto(`${server.url}${pagePath}`, { waitUntil: 'load' });
      written.push(await screenshotOpenPage(page, outDir, pagePath, name));
    }
    return written;
  } finally {
    await browser.close();
    await server.close();
  }
}
