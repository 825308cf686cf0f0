import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get } from 'node:http';
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

describe('redirects stay on the site', () => {
  it.each(['//evil.example/..%2fassets', '//evil.example/%2e%2e/assets', '/assets', '/%2fassets'])('GET %s never sends the browser off-site', async (path) => {
    const server = await serveStatic(dir);
    const { host, hostname, port } = new URL(server.url);
    try {
      // A raw request: fetch would normalise the path before sending it.
      const response = await new Promise<{ status: number; location?: string }>((resolve, reject) => {
        const request = get({ host: hostname, port, path, headers: { host } }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, location: res.headers.location });
        });
        request.on('error', reject);
      });
      if (response.location !== undefined) {
        expect(response.status).toBe(301);
        expect(response.location).toMatch(/^\/(?!\/)/);
        expect(new URL(response.location, server.url).host).toBe(host);
      }
    } finally {
      await server.close();
    }
  });

  it('serves the site under a sub-path, as GitHub Pages does for a project site', async () => {
    const server = await serveStatic(dir, { base: '/repo/' });
    try {
      expect(server.url).toMatch(/\/repo\/$/);
      expect(await (await fetch(server.url)).text()).toBe('<p>home</p>');
      expect((await fetch(new URL('/index.html', server.url))).status).toBe(404);
      const redirect = await fetch(`${server.url}assets`, { redirect: 'manual' });
      expect(redirect.headers.get('location')).toBe('/repo/assets/');
    } finally {
      await server.close();
    }
  });
});
