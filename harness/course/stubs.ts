/**
 * What a shipped stub looks like, read from its syntax (never run): every exported function's body
 * is exactly `throw new NotImplemented('<its name>', <its week>)`. The proof uses it to check each
 * stub's week and name against its folder; the shipped-course finder uses it to tell the course as
 * shipped from a learner's committed work.
 */
import { createRequire } from 'node:module';
import type TypeScript from 'typescript';

// Loaded on first use, through require: importing TypeScript as an ES module under tsx costs a
// second or more of every grade's start-up, require about a third of that.
let loaded: typeof TypeScript | undefined;
function typescript(): typeof TypeScript {
  loaded ??= createRequire(import.meta.url)('typescript') as typeof TypeScript;
  return loaded;
}

export type StubFunction = { name: string; thrown?: { fn: string; week: number } };
export type StubShape = { functions: StubFunction[]; pure: boolean };

function thrownNotImplemented(body: TypeScript.Block | undefined): StubFunction['thrown'] {
  const ts = typescript();
  const only = body?.statements.length === 1 ? body.statements[0] : undefined;
  if (!only || !ts.isThrowStatement(only) || !ts.isNewExpression(only.expression)) return undefined;
  const call = only.expression;
  const [fn, week] = call.arguments ?? [];
  if (!ts.isIdentifier(call.expression) || call.expression.text !== 'NotImplemented') return undefined;
  if (!fn || !ts.isStringLiteral(fn) || !week || !ts.isNumericLiteral(week)) return undefined;
  return { fn: fn.text, week: Number(week.text) };
}

function exported(node: TypeScript.Node): boolean {
  const ts = typescript();
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

export function stubShape(source: string, fileName = 'module.ts'): StubShape {
  const ts = typescript();
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const functions: StubFunction[] = [];
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && exported(statement)) {
      functions.push({ name: statement.name.text, thrown: thrownNotImplemented(statement.body) });
    }
  }
  return { functions, pure: functions.length > 0 && functions.every((f) => f.thrown !== undefined) };
}

/** Problems with a stub as shipped: a function that does not throw NotImplemented, or names another function or week. */
export function stubProblems(source: string, week: number): string[] {
  const shape = stubShape(source);
  if (shape.functions.length === 0) return ['exports no function'];
  return shape.functions.flatMap((f) => {
    if (!f.thrown) return [`${f.name} does not consist of throw new NotImplemented('${f.name}', ${week})`];
    const problems: string[] = [];
    if (f.thrown.fn !== f.name) problems.push(`${f.name} throws NotImplemented('${f.thrown.fn}', …): the name must be '${f.name}'`);
    if (f.thrown.week !== week) problems.push(`${f.name} throws NotImplemented(…, ${f.thrown.week}) in week ${week}'s folder: the grader would say "blocked by week ${f.thrown.week}"`);
    return problems;
  });
}

/** The module paths a source file imports with a literal specifier (static imports, re-exports and import() calls). */
export function importedSpecifiers(source: string, fileName = 'module.ts'): string[] {
  const ts = typescript();
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: TypeScript.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The names a module exports, or undefined when it re-exports everything from somewhere (`export *`) and so cannot be listed. */
export function exportedNames(source: string, fileName = 'module.ts'): Set<string> | undefined {
  const ts = typescript();
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const names = new Set<string>();
  for (const statement of file.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (!statement.exportClause) return undefined;
      if (ts.isNamedExports(statement.exportClause)) statement.exportClause.elements.forEach((e) => names.add(e.name.text));
    } else if (exported(statement)) {
      if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
        names.add(statement.name.text);
      } else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
      }
    }
  }
  return names;
}

/** The value names a file imports from each relative module specifier (`import { a, b as c } from './x.ts'` → './x.ts': [a, b]). */
export function importedNames(source: string, fileName = 'module.test.ts'): Map<string, string[]> {
  const ts = typescript();
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const imports = new Map<string, string[]>();
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (statement.importClause?.isTypeOnly || !bindings || !ts.isNamedImports(bindings)) continue;
    const names = bindings.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text);
    imports.set(statement.moduleSpecifier.text, [...(imports.get(statement.moduleSpecifier.text) ?? []), ...names]);
  }
  return imports;
}
