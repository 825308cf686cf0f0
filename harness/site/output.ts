/**
 * Writing the site folder. A build owns its output folder: afterwards it holds exactly the build's
 * files, so a renamed or removed week leaves no stale page; only screenshots (put there by
 * `demo --screenshots` and the browser test), the marker and the build's manifest survive. A full
 * build empties the folder first; an incremental one compares bytes and writes only the files that
 * differ, so an unchanged page keeps its file (and its modification time). A marker file proves a
 * folder is a site output before anything in it is deleted, so a wrong outDir can never empty a real
 * folder, and every write goes through harness/outputs.ts, which refuses paths outside the project's
 * output folders and symbolic links.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { assertOwned, ensureDir, writeOwned } from '../outputs.ts';
import { MANIFEST_FILE } from './manifest.ts';

export const MARKER = '.systems-track-site';
/** Entries of the output folder that a rebuild keeps. */
export const PRESERVED = new Set(['screenshots']);
/** Entries a build manages besides its files. */
const BOOKKEEPING = new Set([MARKER, MANIFEST_FILE]);

export type OutputFile = { path: string; text: string } | { path: string; copyFrom: string };

/** Throws unless `outDir` is missing, empty, or a site output (it has the marker). */
function assertSiteOutput(outDir: string): void {
  if (!existsSync(outDir)) return;
  const entries = readdirSync(outDir);
  // bench.json: what the bench wrote here before it kept its results in .course/.
  const known = new Set([MARKER, 'bench.json', ...PRESERVED]);
  if (entries.length > 0 && !entries.includes(MARKER) && !entries.every((e) => known.has(e))) {
    throw new Error(`refusing to rebuild the site into ${outDir}: it is not empty and has no ${MARKER} file, so it is not a site output folder`);
  }
}

function writeMarker(root: string, outDir: string): void {
  ensureDir(root, outDir);
  const marker = join(outDir, MARKER);
  const text = 'Built by harness/site. Everything here except screenshots/ is replaced on every build.\n';
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== text) writeOwned(root, marker, text);
}

export function clearOutput(root: string, outDir: string): void {
  assertOwned(root, outDir);
  assertSiteOutput(outDir);
  if (existsSync(outDir)) {
    for (const entry of readdirSync(outDir)) {
      if (!PRESERVED.has(entry)) rmSync(join(outDir, entry), { recursive: true, force: true });
    }
  }
  writeMarker(root, outDir);
}

/** Whether the file at `target` already holds exactly these bytes. */
function upToDate(target: string, file: OutputFile): boolean {
  try {
    const wanted = 'text' in file ? Buffer.from(file.text) : readFileSync(file.copyFrom);
    const info = statSync(target);
    return info.isFile() && info.size === wanted.length && readFileSync(target).equals(wanted);
  } catch {
    return false;
  }
}

/** Removes what no longer belongs: files not in `wanted`, then folders left empty. */
function removeStale(outDir: string, wanted: ReadonlySet<string>): void {
  const entries = readdirSync(outDir, { recursive: true, withFileTypes: true });
  const top = (path: string) => path.split(sep)[0]!;
  for (const entry of entries) {
    const path = relative(outDir, join(entry.parentPath, entry.name));
    if (PRESERVED.has(top(path)) || BOOKKEEPING.has(path) || entry.isDirectory()) continue;
    if (!wanted.has(path.split(sep).join('/'))) rmSync(join(outDir, path), { force: true });
  }
  // Deepest folders first, so a parent emptied by its children goes too.
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => join(e.parentPath, e.name)).sort((a, b) => b.length - a.length);
  for (const dir of dirs) {
    if (!PRESERVED.has(top(relative(outDir, dir))) && readdirSync(dir).length === 0) rmdirSync(dir);
  }
}

/**
 * Brings the folder to exactly `files`. With `full`, empties it and writes every file; otherwise
 * writes only the files whose bytes differ. Returns the paths written.
 */
export function writeOutput(root: string, outDir: string, files: readonly OutputFile[], options: { full?: boolean } = {}): string[] {
  const full = options.full ?? true;
  if (full) clearOutput(root, outDir);
  else {
    assertOwned(root, outDir);
    assertSiteOutput(outDir);
    writeMarker(root, outDir);
    removeStale(outDir, new Set(files.map((f) => f.path)));
  }
  const written: string[] = [];
  for (const file of files) {
    const target = assertOwned(root, join(outDir, file.path));
    if (!full && upToDate(target, file)) continue;
    ensureDir(root, dirname(target));
    if ('text' in file) writeOwned(root, target, file.text);
    else copyFileSync(file.copyFrom, target);
    written.push(file.path);
  }
  return written;
}
