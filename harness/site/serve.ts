/**
 * A small static file server for the built site (node:http, no dependency): `npm run preview` and
 * the browser test use it. It listens on 127.0.0.1 only, never serves a file outside its folder, and
 * never redirects anywhere but to a folder of its own (a redirect is built from the file it found,
 * not from the request). With `base` ("/repo/") it serves the site under a sub-path, as GitHub
 * Pages does for a project site.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep, isAbsolute } from 'node:path';

export type StaticServer = { url: string; close(): Promise<void> };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file a URL path names inside `dir`, or undefined if it would escape it. */
export function filePathFor(dir: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  if (path.endsWith('/')) path += 'index.html';
  const root = resolve(dir);
  const target = resolve(root, `.${sep}${path}`);
  const rel = relative(root, target);
  return rel.startsWith('..') || isAbsolute(rel) ? undefined : target;
}

/** The site-relative URL of a folder inside `dir`, with a trailing slash: the only place a redirect may point. */
function folderUrl(dir: string, folder: string, base: string): string {
  const parts = relative(resolve(dir), folder).split(sep).filter(Boolean).map(encodeURIComponent);
  return `${base}${parts.map((p) => `${p}/`).join('')}`;
}

async function respond(dir: string, base: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
    response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'Method not allowed\n');
  const url = request.url ?? '/';
  if (!url.startsWith(base)) return send(404, 'Not found\n');
  const path = filePathFor(dir, `/${url.slice(base.length)}`);
  if (!path) return send(400, 'Bad path\n');
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      response.writeHead(301, { Location: folderUrl(dir, path, base) });
      return void response.end();
    }
    send(200, await readFile(path), TYPES[extname(path)] ?? 'application/octet-stream');
  } catch {
    send(404, 'Not found\n');
  }
}

export function serveStatic(dir: string, options: { port?: number; host?: string; base?: string } = {}): Promise<StaticServer> {
  const host = options.host ?? '127.0.0.1';
  const base = `/${(options.base ?? '').split('/').filter(Boolean).map(encodeURIComponent).join('/')}/`.replace(/^\/\/$/, '/');
  const server = createServer((request, response) => void respond(dir, base, request, response));
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolvePromise({
        url: `http://${host}:${port}${base}`,
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}

export function siteOutDir(root: string): string {
  return join(root, 'site', 'out');
}
