/**
 * Markdown to HTML for specs and notes, both treated as untrusted: raw HTML is off, only http(s)
 * and mailto links survive as absolute links, relative links become links only when they resolve
 * to a page of the site, images are shown as their alt text (a page must make no requests of its
 * own), math is typeset at build time and ```example``` blocks become tables.
 */
import markdownIt from 'markdown-it';
import type { MarkdownIt, Token } from 'markdown-it';
import texmath from 'markdown-it-texmath';
import katex from 'katex';
import { attr, escapeHtml, slugify } from './html.ts';
import { renderMath } from './math.ts';
import { renderExampleBlock } from './examples.ts';

export type RenderOptions = {
  /** Prefix for heading ids, so a spec and a note on one page cannot collide ("spec-", "note-"). */
  idPrefix: string;
  /** Maps a relative link (e.g. "../01-linear/spec.md") to a page of the site, or refuses it. */
  resolveLink?: (href: string) => string | undefined;
};

/** ids: every id given so far; next: the next suffix to try per base, so 10,000 equal headings take linear time. */
type SiteEnv = RenderOptions & { ids: Set<string>; next: Map<string, number>; deadLink: boolean };

const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * Whether a URL may become a link. Browsers drop control characters and whitespace inside a
 * scheme ("java\tscript:"), so they are removed before reading it; protocol-relative and
 * backslash forms are refused because their meaning depends on the page's own address.
 */
export function isSafeUrl(url: string): boolean {
  const cleaned = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (/^[\\/]{2}/.test(cleaned) || /^\/\\/.test(cleaned)) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  if (!scheme) return true; // relative: it becomes a link only if it resolves to a page (linkOpen)
  return SAFE_SCHEMES.has(scheme[1]!.toLowerCase());
}

function isAbsolute(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href);
}

let cached: MarkdownIt | undefined;

/** The configured renderer, built on first use (importing this module does no work). */
export function markdown(): MarkdownIt {
  cached ??= createMarkdown();
  return cached;
}

function createMarkdown(): MarkdownIt {
  const md = markdownIt({ html: false, linkify: true, typographer: false });
  md.validateLink = isSafeUrl;
  md.linkify.set({ fuzzyEmail: false, fuzzyIP: false });
  md.use(texmath, { engine: katex, delimiters: 'dollars' });
  md.core.ruler.push('site_headings', (state) => shapeHeadings(state.tokens, state.env as SiteEnv));
  overrideRules(md);
  return md;
}

/** Drop a leading "# Title" (the page header shows it), shift headings down a level, give each an id. */
function shapeHeadings(tokens: Token[], env: SiteEnv): void {
  if (tokens[0]?.type === 'heading_open' && tokens[0].tag === 'h1') tokens.splice(0, 3);
  tokens.forEach((token, i) => {
    if (token.type !== 'heading_open' && token.type !== 'heading_close') return;
    token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 1)}`;
    if (token.type === 'heading_open') token.attrSet('id', uniqueId(env, tokens[i + 1]?.content ?? ''));
  });
}

function uniqueId(env: SiteEnv, text: string): string {
  const base = `${env.idPrefix}${slugify(text)}`;
  let id = base;
  let n = env.next.get(base) ?? 2;
  for (; env.ids.has(id); n++) id = `${base}-${n}`;
  env.next.set(base, n);
  env.ids.add(id);
  return id;
}

function overrideRules(md: MarkdownIt): void {
  const rules = md.renderer.rules;
  rules.math_inline = (tokens, idx) => renderMath(tokens[idx]!.content, false);
  rules.math_inline_double = (tokens, idx) => renderMath(tokens[idx]!.content, true);
  rules.math_block = (tokens, idx) => renderMath(tokens[idx]!.content, true);
  rules.math_block_eqno = (tokens, idx) =>
    `<div class="math-eqno">${renderMath(tokens[idx]!.content, true)}<span class="eqno">(${escapeHtml(tokens[idx]!.info)})</span></div>`;
  rules.table_open = () => '<div class="table-wrap"><table>\n';
  rules.table_close = () => '</table></div>\n';
  rules.image = (tokens, idx) => `<span class="image-off">[image: ${escapeHtml(tokens[idx]!.content || 'no description')}]</span>`;
  rules.link_open = (tokens, idx, _options, env) => linkOpen(tokens[idx]!, env as SiteEnv);
  rules.link_close = (_tokens, _idx, _options, env) => closeLink(env as SiteEnv);
  const fence = rules.fence!;
  rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const [kind, name] = token.info.trim().split(/\s+/);
    if (kind === 'example' && name) return renderExampleBlock(name, token.content);
    return fence(tokens, idx, options, env, self);
  };
}

/** Links that leave the site get rel=noopener; relative links must resolve to a page or become text. */
function linkOpen(token: Token, env: SiteEnv): string {
  const href = String(token.attrGet('href') ?? '');
  const title = token.attrGet('title');
  const titleAttr = title ? ` title=${attr(title)}` : '';
  if (href.startsWith('#')) return `<a href=${attr(href)}${titleAttr}>`;
  if (isAbsolute(href)) return `<a href=${attr(href)}${titleAttr} rel="noopener noreferrer nofollow">`;
  const resolved = env.resolveLink?.(href);
  if (resolved !== undefined) return `<a href=${attr(resolved)}${titleAttr}>`;
  env.deadLink = true;
  return `<span class="link-off" title=${attr(`not published: ${href}`)}>`;
}

function closeLink(env: SiteEnv): string {
  if (!env.deadLink) return '</a>';
  env.deadLink = false;
  return '</span>';
}

/** Markdown source to an HTML fragment. Pure: the same input always gives the same string. */
export function renderMarkdown(source: string, options: RenderOptions): string {
  const env: SiteEnv = { ...options, ids: new Set(), next: new Map(), deadLink: false };
  return markdown().render(source, env);
}
