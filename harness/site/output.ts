/**
 * Writing the site folder. A build owns its output folder: every rebuild empties it first, so a
 * renamed or removed week leaves no stale page. Two kinds of files survive a rebuild because other
 * commands put them there (week 5's bench results, screenshots). A marker file proves a folder is
 * a site output before anything in it is deleted, so a wrong outDir can never empty a real folder.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const MARKER = '.systems-track-site';
/** Entries of the output folder that a rebuild keeps. */
export const PRESERVED = new Set(['bench.json', 'screenshots']);

export type OutputFile = { path: string; text: string } | { path: string; copyFrom: string };

export function clearOutput(outDir: string): void {
  if (existsSync(outDir)) {
    const entries = readdirSync(outDir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new Error(`refusing to rebuild the site into ${outDir}: it is not empty and has no ${MARKER} file, so it is not a site output folder`);
    }
    for (const entry of entries) {
      if (!PRESERVED.has(entry)) rmSync(join(outDir, entry), { recursive: true, force: true });
    }
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, MARKER), 'Built by harness/site. Everything here except bench.json and screenshots/ is replaced on every build.\n');
}

export function writeOutput(outDir: string, files: readonly OutputFile[]): void {
  clearOutput(outDir);
  for (const file of files) {
    const target = join(outDir, file.path);
    mkdirSync(dirname(target), { recursive: true });
    if ('text' in file) writeFileSync(target, file.text);
    else copyFileSync(file.copyFrom, target);
  }
}
