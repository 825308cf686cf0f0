/**
 * The built site in a real browser: Debian's Chromium driven by playwright-core. It builds the demo
 * site (the reference solutions and exemplar notes, every week marked complete with its predictions
 * scored, so every page shows its results, tables and figures) and a site holding the hostile note,
 * serves both under a sub-path (/repo/, as GitHub Pages serves a project site), opens every page
 * reachable by links at desktop (1280 px) and phone (390 px) width and records what happened:
 * requests, math, figures, the size of chart text, and whether any table hides a column. Screenshots
 * of the index and every week page go to site/out/screenshots/. This test never skips: without
 * Chromium it fails, saying how to install it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from './build.ts';
import { chromiumMissing, launchChromium, type Browser } from './browser.ts';
import { MIN_TEXT_PX } from './charts.ts';
import { loadCourse, type Course } from '../course/load.ts';
import type { Progress, PredictionResult } from '../progress/document.ts';
import { HOSTILE_PROMPTS, hostileNote, syntheticProgress, writeFixtureCourse } from './fixtures.ts';
import { screenshotOpenPage, SCREEN_WIDTHS, type ScreenName } from './screenshots.ts';
import { serveStatic, type StaticServer } from './serve.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BASE = '/repo/';
const WIDTHS = Object.entries(SCREEN_WIDTHS) as [ScreenName, number][];
/** Playwright waits 30 s for a screenshot by default; a busy machine (npm test runs the mutants beside this) can take longer. */
const SHOT_LIMIT_MS = 180_000;

/** What one table looks like at one width (see tableFacts). */
type TableFact = { label: string; hidden: boolean; scrolls: boolean; cue: boolean; pinned: boolean | null; keyHidden: string[]; smallestText: number };
/** The scroll cue of one overflowing table at phone width: median brightness of its right edge at either end of the scroll. */
type CueFact = { label: string; atStart: number; atEnd: number };

type Visit = {
  url: string;
  problems: string[];
  requests: string[];
  katex: number;
  mathml: number;
  charts: number;
  figures: { title: string; description: string }[];
  scripts: number;
  hostile: unknown;
  dialogs: number;
  links: string[];
  ids: string[];
  phoneOverflow: number;
  chartText: Record<ScreenName, number>;
  tables: Record<ScreenName, TableFact[]>;
  cues: CueFact[];
};

const scratch = mkdtempSync(join(tmpdir(), 'site-browser-'));
const visits = new Map<string, Visit>();
const servers: StaticServer[] = [];
let browser: Browser | undefined;
let decoder: Page | undefined;

/** Every scored prediction a spec asks, answered as a learner might (some hits, some close, some misses). */
function withPredictions(course: Course, progress: Progress): Progress {
  const factors = [1, 1.6, 4];
  const weeks = progress.weeks.map((w) => {
    const questions = course.weeks.find((c) => c.slug === w.slug)?.spec.predictions ?? [];
    const predictions: PredictionResult[] = questions.map((q, i) => {
      const question = q.ask.replace(/\{(\w+)\}/g, (_, name: string) => String(q.given?.[name] ?? name));
      const truth = q.kind === 'shape' ? [8, 1024, 1024] : q.kind === 'choice' ? q.choices![0]! : q.kind === 'seconds' ? 0.0123 : q.kind === 'ratio' ? 4.1 : 12_582_912 * (i + 1);
      const value = typeof truth === 'number' ? truth * factors[i % 3]! : truth;
      const score = typeof truth === 'number' ? (['hit', 'close', 'miss'] as const)[i % 3]! : 'hit';
      const first = { text: Array.isArray(value) ? `[${value.join(', ')}]` : String(value), value, at: '2026-01-01T00:00:00.000Z', codeStarted: false };
      return { id: q.id, kind: q.kind, question, module: q.module, first, revisions: [], truth, score, ...(typeof value === 'number' && typeof truth === 'number' ? { ratio: value / truth } : {}) };
    });
    const count = (s: string) => predictions.filter((p) => p.score === s).length;
    return { ...w, predictions, predictionTally: { asked: predictions.length, answered: predictions.length, hit: count('hit'), close: count('close'), miss: count('miss') } };
  });
  return { ...progress, weeks };
}

/** Facts about every top-level table of the open page, in the browser. */
function tableFacts(): TableFact[] {
  const root = document.documentElement;
  const scroller = (el: Element): Element => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return a;
    return root;
  };
  const ownText = (el: Element) => Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
  const shown = (el: Element) => getComputedStyle(el).clip === 'auto' && (el as HTMLElement).offsetWidth > 1;
  return Array.from(document.querySelectorAll('main table')).filter((t) => !t.parentElement?.closest('table')).map((el) => {
    const table = el as HTMLTableElement;
    const box = scroller(table);
    const boxRect = box.getBoundingClientRect();
    const right = box === root ? window.innerWidth : boxRect.left + box.clientLeft + box.clientWidth;
    const style = box === root ? undefined : getComputedStyle(box);
    const scrolls = !!style && ['auto', 'scroll'].includes(style.overflowX) && box.scrollWidth > box.clientWidth;
    const layers = style ? style.backgroundAttachment.split(',').map((s) => s.trim()) : [];
    const cue = !!style && box.classList.contains('table-wrap') && layers.includes('local') && layers.includes('scroll') && (style.backgroundImage.match(/gradient/g) ?? []).length >= 4;
    const heads = Array.from(table.tHead?.rows[0]?.cells ?? []);
    const keys = heads.flatMap((h, i) => (h.classList.contains('key') ? [i] : []));
    const keyHidden = new Set<string>();
    for (const row of Array.from(table.rows)) {
      for (const i of keys) if (row.cells[i] && row.cells[i]!.getBoundingClientRect().right > right + 0.5) keyHidden.add(heads[i]!.textContent?.trim() || `column ${i + 1}`);
    }
    let pinned: boolean | null = null;
    if (scrolls) {
      box.scrollLeft = box.scrollWidth;
      const first = table.rows[table.rows.length - 1]?.cells[0];
      pinned = !!first && first.getBoundingClientRect().left >= boxRect.left - 0.5;
      box.scrollLeft = 0;
    }
    const sizes = Array.from(table.querySelectorAll('*')).filter((e) => ownText(e) && shown(e)).map((e) => parseFloat(getComputedStyle(e).fontSize));
    const label = (table.caption?.textContent ?? heads.map((h) => h.textContent).join(' | ')).trim().slice(0, 80);
    return { label, hidden: table.getBoundingClientRect().right > right + 0.5, scrolls, cue, pinned, keyHidden: [...keyHidden], smallestText: Math.min(...sizes) };
  });
}

/** The smallest chart text on the page in CSS pixels: font size times the SVG's scale on screen. */
function smallestChartText(): number {
  const sizes = Array.from(document.querySelectorAll('figure.chart svg text')).map((t) => {
    const m = (t as SVGGraphicsElement).getScreenCTM();
    return m ? Math.hypot(m.a, m.b) * parseFloat(getComputedStyle(t).fontSize) : 0;
  });
  return sizes.length === 0 ? Infinity : Math.min(...sizes);
}

/** Median brightness (0–255) of a strip 3 to 7 px in from the right edge of a PNG, over its middle rows; decoded by the browser in a blank page. */
async function rightEdgeBrightness(png: Buffer): Promise<number> {
  return decoder!.evaluate(async (b64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${b64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [image.width, image.height];
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const top = Math.floor(image.height * 0.25);
    const { data } = context.getImageData(image.width - 7, top, 4, Math.max(1, Math.floor(image.height * 0.6)));
    const values: number[] = [];
    for (let i = 0; i < data.length; i += 4) values.push(0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!);
    values.sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)]!;
  }, png.toString('base64'));
}

/** For each table-wrap that scrolls at this width (and is not huge), how its right edge looks at the start and the end of the scroll. */
async function cueFacts(page: Page): Promise<CueFact[]> {
  const wraps = page.locator('main .table-wrap');
  const facts: CueFact[] = [];
  for (let i = 0; i < (await wraps.count()); i++) {
    const wrap = wraps.nth(i);
    const info = await wrap.evaluate((el) => ({ scrolls: el.scrollWidth > el.clientWidth, height: el.clientHeight, label: (el.querySelector('caption, thead')?.textContent ?? '').trim().slice(0, 60) }));
    if (!info.scrolls || info.height > 1500) continue;
    const atStart = await rightEdgeBrightness(await wrap.screenshot({ timeout: SHOT_LIMIT_MS }));
    await wrap.evaluate((el) => (el.scrollLeft = el.scrollWidth));
    const atEnd = await rightEdgeBrightness(await wrap.screenshot({ timeout: SHOT_LIMIT_MS }));
    await wrap.evaluate((el) => (el.scrollLeft = 0));
    facts.push({ label: info.label, atStart, atEnd });
  }
  return facts;
}

async function visit(page: Page, url: string, screenshotDir: string | undefined): Promise<Visit> {
  const problems: string[] = [];
  const requests: string[] = [];
  let dialogs = 0;
  page.removeAllListeners();
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.setViewportSize({ width: SCREEN_WIDTHS.desktop, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  const facts = await page.evaluate(() => ({
    katex: document.querySelectorAll('.katex').length,
    mathml: document.querySelectorAll('.katex .katex-mathml math').length,
    charts: document.querySelectorAll('figure.chart svg[role="img"]').length,
    figures: Array.from(document.querySelectorAll('figure.chart')).map((f) => {
      const label = f.querySelector('svg[role="img"]')?.getAttribute('aria-labelledby');
      return { title: f.querySelector('figcaption strong')?.textContent?.trim() ?? '', description: (label && document.getElementById(label)?.textContent?.trim()) || '' };
    }),
    scripts: document.scripts.length,
    hostile: (window as unknown as { __hostile?: unknown }).__hostile,
    links: Array.from(document.querySelectorAll('a[href]')).map((a) => (a as HTMLAnchorElement).href),
    ids: Array.from(document.querySelectorAll('[id]')).map((e) => e.id),
  }));
  const chartText = {} as Record<ScreenName, number>;
  const tables = {} as Record<ScreenName, TableFact[]>;
  let phoneOverflow = 0;
  let cues: CueFact[] = [];
  const pagePath = new URL(url).pathname.slice(BASE.length);
  for (const [name, width] of WIDTHS) {
    await page.setViewportSize({ width, height: name === 'phone' ? 844 : 900 });
    chartText[name] = await page.evaluate(smallestChartText);
    tables[name] = await page.evaluate(tableFacts);
    if (name === 'phone') {
      phoneOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      cues = await cueFacts(page);
    }
    if (screenshotDir && (pagePath === 'index.html' || /^\d\d-/.test(pagePath))) await screenshotOpenPage(page, screenshotDir, pagePath, name);
  }
  return { url, problems, requests, dialogs, phoneOverflow, chartText, tables, cues, ...facts };
}

/** Every page reachable from the index by internal links under the sub-path. */
async function crawl(page: Page, start: string, screenshotDir?: string): Promise<void> {
  const queue = [start];
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (visits.has(url)) continue;
    const seen = await visit(page, url, screenshotDir);
    visits.set(url, seen);
    for (const link of seen.links) {
      const target = new URL(link);
      target.hash = '';
      if (target.href.startsWith(start.slice(0, start.lastIndexOf('/') + 1)) && target.pathname.endsWith('.html')) queue.push(target.href);
    }
  }
}

beforeAll(async () => {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const demoOut = join(scratch, 'demo');
  const course = loadCourse(REPO);
  await buildSite({ course, progress: withPredictions(course, syntheticProgress(course, 'solutions', () => true)), outDir: demoOut });
  const hostileRoot = join(scratch, 'hostile-course');
  writeFixtureCourse(hostileRoot, [{ slug: '01-hostile', title: '<script>window.__hostile = "title"</script> Hostile', prompts: HOSTILE_PROMPTS, note: hostileNote() }]);
  await buildSite({ course: loadCourse(hostileRoot), progress: syntheticProgress(loadCourse(hostileRoot), 'weeks', () => true), outDir: join(scratch, 'hostile') });
  servers.push(await serveStatic(demoOut, { base: BASE }), await serveStatic(join(scratch, 'hostile'), { base: BASE }));
  browser = await launchChromium();
  browser.context.setDefaultTimeout(SHOT_LIMIT_MS);
  decoder = await browser.context.newPage();
  const page = await browser.context.newPage();
  await crawl(page, `${servers[0]!.url}index.html`, join(REPO, 'site', 'out'));
  await crawl(page, `${servers[1]!.url}index.html`);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.close()));
  rmSync(scratch, { recursive: true, force: true });
});

const pages = () => [...visits.values()];
const demoPages = () => pages().filter((v) => v.url.startsWith(servers[0]!.url));
const weekPage = (slug: string) => demoPages().find((v) => v.url.endsWith(`/${slug}.html`));
const each = <T>(select: (v: Visit) => T[]) => pages().flatMap((v) => select(v).map((x) => ({ page: new URL(v.url).pathname, ...x })));

describe('the demo site in Chromium, served under /repo/ as GitHub Pages serves a project site', () => {
  it('reaches the index and every week page from links alone, all under the sub-path', () => {
    const names = demoPages().map((v) => new URL(v.url).pathname).sort();
    expect(names).toContain(`${BASE}index.html`);
    expect(names.filter((n) => n.startsWith(BASE) && /\/\d\d-[a-z0-9-]+\.html$/.test(n)).length).toBeGreaterThanOrEqual(5);
  });

  it('loads every page without console errors, page errors or failed requests', () => {
    expect(pages().flatMap((v) => v.problems.map((p) => `${v.url}: ${p}`))).toEqual([]);
  });

  it('requests every page, stylesheet, font and icon from under the sub-path: nothing absolute', () => {
    const outside = pages().flatMap((v) => v.requests.filter((r) => !r.startsWith('data:') && !servers.some((s) => r.startsWith(s.url))).map((r) => `${v.url} → ${r}`));
    expect(outside).toEqual([]);
    const assets = new Set(pages().flatMap((v) => v.requests.map((r) => new URL(r).pathname)).filter((p) => p.includes('/assets/')));
    expect([...assets].some((p) => p.endsWith('/assets/style.css'))).toBe(true);
    expect([...assets].some((p) => /\/assets\/katex\/fonts\/.+\.woff2$/.test(p))).toBe(true);
  });

  it('typesets math on every week page whose spec writes any, keeping KaTeX’s MathML for screen readers, and needs no script on any page', () => {
    const weekPages = demoPages().filter((v) => !v.url.endsWith('/index.html'));
    const withMath = loadCourse(REPO).weeks.filter((w) => /\$[^$\n]+\$/.test(w.body)).map((w) => w.slug);
    expect(withMath.length).toBeGreaterThanOrEqual(3);
    expect(withMath.filter((slug) => !weekPage(slug)?.katex)).toEqual([]);
    expect(weekPages.filter((v) => v.mathml !== v.katex).map((v) => `${v.url}: ${v.mathml} MathML for ${v.katex} formulas`)).toEqual([]);
    expect(pages().filter((v) => v.scripts > 0).map((v) => v.url)).toEqual([]);
  });

  it('draws the figures of weeks 1 to 4 and the index’s calibration from the code, each with a title and a description', () => {
    for (const slug of ['01-linear', '02-training', '03-attention', '04-decoder']) expect(weekPage(slug)?.charts, slug).toBeGreaterThanOrEqual(1);
    expect(demoPages().find((v) => v.url.endsWith('/index.html'))?.charts).toBe(1);
    const figures = each((v) => v.figures);
    expect(figures.length).toBeGreaterThanOrEqual(7);
    expect(figures.filter((f) => f.title.length < 10 || f.description.length < 80)).toEqual([]);
  });

  it.each(WIDTHS)(`keeps chart text at least ${MIN_TEXT_PX} CSS px at %s width (%i px)`, (name) => {
    expect(demoPages().filter((v) => v.chartText[name] < MIN_TEXT_PX).map((v) => `${v.url}: ${v.chartText[name].toFixed(1)} px`)).toEqual([]);
  });

  it.each(WIDTHS)('hides no table column without a scroll cue, keeps key columns in view and text at least 11 px, at %s width', (name) => {
    const tables = each((v) => v.tables[name]);
    expect(tables.length).toBeGreaterThan(20);
    expect(tables.filter((t) => t.hidden && !(t.scrolls && t.cue && t.pinned))).toEqual([]);
    expect(tables.filter((t) => t.keyHidden.length > 0).map((t) => `${t.page} ${t.label}: ${t.keyHidden.join(', ')}`)).toEqual([]);
    expect(tables.filter((t) => t.smallestText < 11).map((t) => `${t.page} ${t.label}: ${t.smallestText} px`)).toEqual([]);
  });

  it('shows the scroll cue on a phone: a shadow at the right edge while there is more, none at the end', () => {
    const cues = each((v) => v.cues);
    expect(cues.length).toBeGreaterThan(0);
    expect(cues.filter((c) => !(c.atStart < 230 && c.atEnd > 245)).map((c) => `${c.page} ${c.label}: ${c.atStart.toFixed(0)} → ${c.atEnd.toFixed(0)}`)).toEqual([]);
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

  it('fits a 390-pixel phone screen without sideways scrolling of the page', () => {
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
