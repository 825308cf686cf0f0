/**
 * The source transform routes a module's own calls through the hook, not only its exports: the
 * call inside the module (linearBackward calling matmul in linear.ts) must be counted.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { HOOK } from './counter.ts';
import { wrapExports } from './transform.ts';

/** Runs transformed TypeScript as a CommonJS module with a hook that logs the calls. */
function load(source: string): { exports: Record<string, (...a: unknown[]) => unknown>; calls: string[] } {
  const { code } = wrapExports(source, 'mod');
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const calls: string[] = [];
  const hook = { call: (m: string, n: string, fn: (...a: unknown[]) => unknown, self: unknown, args: unknown[]) => (calls.push(`${m}.${n}`), fn.apply(self, args)) };
  const exports: Record<string, (...a: unknown[]) => unknown> = {};
  new Function('exports', 'globalThis', js)(exports, { [HOOK]: hook });
  return { exports, calls };
}

describe('the op-counting transform', () => {
  it('counts a call from one exported function to another in the same module', () => {
    const { exports, calls } = load('export function inner(x: number) { return x * 2; }\nexport function outer(x: number) { return inner(x) + 1; }');
    expect(exports.outer!(3)).toBe(7);
    expect(calls).toEqual(['mod.outer', 'mod.inner']);
  });

  it('wraps exported arrow functions and functions exported by name, and leaves private helpers alone', () => {
    const { exports, calls } = load('const helper = (x: number) => x;\nexport const twice = (x: number) => helper(x) * 2;\nfunction listed(x: number) { return twice(x); }\nexport { listed };');
    expect(exports.listed!(2)).toBe(4);
    expect(calls).toEqual(['mod.listed', 'mod.twice']);
  });

  it('keeps every edit on its line, so a stack trace still names the learner\'s line', () => {
    const source = 'export function a() {\n  return 1;\n}\n\nexport function b() {\n  throw new Error("here");\n}\n';
    const { code } = wrapExports(source, 'mod');
    expect(code.split('\n')[5]).toBe(source.split('\n')[5]);
    expect(code.split('\n')[4]).toBe('function __st_b() {');
  });
});
