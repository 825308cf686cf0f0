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

/**
 * The learner project's guard: no module may import the reference solutions (a re-export of a
 * solution is not a solution of one's own). Static imports are also caught before running
 * (harness/course/shipped.ts solutionsImports) and mark the week a modified course; this catches
 * the computed ones at run time, as a load error naming the importer.
 */
export function refuseSolutions(root: string): Plugin {
  const solutions = join(root, 'solutions');
  return {
    name: 'systems-track:refuse-solutions',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !(source.startsWith('.') || source.startsWith('/'))) return null;
      const target = source.startsWith('/') ? source : resolve(dirname(importer), source);
      const rel = relative(solutions, target);
      if (rel.startsWith('..') || isAbsolute(rel)) return null;
      throw new Error(`${relative(root, importer)} imports ${relative(root, target)}: the learner's code may not import the reference solutions`);
    },
  };
}
