/**
 * Writing the site folder. A build owns its output folder: every rebuild empties it first, so a
 * renamed or removed week leaves no stale page; only screenshots (put there by `demo --screenshots`
 * and the browser test) survive. A marker file proves a folder is a site output before anything in
 * it is deleted, so a wrong outDir can never empty a real folder, and every write goes through
 * harness/outputs.ts, which refuses paths outside the project's output folders and symbolic links.
 */
import { copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assertOwned, ensureDir, writeOwned } from '../outputs.ts';

export const MARKER = '.systems-track-site';
/** Entries of the output folder that a rebuild keeps. */
export const PRESERVED = new Set(['screenshots']);

export type OutputFile = { path: string; text: string } | { path: string; copyFrom: string };

export function clearOutput(root: string, outDir: string): void {
  assertOwned(root, outDir);
  if (existsSync(outDir)) {
    const entries = readdirSync(outDir);
    // bench.json: what the bench wrote here before it kept its results in .course/.
    const known = new Set([MARKER, 'bench.json', ...PRESERVED]);
    if (entries.length > 0 && !entries.includes(MARKER) && !entries.every((e) => known.has(e))) {
      throw new Error(`refusing to rebuild the site into ${outDir}: it is not empty and has no ${MARKER} file, so it is not a site output folder`);
    }
    for (const entry of entries) {
      if (!PRESERVED.has(entry)) rmSync(join(outDir, entry), { recursive: true, force: true });
    }
  }
  ensureDir(root, outDir);
  writeOwned(root, join(outDir, MARKER), 'Built by harness/site. Everything here except screenshots/ is replaced on every build.\n');
}

export function writeOutput(root: string, outDir: string, files: readonly OutputFile[]): void {
  clearOutput(root, outDir);
  for (const file of files) {
    const target = assertOwned(root, join(outDir, file.path));
    ensureDir(root, dirname(target));
    if ('text' in file) writeOwned(root, target, file.text);
    else copyFileSync(file.copyFrom, target);
  }
}
