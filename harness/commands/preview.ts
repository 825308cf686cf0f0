/**
 * `npm run preview [-- --port N] [--minutes M]`: serve site/out on 127.0.0.1 and print the URL.
 * Stops on Ctrl-C, or by itself after M minutes (default 60) so a forgotten server does not linger.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic, siteOutDir } from '../site/serve.ts';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

export async function run(root: string, args: string[]): Promise<number> {
  const dir = siteOutDir(root);
  if (!existsSync(join(dir, 'index.html'))) {
    console.error('There is no site to preview yet: run npm run site (your notebook) or npm run demo (the reference) first.');
    return 1;
  }
  const port = option(args, '--port', 4173);
  const minutes = option(args, '--minutes', 60);
  const server = await serveStatic(dir, { port }).catch(() => serveStatic(dir)); // port taken: any free one
  console.log(`Serving site/out at ${server.url}  (Ctrl-C to stop; stops by itself after ${minutes} min)`);
  await new Promise<void>((done) => {
    const timer = setTimeout(done, minutes * 60_000);
    const stop = () => {
      clearTimeout(timer);
      done();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  console.log('Preview stopped.');
  return 0;
}
