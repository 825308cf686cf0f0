import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filePathFor, serveStatic } from './serve.ts';

const base = mkdtempSync(join(tmpdir(), 'site-serve-'));
const dir = join(base, 'out');
mkdirSync(join(dir, 'assets'), { recursive: true });
writeFileSync(join(dir, 'index.html'), '<p>home</p>');
writeFileSync(join(dir, 'assets', 'style.css'), 'p{}');
writeFileSync(join(base, 'secret.txt'), 'outside the site');
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('the preview server', () => {
  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00'])('refuses %j, which would leave the site folder', (path) => {
    expect(filePathFor(dir, path)).toBeUndefined();
  });

  it('serves index.html for / with its type, and 404 for a missing page', async () => {
    const server = await serveStatic(dir);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const home = await fetch(server.url);
      expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await home.text()).toBe('<p>home</p>');
      expect((await fetch(`${server.url}assets/style.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect((await fetch(`${server.url}nope.html`)).status).toBe(404);
      const escape = await fetch(`${server.url}%2e%2e/secret.txt`);
      expect(escape.status).not.toBe(200);
      expect(await escape.text()).not.toContain('outside the site');
    } finally {
      await server.close();
    }
  });
});
