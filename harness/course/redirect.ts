/**
 * The resolve plugin behind the reference and stubs projects: an import of a week module
 * (weeks/NN-slug/name.ts, never a test file) is sent to the same path under another folder.
 * Tests are never copied; only what they import changes.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

export function weekModuleTarget(root: string, importedPath: string, targetDir: string): string | undefined {
  const fromWeeks = relative(join(root, 'weeks'), importedPath);
  if (fromWeeks.startsWith('..') || isAbsolute(fromWeeks)) return undefined;
  if (!fromWeeks.includes(sep) || fromWeeks.endsWith('.test.ts')) return undefined;
  const withExtension = fromWeeks.endsWith('.ts') ? fromWeeks : `${fromWeeks}.ts`;
  return join(targetDir, withExtension);
}

export function redirectWeekModules(root: string, targetDir: string): Plugin {
  return {
    name: 'systems-track:redirect-week-modules',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.')) return null;
      const target = weekModuleTarget(root, resolve(dirname(importer), source), targetDir);
      if (target === undefined) return null;
      // A missing target is a course error worth seeing as an import failure naming the file.
      return existsSync(target) ? target : null;
    },
  };
}
