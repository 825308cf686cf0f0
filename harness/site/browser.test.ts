/**
 * The built site in a real browser: Debian's Chromium driven by playwright-core. It builds the demo
 * site (the reference solutions and exemplar notes, every week marked complete so every page shows
 * its results) and a site holding the hostile note, serves both on 127.0.0.1, opens every page at
 * desktop and phone width and records what happened. This test never skips: without Chromium it
 * fails, saying how to install it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from './build.ts';
import { chromiumMissing, launchChromium, type Browser } from './browser.ts';
import { loadCourse } from '../course/load.ts';
import { HOSTILE_PROMPTS, hostileNote, syntheticProgress, writeFixtureCourse } from './fixtures.ts';
import { serveStatic, type StaticServer } from './serve.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

type Visit = {
  url: string;
  problems: string[];
  katex: number;
  charts: number;
  scripts: number;
  hostile: unknown;
  dialogs: number;
  links: string[];
  ids: string[];
  phoneOverflow: number;
};

const scratch = mkdtempSync(join(tmpdir(), 'site-browser-'));
const visits = new Map<string, Visit>();
const servers: StaticServer[] = [];
let browser: Browser | undefined;

async function visit(page: Page, url: string): Promise<Visit> {
  const problems: string[] = [];
  let dialogs = 0;
  page.removeAllListeners();
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  const facts = await page.evaluate(() => ({
    katex: document.querySelectorAll('.katex').length,
    charts: document.querySelectorAll('figure.chart svg[role="img"]').length,
    scripts: document.scripts.length,
    hostile: (window as unknown as { __hostile?: unknown }).__hostile,
    links: Array.from(document.querySelectorAll('a[href]')).map((a) => (a as HTMLAnchorElement).href),
    ids: Array.from(document.querySelectorAll('[id]')).map((e) => e.id),
  }));
  await page.setViewportSize({ width: 390, height: 844 });
  const phoneOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  return { url, problems, dialogs, phoneOverflow, ...facts };
}

/** Every page reachable from the index by internal links. */
async function crawl(page: Page, start: string): Promise<void> {
  const queue = [start];
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (visits.has(url)) continue;
    const seen = await visit(page, url);
    visits.set(url, seen);
    for (const link of seen.links) {
      const target = new URL(link);
      target.hash = '';
      if (target.origin === new URL(start).origin && target.pathname.endsWith('.html')) queue.push(target.href);
    }
  }
}

beforeAll(async () => {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const demoOut = join(scratch, 'demo');
  await buildSite({ course: loadCourse(REPO), progress: syntheticProgress(loadCourse(REPO), 'solutions', () => true), outDir: demoOut });
  const hostileRoot = join(scratch, 'hostile-course');
  writeFixtureCourse(hostileRoot, [{ slug: '01-hostile', title: '<script>window.__hostile = "title"</script> Hostile', prompts: HOSTILE_PROMPTS, note: hostileNote() }]);
  await buildSite({ course: loadCourse(hostileRoot), progress: syntheticProgress(loadCourse(hostileRoot), 'weeks', () => true), outDir: join(scratch, 'hostile') });
  servers.push(await serveStatic(demoOut), await serveStatic(join(scratch, 'hostile')));
  browser = await launchChromium();
  const page = await browser.context.newPage();
  for (const server of servers) await crawl(page, `${server.url}index.html`);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.close()));
  rmSync(scratch, { recursive: true, force: true });
});

const pages = () => [...visits.values()];
const demoPages = () => pages().filter((v) => v.url.startsWith(servers[0]!.url));
const weekPage = (slug: string) => demoPages().find((v) => v.url.endsWith(`/${slug}.html`));

describe('the demo site in Chromium', () => {
  it('reaches the index and every week page from links alone', () => {
    const names = demoPages().map((v) => new URL(v.url).pathname).sort();
    expect(names).toContain('/index.html');
    expect(names.filter((n) => /\/\d\d-[a-z0-9-]+\.html$/.test(n)).length).toBeGreaterThanOrEqual(5);
  });

  it('loads every page without console errors, page errors or failed requests', () => {
    expect(pages().flatMap((v) => v.problems.map((p) => `${v.url}: ${p}`))).toEqual([]);
  });

  it('typesets math on every week page and needs no script on any page', () => {
    const weekPages = demoPages().filter((v) => !v.url.endsWith('/index.html'));
    expect(weekPages.filter((v) => v.katex === 0).map((v) => v.url)).toEqual([]);
    expect(pages().filter((v) => v.scripts > 0).map((v) => v.url)).toEqual([]);
  });

  it('draws the figures of weeks 1 to 4 from the code, as accessible SVG', () => {
    for (const slug of ['01-linear', '02-training', '03-attention', '04-decoder']) {
      expect(weekPage(slug)?.charts, slug).toBeGreaterThanOrEqual(1);
    }
  });

  it('resolves every internal link, fragment included', () => {
    const broken: string[] = [];
    for (const v of pages()) {
      for (const link of v.links) {
        const url = new URL(link);
        if (url.origin !== new URL(v.url).origin) continue;
        const fragment = decodeURIComponent(url.hash.slice(1));
        url.hash = '';
        const target = visits.get(url.href);
        if (!target) broken.push(`${v.url} → ${link} (page not reached)`);
        else if (fragment && !target.ids.includes(fragment)) broken.push(`${v.url} → ${link} (no element with that id)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('fits a 390-pixel phone screen without sideways scrolling', () => {
    expect(pages().filter((v) => v.phoneOverflow > 0).map((v) => `${v.url} overflows by ${v.phoneOverflow}px`)).toEqual([]);
  });
});

describe('the hostile note in Chromium', () => {
  it('was published and ran no script: no dialog, no global set, no script element', () => {
    const hostile = pages().find((v) => v.url.endsWith('/01-hostile.html'));
    expect(hostile, 'the hostile page was reached').toBeDefined();
    expect(hostile!.ids).toContain('note-title');
    expect(hostile!.hostile).toBeUndefined();
    expect(hostile!.dialogs).toBe(0);
    expect(hostile!.scripts).toBe(0);
    expect(hostile!.links.filter((l) => !l.startsWith('http://127.0.0.1') && l !== 'https://katex.org/docs/supported.html')).toEqual([]);
  });
});
