/**
 * Launching Debian's Chromium through playwright-core (which downloads no browser), for the
 * browser test and for screenshots. Every flag keeps the browser offline and quiet: no sync, no
 * component updates, no background requests, a throwaway profile.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.SYSTEMS_TRACK_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export type Browser = { context: BrowserContext; close(): Promise<void> };

export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `Chromium is not installed at ${CHROMIUM}. Install it with: apt-get install -y chromium (or set SYSTEMS_TRACK_CHROMIUM to its path).`;
}

export async function launchChromium(viewport = { width: 1280, height: 900 }): Promise<Browser> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'systems-track-chromium-'));
  // A persistent context is how playwright accepts a --user-data-dir of our own: a fresh profile per launch.
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport, offline: false });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
