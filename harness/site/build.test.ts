import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildSite } from './build.ts';
import { loadCourse } from '../course/load.ts';
import { HOSTILE_PROMPTS, hostileNote, syntheticProgress, writeFixtureCourse } from './fixtures.ts';
import { MARKER } from './output.ts';
import { MANIFEST_FILE } from './manifest.ts';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

function course(weeks: Parameters<typeof writeFixtureCourse>[1]): string {
  const root = mkdtempSync(join(tmpdir(), 'site-build-'));
  roots.push(root);
  writeFixtureCourse(root, weeks);
  return root;
}

async function build(root: string, complete = true) {
  const loaded = loadCourse(root);
  return buildSite({ course: loaded, progress: syntheticProgress(loaded, 'weeks', () => complete) });
}

const note = '## What did this week teach?\n\nThat a shape ledger written before the code catches mistakes before they are ever run.\n';

describe('buildSite', () => {
  it('writes an index, one page per week, the stylesheet and KaTeX with its fonts', async () => {
    const root = course([{ slug: '01-a', title: 'A', note }, { slug: '02-b', title: 'B' }]);
    const built = await build(root);
    const out = join(root, 'site', 'out');
    expect(built.pages).toEqual(['index.html', '01-a.html', '02-b.html']);
    for (const file of ['index.html', '01-a.html', '02-b.html', 'assets/style.css', 'assets/katex/katex.min.css', 'assets/favicon.svg']) expect(existsSync(join(out, file)), file).toBe(true);
    const css = readFileSync(join(out, 'assets/katex/katex.min.css'), 'utf8');
    const fonts = [...css.matchAll(/url\((fonts\/[^)]+)\)/g)].map((m) => m[1]!);
    expect(fonts.length).toBeGreaterThan(10);
    expect(fonts.filter((f) => !existsSync(join(out, 'assets/katex', f)))).toEqual([]);
    expect(readFileSync(join(out, '01-a.html'), 'utf8')).toContain('That a shape ledger written');
  });

  it('removes the page of a renamed week, and keeps bench.json', async () => {
    const root = course([{ slug: '01-a', title: 'A' }, { slug: '02-old', title: 'Old' }]);
    await build(root);
    const out = join(root, 'site', 'out');
    mkdirSync(join(out, 'screenshots'));
    // A week is its two folders: both are renamed.
    renameSync(join(root, 'weeks', '02-old'), join(root, 'weeks', '02-new'));
    renameSync(join(root, 'solutions', '02-old'), join(root, 'solutions', '02-new'));
    await build(root);
    expect(readdirSync(out).sort()).toEqual([MARKER, MANIFEST_FILE, '01-a.html', '02-new.html', 'assets', 'screenshots', 'index.html'].sort());
    expect(readFileSync(join(out, 'index.html'), 'utf8')).not.toContain('02-old');
  });

  it('refuses to empty a folder that is not a site output', async () => {
    const root = course([{ slug: '01-a', title: 'A' }]);
    const precious = join(root, 'precious');
    mkdirSync(precious);
    writeFileSync(join(precious, 'thesis.md'), 'years of work');
    await expect(buildSite({ course: loadCourse(root), progress: syntheticProgress(loadCourse(root), 'weeks', () => true), outDir: precious })).rejects.toThrow(/refusing/);
    expect(readFileSync(join(precious, 'thesis.md'), 'utf8')).toBe('years of work');
  });

  it('gives the same bytes when built twice (no timestamps, stable order)', async () => {
    const root = course([{ slug: '01-a', title: 'A', note }]);
    await build(root);
    const first = readFileSync(join(root, 'site/out/01-a.html'), 'utf8');
    await build(root);
    expect(readFileSync(join(root, 'site/out/01-a.html'), 'utf8')).toBe(first);
  });

  it('publishes a note only once its week is complete', async () => {
    const root = course([{ slug: '01-a', title: 'A', note }]);
    await build(root, false);
    expect(readFileSync(join(root, 'site/out/01-a.html'), 'utf8')).not.toContain('That a shape ledger written');
  });

  it('renders hostile front matter and a hostile note inert on the built page', async () => {
    const root = course([{ slug: '01-hostile', title: '<script>window.__hostile = 1</script> & "T"', prompts: HOSTILE_PROMPTS, note: hostileNote() }]);
    await build(root);
    const html = readFileSync(join(root, 'site/out/01-hostile.html'), 'utf8');
    expect(html).toContain('This answer has plenty of words'); // the note was published ...
    const openTags = html.match(/<[a-zA-Z][^>]*>/g) ?? [];
    expect(openTags.filter((t) => /^<script|\son[a-z]+\s*=|(href|src)\s*=\s*"\s*(javascript|data|vbscript):/i.test(t))).toEqual([]); // ... and is inert
    expect(readFileSync(join(root, 'site/out/index.html'), 'utf8')).toContain('&lt;script&gt;window.__hostile = 1&lt;/script&gt; &amp; &quot;T&quot;');
  });
});
