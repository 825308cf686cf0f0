/**
 * Screenshots of a built page at desktop and phone width, into <outDir>/screenshots/ (which a
 * rebuild keeps). Used by `npm run demo -- --screenshots`; needs Chromium, like the browser test.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser.ts';
import { serveStatic } from './serve.ts';

export const SCREEN_WIDTHS = { desktop: 1280, phone: 390 } as const;

export async function takeScreenshots(outDir: string, pagePath: string): Promise<string[]> {
  const dir = join(outDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const server = await serveStatic(outDir);
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const written: string[] = [];
    for (const [name, width] of Object.entries(SCREEN_WIDTHS)) {
      await page.setViewportSize({ width, height: name === 'phone' ? 844 : 900 });
      await page.goto(`${server.url}${pagePath}`, { waitUntil: 'load' });
      const file = join(dir, `${pagePath.replace(/\.html$/, '')}-${name}.png`);
      // Everything above the spec: the header, the results with their figures, and the note.
      const height = await page.evaluate(() => document.getElementById('spec')?.offsetTop ?? document.body.scrollHeight);
      await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, 6000) } });
      written.push(file);
    }
    return written;
  } finally {
    await browser.close();
    await server.close();
  }
}
