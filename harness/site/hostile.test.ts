/**
 * The hostile note renders inert: whatever it contains, the HTML that comes out has no script, no
 * event handler, no unsafe URL and only tags the renderer itself emits.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNoteFile } from '../course/notes.ts';
import { hostileNote } from './fixtures.ts';
import { renderMarkdown } from './markdown.ts';

/** Tags the renderer emits: markdown's own, the table wrappers, KaTeX's HTML and MathML. */
const ALLOWED_TAGS = new Set(
  'a p h2 h3 h4 h5 h6 ul ol li em strong code pre br hr blockquote div span table thead tbody tr th td figure figcaption math semantics mrow mi mo mn ms mtext mspace msub msup msubsup mfrac msqrt mroot mstyle mpadded mphantom mover munder munderover mtable mtr mtd menclose annotation svg path line'.split(' '),
);

function tags(html: string): { name: string; attrs: string }[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*)>/g)].map((m) => ({ name: m[1]!.toLowerCase(), attrs: m[2]! }));
}

describe('a hostile note', () => {
  const html = renderMarkdown(hostileNote(), { idPrefix: 'note-' });

  it('contains no tag the renderer does not emit itself (no script, img, iframe, style, svg from the note)', () => {
    const unexpected = tags(html).filter((t) => !ALLOWED_TAGS.has(t.name));
    expect(unexpected).toEqual([]);
    expect(html).not.toMatch(/<(script|img|iframe|style|object|embed)\b/i);
  });

  it('carries no event-handler attribute on any tag', () => {
    const handlers = tags(html).filter((t) => /(^|\s)on[a-z]+\s*=/i.test(t.attrs));
    expect(handlers).toEqual([]);
  });

  it('links only to https, and never to javascript:, data:, vbscript: or file: URLs', () => {
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual(['https://katex.org/docs/supported.html']);
    expect(html).not.toMatch(/(src|href|action)\s*=\s*["']?\s*(javascript|data|vbscript|file):/i);
  });

  it('shows the hostile markup and entities as visible text', () => {
    expect(html).toContain("&lt;script&gt;window.__hostile = 'script tag';&lt;/script&gt;");
    expect(html).toContain('&lt;img src=&quot;x&quot; onerror=');
    expect(html).toContain("&lt;script&gt;window.__hostile = 'entity'&lt;/script&gt;");
    expect(html).toContain('&amp; ampersand');
  });

  it('renders the huge table in full inside a scrolling wrapper, its cells still escaped', () => {
    const table = html.slice(html.lastIndexOf('<div class="table-wrap">'));
    expect(table.match(/<tr>/g)).toHaveLength(501);
    expect(table).toContain('&lt;b onmouseover=x&gt;499&lt;/b&gt;');
  });
});

describe('hostile input stays bounded', () => {
  it('10,000 identical headings get distinct ids in linear time (each suffix found once)', () => {
    const note = Array.from({ length: 10_000 }, () => '## same heading\n\ntext\n').join('\n');
    const html = renderMarkdown(note, { idPrefix: 'note-' });
    const ids = [...html.matchAll(/<h3 id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(10_000);
    expect(new Set(ids).size).toBe(10_000);
    expect(ids.slice(0, 3)).toEqual(['note-same-heading', 'note-same-heading-2', 'note-same-heading-3']);
    expect(ids[9_999]).toBe('note-same-heading-10000');
  });

  it('a note over 256 KiB is refused with a message naming the file, and is neither read nor published', () => {
    const dir = mkdtempSync(join(tmpdir(), 'big-note-'));
    try {
      const path = join(dir, 'notes.md');
      writeFileSync(path, `## Why?\n\n${'word '.repeat(2_200_000)}`);
      const read = readNoteFile(path, 'weeks/01-linear/notes.md');
      expect(read.text).toBeUndefined();
      expect(read.problem).toMatch(/^weeks\/01-linear\/notes\.md is \d+ KiB, over the 256 KiB a note may be/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
