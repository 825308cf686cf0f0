/**
 * Routing a module's calls through the op counter, at bundle time. A call from one module to
 * another goes through an import, but a call inside one module (linearBackward calling matmul in
 * linear.ts) refers to the local function directly, so wrapping the exports from outside would miss
 * it. The source is rewritten instead: every top-level exported function `f` is renamed
 * `__st_f`, and a hoisted wrapper `f` takes its place, so the module's own references and its
 * exports both reach the counter. Edits stay on their lines (the wrapper is appended), so a stack
 * trace still names the learner's line. Outside a profile (no hook installed) a wrapper is one call.
 */
import { readFileSync } from 'node:fs';
import type { Plugin } from 'esbuild';
import ts from 'typescript';
import { HOOK } from './counter.ts';

type Edit = { start: number; end: number; text: string };

function hasExport(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function exportModifier(node: ts.Node): ts.Modifier | undefined {
  return ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []).find((m) => m.kind === ts.SyntaxKind.ExportKeyword) : undefined;
}

function isFunctionLike(node: ts.Expression | undefined): boolean {
  let e = node;
  while (e && (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e))) e = e.expression;
  return !!e && (ts.isArrowFunction(e) || ts.isFunctionExpression(e));
}

/** Names listed in `export { a, b as c }` without a module specifier: local bindings exported by name. */
function listedExports(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of file.statements) {
    if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    for (const element of statement.exportClause.elements) names.add((element.propertyName ?? element.name).text);
  }
  return names;
}

/** The rewritten source and the names it wraps. `module` is the module's name in the specs. */
export function wrapExports(source: string, module: string, fileName = 'module.ts'): { code: string; wrapped: string[] } {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const listed = listedExports(file);
  const edits: Edit[] = [];
  const wrappers: string[] = [];
  const wrapped: string[] = [];
  const wrap = (name: ts.Identifier, exported: boolean, modifier: ts.Modifier | undefined) => {
    if (modifier) {
      let end = modifier.getEnd();
      while (source[end] === ' ') end++; // "export function f" becomes "function __st_f"
      edits.push({ start: modifier.getStart(file), end, text: '' });
    }
    edits.push({ start: name.getStart(file), end: name.getEnd(), text: `__st_${name.text}` });
    const n = JSON.stringify(name.text);
    wrappers.push(`${exported ? 'export ' : ''}function ${name.text}(this: unknown, ...args: any[]): any { return __st_call(${JSON.stringify(module)}, ${n}, __st_${name.text}, this, args); }`);
    wrapped.push(name.text);
  };
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) {
      const exported = hasExport(statement);
      const isDefault = (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if (isDefault) continue;
      if (exported || listed.has(statement.name.text)) wrap(statement.name, exported, exportModifier(statement));
    } else if (ts.isVariableStatement(statement)) {
      const exported = hasExport(statement);
      const functions = statement.declarationList.declarations.filter((d) => ts.isIdentifier(d.name) && isFunctionLike(d.initializer));
      if (functions.length === 0 || functions.length !== statement.declarationList.declarations.length) continue;
      if (!exported && !functions.some((d) => listed.has((d.name as ts.Identifier).text))) continue;
      functions.forEach((d, i) => wrap(d.name as ts.Identifier, exported, i === 0 ? exportModifier(statement) : undefined));
    }
  }
  if (wrapped.length === 0) return { code: source, wrapped };
  let code = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) code = code.slice(0, edit.start) + edit.text + code.slice(edit.end);
  const call =
    `function __st_call(module: string, name: string, fn: (...a: any[]) => any, self: unknown, args: any[]): any { ` +
    `const hook = (globalThis as any)[${JSON.stringify(HOOK)}]; return hook ? hook.call(module, name, fn, self, args) : fn.apply(self, args); }`;
  return { code: `${code}\n${call}\n${wrappers.join('\n')}\n`, wrapped };
}

/** An esbuild plugin that wraps the exports of the given files (absolute path → module name). */
export function countingPlugin(modules: ReadonlyMap<string, string>): Plugin {
  return {
    name: 'systems-track-op-counter',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const module = modules.get(args.path);
        if (module === undefined) return undefined;
        return { contents: wrapExports(readFileSync(args.path, 'utf8'), module, args.path).code, loader: 'ts' };
      });
    },
  };
}
