/**
 * What a week's page run reads, so the site computes a week's results again exactly when one of
 * those files changes: esbuild bundles the imports the run bundles (collect.ts, sandbox/run.ts) and
 * its metafile lists every file that went in — the week's modules, the earlier weeks' modules they
 * import, the page. The harness and node_modules are left out: the manifest's build key covers them.
 * The folder of each listed file is listed too ("dir/"), since a new file there can change what an
 * import resolves to. A harness helper that reads a file when it runs, rather than importing it,
 * names that file in RUN_TIME_READS: the bench's stored results, which week 5's roofline charts, and
 * `npm run train`'s loss curves, which week 7's page charts.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Week } from '../course/load.ts';
import type { Tree } from '../progress/document.ts';
import { benchResultsPath } from '../bench/results.ts';
import { trainResultsPath } from '../train/results.ts';
import { pageFile, pageImports } from './collect.ts';

const HARNESS_DIR = fileURLToPath(new URL('..', import.meta.url));
/** The entry's name in the metafile; "<" keeps it from naming a real file. */
const ENTRY = '<page inputs>';

/** Harness modules (relative to harness/) → the file each reads at run time for the published tree. */
const RUN_TIME_READS: Record<string, (root: string, tree: Tree) => string> = {
  'site/bench-figure.ts': benchResultsPath,
  'train/results.ts': trainResultsPath,
};

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return !rel.startsWith('..') && !isAbsolute(rel);
}

/** Every file esbuild took in when bundling these imports, absolute, or why they do not bundle. */
async function bundledFiles(root: string, imports: Record<string, string>): Promise<string[] | { problem: string }> {
  const contents = Object.values(imports).map((path) => `import ${JSON.stringify(path)};`).join('\n');
  try {
    const result = await build({
      stdin: { contents, resolveDir: root, sourcefile: ENTRY, loader: 'js' },
      absWorkingDir: root,
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
    });
    // Inputs are paths relative to absWorkingDir; the entry and other namespaces ("dataurl:...") are no files.
    return Object.keys(result.metafile.inputs).filter((p) => p !== ENTRY && !/^[a-z-]+:/.test(p)).map((p) => resolve(root, p));
  } catch (error) {
    const first = (error as { errors?: { text: string }[] }).errors?.[0]?.text;
    return { problem: first ?? (error as Error).message };
  }
}

export type PageInputs = { files: string[] } | { problem: string };

/**
 * The files (relative to the root) a week's page run depends on besides the harness, then their
 * folders; or, when the code does not bundle, why (the run then fails too, and is not kept).
 */
export async function pageInputs(root: string, tree: Tree, week: Week): Promise<PageInputs> {
  const page = pageFile(root, week.slug);
  if (!existsSync(page)) return { files: [relative(root, page)] }; // creating it later counts as a change
  const bundled = await bundledFiles(root, pageImports(root, tree, week));
  if (!Array.isArray(bundled)) return bundled;
  const files = new Set<string>();
  const reads = new Set<string>();
  for (const file of bundled) {
    if (inside(HARNESS_DIR, file)) {
      const read = RUN_TIME_READS[relative(HARNESS_DIR, file).split(sep).join('/')];
      if (read) reads.add(relative(root, read(root, tree)));
    } else if (!file.split(sep).includes('node_modules')) {
      files.add(relative(root, file));
    }
  }
  const dirs = new Set([...files].map((f) => `${dirname(f)}/`));
  return { files: [...[...files].sort(), ...[...reads].sort(), ...[...dirs].sort()] };
}
