/**
 * Invariant 3: the shipped stubs and the reference solutions export the same names with the same
 * types, so a learner who passes every check has written the course's API, not a look-alike.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { loadCourse } from './load.ts';
import { stubsDir } from './shipped.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { weeks } = loadCourse(root);
// npm test materialises the shipped stubs and names the folder; alone, the working tree's weeks/ stand in.
const stubRoot = existsSync(stubsDir(root)) ? stubsDir(root) : join(root, 'weeks');

function exportTypes(program: ts.Program, file: string): Record<string, string> {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${file} could not be read as a module`);
  const flags = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseFullyQualifiedType;
  const types: Record<string, string> = {};
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const isType = (symbol.flags & (ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface)) !== 0;
    const type = isType ? checker.getDeclaredTypeOfSymbol(symbol) : checker.getTypeOfSymbolAtLocation(symbol, source);
    // Paths differ between the trees; the declared shape must not.
    types[symbol.name] = checker.typeToString(type, undefined, flags).replace(/import\("[^"]*"\)\./g, '');
  }
  return types;
}

const pairs = weeks.flatMap((week) =>
  week.spec.modules.map((module) => ({
    name: `${week.slug}/${module}.ts`,
    stub: join(stubRoot, week.slug, `${module}.ts`),
    solution: join(root, 'solutions', week.slug, `${module}.ts`),
  })),
);

describe('stubs and solutions', () => {
  const program = ts.createProgram(
    pairs.flatMap((p) => [p.stub, p.solution]),
    {
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      target: ts.ScriptTarget.ES2022,
      allowImportingTsExtensions: true,
      noEmit: true,
      strict: true,
      skipLibCheck: true,
      types: [],
    },
  );

  for (const pair of pairs) {
    it(`${pair.name} exports the same names with the same types in the stub and the solution`, () => {
      expect(existsSync(pair.solution), `${pair.solution} exists`).toBe(true);
      expect(exportTypes(program, pair.stub)).toEqual(exportTypes(program, pair.solution));
    });
  }
});
