/**
 * A small static file server for the built site (node:http, no dependency): `npm run preview` and
 * the browser test use it. It listens on 127.0.0.1 only and never serves a file outside its folder.
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

async function respond(dir: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
    response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'Method not allowed\n');
  const path = filePathFor(dir, request.url ?? '/');
  if (!path) return send(400, 'Bad path\n');
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      response.writeHead(301, { Location: `${(request.url ?? '/').split('?')[0]}/` });
      return void response.end();
    }
    send(200, await readFile(path), TYPES[extname(path)] ?? 'application/octet-stream');
  } catch {
    send(404, 'Not found\n');
  }
}

export function serveStatic(dir: string, options: { port?: number; host?: string } = {}): Promise<StaticServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => void respond(dir, request, response));
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolvePromise({
        url: `http://${host}:${port}/`,
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}

export function siteOutDir(root: string): string {
  return join(root, 'site', 'out');
}
