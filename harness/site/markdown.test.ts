import { describe, expect, it } from 'vitest';
import { isSafeUrl, renderMarkdown } from './markdown.ts';

const render = (text: string, resolveLink?: (href: string) => string | undefined) => renderMarkdown(text, { idPrefix: 'p-', resolveLink });

describe('math', () => {
  it('typesets inline and display math with KaTeX at build time, leaving no TeX delimiters', () => {
    const html = render('Inline $Y_{ij} = \\sum_p X_{ip} W_{pj}$ and\n\n$$\\frac{a}{b}$$\n');
    expect(html).toContain('<span class="math-inline"><span class="katex">');
    expect(html).toContain('<div class="math-display"><span class="katex-display">');
    expect(html).toContain('<mfrac>'); // MathML for screen readers, not the raw TeX
    expect(html).not.toMatch(/\$\$|\$Y/);
  });

  it('shows a TeX error as text instead of failing, and never lets \\href make a link', () => {
    const html = render('Bad $\\frac{1}{$ and $\\href{javascript:alert(1)}{x}$');
    expect(html).not.toMatch(/<a\b/);
    expect(html).toContain('katex-error');
  });
});

describe('links', () => {
  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'file:///etc/passwd',
    '//evil.example/x',
  ])('refuses %j', (url) => {
    expect(isSafeUrl(url)).toBe(false);
  });

  it.each(['https://example.org/a', 'http://example.org', 'mailto:me@example.org', '#section', '../01-linear/spec.md'])('accepts %j', (url) => {
    expect(isSafeUrl(url)).toBe(true);
  });

  it('never turns an unsafe destination into a link, in any markdown form', () => {
    const html = render(
      '[a](javascript:alert(1)) [b](jav&#x09;ascript:alert(1)) [c](&#106;avascript:alert(1)) <javascript:alert(1)> [d][ref] ![e](javascript:alert(1))\n\n[ref]: javascript:alert(1)\n',
    );
    expect(html).not.toMatch(/<a\b/);
    expect(html).not.toMatch(/href=/);
  });

  it('keeps safe absolute links, marks them noopener, and links bare URLs', () => {
    const html = render('[docs](https://katex.org) and https://example.org/x');
    expect(html).toContain('<a href="https://katex.org" rel="noopener noreferrer nofollow">docs</a>');
    expect(html).toContain('<a href="https://example.org/x" rel="noopener noreferrer nofollow">https://example.org/x</a>');
  });

  it('links relative paths only when they resolve to a page, and shows the rest as text', () => {
    const resolve = (href: string) => (href.includes('01-linear') ? '01-linear.html' : undefined);
    const html = render('[week 1](../01-linear/spec.md) and [gone](../99-nope/spec.md)', resolve);
    expect(html).toContain('<a href="01-linear.html">week 1</a>');
    expect(html).toContain('<span class="link-off" title="not published: ../99-nope/spec.md">gone</span>');
  });

  it('shows images as their alt text, so a page makes no request of its own', () => {
    const html = render('![a tracking pixel](https://tracker.example/p.png)');
    expect(html).not.toContain('<img');
    expect(html).toContain('[image: a tracking pixel]');
  });
});

describe('structure', () => {
  it('escapes raw HTML instead of passing it through', () => {
    const html = render('<script>alert(1)</script>\n\n<b onclick="x()">hi</b>');
    expect(html).not.toMatch(/<script|<b /);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('drops the leading title, shifts headings a level down and gives each a unique prefixed id', () => {
    const html = render('# Title\n\n## Memory\n\ntext\n\n## Memory\n\n### Sub <x>\n');
    expect(html).not.toContain('Title');
    expect(html).toContain('<h3 id="p-memory">Memory</h3>');
    expect(html).toContain('<h3 id="p-memory-2">Memory</h3>');
    expect(html).toContain('<h4 id="p-sub-x">Sub &lt;x&gt;</h4>');
  });

  it('wraps tables so a wide one scrolls instead of widening the page', () => {
    expect(render('| a | b |\n|---|---|\n| 1 | 2 |\n')).toMatch(/^<div class="table-wrap"><table>/);
  });

  it('renders a worked example block as a table of its values, not as YAML source', () => {
    const html = render('```example worked\nB: 32\nparams: 2362368\nW: [[1, 0], [2, 1]]\nbytes: { fp32: 8, bf16: 4 }\nv: [1, 2.5]\n```\n');
    expect(html).toContain('<figcaption>Worked example <code>worked</code></figcaption>');
    expect(html).toContain('<span class="num">2,362,368</span>');
    expect(html).toContain('<table class="matrix"><tbody><tr><td><span class="num">1</span></td><td><span class="num">0</span></td></tr>');
    expect(html).toMatch(/<table class="map"><thead><tr><th scope="col">fp32<\/th><th scope="col">bf16<\/th>/);
    expect(html).toContain('<span class="vector">[<span class="num">1</span>, <span class="num">2.5</span>]</span>');
    expect(html).not.toContain('params: 2362368');
  });

  it('shows an example that is not YAML as escaped source, with a note', () => {
    const html = render('```example broken\nx: [1, 2\n<b>\n```\n');
    expect(html).toContain('not valid YAML');
    expect(html).toContain('&lt;b&gt;');
  });
});
