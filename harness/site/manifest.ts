/**
 * The site's manifest, beside the pages in the output folder: for every expensive part of the last
 * build (a spec's typeset HTML, a week's results and figures, a note, the calibration figure) the
 * digest of what it was computed from and the digest of the value kept in the cache. A part whose
 * inputs digest the same is taken from the cache; everything else is computed again.
 *
 * `build` digests what every part depends on: the running harness, its package files (katex,
 * vega, esbuild versions), the published tree and the course commit. A manifest with another build,
 * another version, or that does not parse means a full rebuild, never a page from stale parts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { writeOwned } from '../outputs.ts';
import type { Tree } from '../progress/document.ts';
import { digest, harnessDigest } from '../digest.ts';

export const MANIFEST_FILE = '.systems-track-manifest.json';
export const MANIFEST_VERSION = 1;

export const ManifestPart = z.object({
  /** Digest of the part's inputs other than files: its source text, the spec data it was given, ... */
  key: z.string(),
  /** Files (relative to the course root; "dir/" for a listing) the part read, with their digests then. */
  files: z.record(z.string(), z.string()).optional(),
  /** Digest of the value in the cache. */
  value: z.string(),
});
export type ManifestPart = z.infer<typeof ManifestPart>;

export const Manifest = z.object({
  version: z.literal(MANIFEST_VERSION),
  build: z.string(),
  parts: z.record(z.string(), ManifestPart),
});
export type Manifest = z.infer<typeof Manifest>;

export function manifestPath(outDir: string): string {
  return join(outDir, MANIFEST_FILE);
}

export { harnessDigest };

export type BuildInputs = { tree: Tree; commit: string | undefined; harness?: string };

/** What every part depends on; `harness` (harnessDigest()) may be passed in when the caller already has it. */
export function buildKey(inputs: BuildInputs): string {
  return digest(`manifest ${MANIFEST_VERSION}`, inputs.harness ?? harnessDigest(), inputs.tree, inputs.commit ?? 'no commit');
}

export type ManifestRead = { manifest: Manifest } | { full: string };

/** The manifest of the last build into `outDir`, or why this build must be a full one. */
export function readManifest(outDir: string, build: string): ManifestRead {
  const path = manifestPath(outDir);
  if (!existsSync(path)) return { full: 'no manifest from an earlier build' };
  let parsed: ReturnType<typeof Manifest.safeParse>;
  try {
    parsed = Manifest.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return { full: 'the manifest is corrupt' };
  }
  if (!parsed.success) return { full: 'the manifest is corrupt' };
  if (parsed.data.build !== build) return { full: 'the harness, its packages, the course commit or the published tree changed' };
  return { manifest: parsed.data };
}

export function writeManifest(root: string, outDir: string, manifest: Manifest): void {
  // Sorted keys: the same build writes the same bytes.
  const parts = Object.fromEntries(Object.entries(manifest.parts).sort(([a], [b]) => a.localeCompare(b)));
  const text = `${JSON.stringify({ ...manifest, parts }, null, 1)}\n`;
  if (readText(manifestPath(outDir)) !== text) writeOwned(root, manifestPath(outDir), text); // a build that changed nothing writes nothing
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
