/**
 * The incremental publish on a fixture course of three complete weeks, where week 2's module
 * imports week 1's and week 3 stands alone and charts the bench's results. Each week's page shows
 * its module's value, so a page that ran on stale code would show a stale number. The page runs are
 * counted from the build's report; every incremental build is compared byte for byte with a full
 * rebuild of the same inputs.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../course/load.ts';
import type { Progress } from '../progress/document.ts';
import { buildSite, type BuiltSite } from './build.ts';
import { syntheticProgress, writeFixtureCourse } from './fixtures.ts';
import { ValueCache } from './cache.ts';
import { MANIFEST_FILE } from './manifest.ts';

const BENCH_FIGURE = fileURLToPath(new URL('../site/bench-figure.ts', import.meta.url));
const note = (n: number) => `## What did this week teach?\n\nWeek ${n} taught that a shape ledger written before the code catches mistakes before they run.\n`;

let root: string;
let out: string;

const page = (extra = '') => `${extra}
export default { tables(ctx) { return [{ title: 'Thing', rows: [{ label: \`the thing is \${ctx.modules.thing.thing}\`, value: ctx.modules.thing.thing }] }]; } };
`;

function writeCourse(): void {
  writeFixtureCourse(root, [
    { slug: '01-a', title: 'A', note: note(1) },
    { slug: '02-b', title: 'B', note: note(2) },
    { slug: '03-c', title: 'C', note: note(3) },
  ]);
  const week = (slug: string) => join(root, 'weeks', slug);
  writeFileSync(join(week('01-a'), 'thing.ts'), 'export const thing = 101;\n');
  writeFileSync(join(week('02-b'), 'thing.ts'), "import { thing as base } from '../01-a/thing.ts';\nexport const thing = base + 10;\n");
  writeFileSync(join(week('03-c'), 'thing.ts'), 'export const thing = 303;\n');
  const author = (slug: string) => join(root, 'solutions', slug);
  writeFileSync(join(author('01-a'), 'page.ts'), page());
  writeFileSync(join(author('02-b'), 'page.ts'), page());
  // Imports the harness's bench figure, so the bench's stored results are among its inputs.
  writeFileSync(join(author('03-c'), 'page.ts'), page(`import { benchFigureFor } from ${JSON.stringify(BENCH_FIGURE)};\nvoid benchFigureFor;`));
}

function progress(): Progress {
  return { ...syntheticProgress(loadCourse(root), 'weeks', () => true), course: { commit: 'a'.repeat(40), note: 'fixture' } };
}

function build(options: { full?: boolean; progress?: Progress } = {}): Promise<BuiltSite> {
  // A fixed harness digest: an edit to harness/ or package.json while this runs must not turn a build into a full one.
  const log = (line: string) => console.log(line); // problems only: a page that could not run or be scanned
  return buildSite({ course: loadCourse(root), progress: options.progress ?? progress(), full: options.full, harness: 'fixture harness', log });
}

/**
 * Every file of the output folder and its bytes, but assets/: those are compared with their sources
 * on every build (output.ts), and an edit to site/style.css while this runs must not fail it.
 */
function snapshot(): Record<string, string> {
  const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  const paths = files.map((e) => relative(out, join(e.parentPath, e.name))).filter((f) => !f.startsWith('assets')).sort();
  return Object.fromEntries(paths.map((f) => [f, readFileSync(join(out, f)).toString('base64')]));
}

/** The pages a build wrote (assets left out, as above). */
const pagesWritten = (built: BuiltSite) => built.written.filter((f) => f.endsWith('.html')).sort();

/** The output equals what a full rebuild of the same inputs writes, byte for byte. */
async function expectSameAsFullRebuild(): Promise<void> {
  const incremental = snapshot();
  const full = await build({ full: true });
  expect(full.full).toBe('a full build was asked for');
  expect(snapshot()).toEqual(incremental);
}

const edit = (path: string, text: string) => appendFileSync(join(root, path), text);
const html = (slug: string) => readFileSync(join(out, `${slug}.html`), 'utf8');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'publish-incremental-'));
  out = join(root, 'site', 'out');
  writeCourse();
  const first = await build();
  expect(first.full).toBe('no manifest from an earlier build');
  expect(first.ran).toEqual(['01-a', '02-b', '03-c']);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('publishing only what changed', () => {
  it('with nothing changed, runs no page, computes no part and writes no file', async () => {
    const manifestWritten = statSync(join(out, MANIFEST_FILE)).mtimeMs;
    const built = await build();
    expect(built).toMatchObject({ full: undefined, ran: [], computed: [] });
    expect(pagesWritten(built)).toEqual([]);
    expect(statSync(join(out, MANIFEST_FILE)).mtimeMs).toBe(manifestWritten);
    expect(html('02-b')).toContain('the thing is 111');
  });

  it('a changed module runs the pages of its week and of the later weeks that import it, and no other', async () => {
    writeFileSync(join(root, 'weeks/01-a/thing.ts'), 'export const thing = 202;\n');
    const built = await build();
    expect(built.ran).toEqual(['01-a', '02-b']);
    expect(built.computed).toEqual(['results:01-a', 'results:02-b']);
    expect(pagesWritten(built)).toEqual(['01-a.html', '02-b.html']);
    expect(html('01-a')).toContain('the thing is 202');
    expect(html('02-b')).toContain('the thing is 212');
    await expectSameAsFullRebuild();
  });

  it('a module of the last week runs only its own page', async () => {
    edit('weeks/03-c/thing.ts', '// a comment changes the bytes, and the bytes are what count\n');
    expect((await build()).ran).toEqual(['03-c']);
  });

  it('a changed note renders only that note and rewrites only its page', async () => {
    edit('weeks/02-b/notes.md', '\nAnd one more sentence, added after the week was done.\n');
    const built = await build();
    expect(built).toMatchObject({ ran: [], computed: ['note:02-b'] });
    expect(pagesWritten(built)).toEqual(['02-b.html']);
    expect(html('02-b')).toContain('added after the week was done');
    await expectSameAsFullRebuild();
  });

  it('a spec whose prose changed is typeset again; its page does not run', async () => {
    edit('weeks/01-a/spec.md', '\nOne more paragraph with $x^2$ in it.\n');
    const built = await build();
    expect(built).toMatchObject({ ran: [], computed: ['spec:01-a'] });
    expect(pagesWritten(built)).toEqual(['01-a.html']);
    await expectSameAsFullRebuild();
  });

  it('new bench results run the page that charts them, and only that one', async () => {
    mkdirSync(join(root, '.course'), { recursive: true });
    writeFileSync(join(root, '.course', 'bench.json'), '{"results": "new"}\n');
    expect((await build()).ran).toEqual(['03-c']);
  });

  it('a new file beside an imported module runs the pages that import from that folder', async () => {
    writeFileSync(join(root, 'weeks/01-a/thing.js'), 'export const thing = -1;\n');
    expect((await build()).ran).toEqual(['01-a', '02-b']);
  });

  it('a change in the progress document alone renders pages again but runs none', async () => {
    const changed = progress();
    changed.weeks[2] = { ...changed.weeks[2]!, status: 'in progress' };
    const built = await build({ progress: changed });
    expect(built.ran).toEqual([]);
    expect(pagesWritten(built)).toContain('03-c.html');
    expect(html('03-c')).not.toContain('the thing is 303');
    // Complete again: its results come back from the cache.
    expect((await build()).ran).toEqual([]);
    expect(html('03-c')).toContain('the thing is 303');
  });
});

describe('never a wrong page', () => {
  it('a corrupt manifest means a full rebuild, with the same bytes', async () => {
    const before = snapshot();
    writeFileSync(join(out, MANIFEST_FILE), '{"version": 1, "build": "x", "parts": {"results:01-a": 7}');
    const built = await build();
    expect(built.full).toBe('the manifest is corrupt');
    expect(built.ran).toEqual(['01-a', '02-b', '03-c']);
    expect(snapshot()).toEqual(before);
  });

  it('a manifest from another course commit means a full rebuild', async () => {
    const built = await build({ progress: { ...progress(), course: { commit: 'b'.repeat(40), note: 'fixture' } } });
    expect(built.full).toBe('the harness, its packages, the course commit or the published tree changed');
    expect(built.ran).toEqual(['01-a', '02-b', '03-c']);
    expect((await build()).full).toBeDefined(); // and back again
  });

  it('a page edited or deleted in the output folder is written again', async () => {
    const before = snapshot();
    writeFileSync(join(out, '01-a.html'), 'defaced');
    rmSync(join(out, 'assets', 'style.css'));
    writeFileSync(join(out, 'stray.html'), 'not from any build');
    const built = await build();
    expect(built.ran).toEqual([]);
    expect(pagesWritten(built)).toEqual(['01-a.html']);
    expect(built.written).toContain('assets/style.css');
    expect(existsSync(join(out, 'stray.html'))).toBe(false);
    expect(snapshot()).toEqual(before);
  });

  it('a damaged cache entry is computed again', async () => {
    const cache = new ValueCache(root, out);
    // Still valid JSON, but no longer the bytes its name is the digest of.
    for (const entry of readdirSync(cache.dir)) appendFileSync(join(cache.dir, entry), ' ');
    const before = snapshot();
    const built = await build();
    expect(built.full).toBeUndefined();
    expect(built.ran).toEqual(['01-a', '02-b', '03-c']);
    expect(snapshot()).toEqual(before);
  });
});
