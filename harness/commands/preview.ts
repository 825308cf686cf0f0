/**
 * `npm run preview [-- --port N] [--minutes M]`: serve site/out on 127.0.0.1 and print the URL.
 * Stops on Ctrl-C, or by itself after M minutes (default 60) so a forgotten server does not linger.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic, siteOutDir } from '../site/serve.ts';
import { integer, positive, withArgs, type CommandSpec } from './args.ts';

export const spec = {
  name: 'preview',
  summary: 'Serve site/out/ on http://127.0.0.1:4173/ (or the next free port).',
  options: {
    port: { type: 'string', value: 'N', help: 'the port (default 4173; another free one if taken)', parse: integer(1) },
    minutes: { type: 'string', value: 'M', help: 'stop by itself after M minutes (default 60)', parse: positive },
  },
} as const satisfies CommandSpec;

export function run(root: string, args: string[]): Promise<number> {
  return withArgs(spec, args, async ({ values }) => {
    const dir = siteOutDir(root);
    if (!existsSync(join(dir, 'index.html'))) {
      console.error('There is no site to preview yet: run npm run site (your notebook) or npm run demo (the reference) first.');
      return 1;
    }
    const minutes = values.minutes ?? 60;
    const server = await serveStatic(dir, { port: values.port ?? 4173 }).catch(() => serveStatic(dir)); // port taken: any free one
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
  });
}
