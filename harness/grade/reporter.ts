/**
 * A Vitest reporter that streams one JSON line per event to the file descriptor named in
 * SYSTEMS_TRACK_EVENTS_FD. It runs in Vitest's main process, which stays responsive even when a
 * worker is stuck in a learner's infinite loop. Vitest batches a worker's updates, so what a stuck
 * worker did last comes from heartbeat.ts instead, which this reporter adds as a setup file when
 * SYSTEMS_TRACK_HEARTBEAT names a file.
 */
import { readFileSync, writeSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Reporter, TestCase, TestModule, TestRunEndReason, Vitest } from 'vitest/node';
import type { ErrorInfo, RunEvent } from './events.ts';

type RawError = { name?: unknown; message?: unknown; stack?: unknown; expected?: unknown; actual?: unknown };

const root = process.cwd();
const HEARTBEAT_SETUP = fileURLToPath(new URL('./heartbeat.ts', import.meta.url));

function emit(event: RunEvent): void {
  const fd = Number(process.env.SYSTEMS_TRACK_EVENTS_FD);
  if (Number.isInteger(fd) && fd > 2) writeSync(fd, `${JSON.stringify(event)}\n`);
}

function shown(path: string): string {
  return relative(root, path).split('\\').join('/');
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** The first stack frame in the project's own files (not node_modules, not the harness's test helpers). */
function locate(stack: string): string | undefined {
  for (const match of stack.matchAll(/\(?((?:file:\/\/)?\/[^\s()]+):(\d+):(\d+)\)?/g)) {
    const path = (match[1] ?? '').replace(/^file:\/\//, '');
    const where = shown(path);
    if (where.startsWith('..') || where.includes('node_modules') || where.startsWith('harness/testing') || where.startsWith('harness/grade')) continue;
    return `${where}:${match[2]}:${match[3]}`;
  }
  return undefined;
}

/** A transform (syntax) error names its place in the message: "[ weeks/01-linear/linear.ts:4:14 ]". */
function locateInMessage(message: string): string | undefined {
  const match = /\[\s*([^\s[\]]+\.[cm]?[jt]sx?):(\d+):(\d+)\s*\]/.exec(message) ?? /([\w./-]+\.[cm]?[jt]sx?):(\d+):(\d+)/.exec(message);
  if (!match) return undefined;
  const path = match[1] ?? '';
  return `${path.startsWith('/') ? shown(path) : path}:${match[2]}:${match[3]}`;
}

/** "(0 , __vite_ssr_import_1__.thrice) is not a function": the test imported a name the module does not export as a function. */
function missingExport(stack: string, testFile: string | undefined): ErrorInfo['missingExport'] {
  const match = /__vi(?:te_ssr)?_import_\d+__\.([A-Za-z_$][\w$]*)\)? is not a function/.exec(stack);
  if (!match) return undefined;
  const name = match[1]!;
  let module: string | undefined;
  if (testFile) {
    try {
      const source = readFileSync(testFile, 'utf8');
      for (const imp of source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g)) {
        const names = (imp[1] ?? '').split(',').map((n) => n.trim().split(/\s+as\s+/)[0]);
        if (names.includes(name)) module = shown(resolve(dirname(testFile), imp[2] ?? ''));
      }
    } catch {
      // the test file is gone: report the name alone
    }
  }
  return { name, module };
}

export function toErrorInfo(error: RawError, testFile?: string): ErrorInfo {
  const stack = typeof error.stack === 'string' ? error.stack.replace(ANSI, '') : '';
  const message = (typeof error.message === 'string' ? error.message : String(error.message)).replace(ANSI, '');
  return {
    name: typeof error.name === 'string' ? error.name : 'Error',
    message,
    location: locate(stack) ?? locateInMessage(message),
    expected: typeof error.expected === 'string' ? error.expected : undefined,
    actual: typeof error.actual === 'string' ? error.actual : undefined,
    missingExport: missingExport(stack, testFile),
  };
}

function ref(testCase: TestCase) {
  return {
    project: testCase.project.name,
    file: shown(testCase.module.moduleId),
    fullName: testCase.fullName,
    name: testCase.name,
  };
}

export default class EventReporter implements Reporter {
  onInit(vitest: Vitest): void {
    if (!process.env.SYSTEMS_TRACK_HEARTBEAT) return;
    // There is no CLI flag for setup files: add the heartbeat to every project before anything runs.
    for (const project of vitest.projects) project.config.setupFiles = [...project.config.setupFiles, HEARTBEAT_SETUP];
  }

  onTestModuleQueued(testModule: TestModule): void {
    emit({ type: 'module-queued', project: testModule.project.name, file: shown(testModule.moduleId) });
  }

  onTestModuleCollected(testModule: TestModule): void {
    const tests = [...testModule.children.allTests()].map((t) => ({ fullName: t.fullName, name: t.name, tags: [...t.tags] }));
    emit({ type: 'module-collected', project: testModule.project.name, file: shown(testModule.moduleId), tests });
  }

  onTestCaseReady(testCase: TestCase): void {
    emit({ type: 'test-start', ...ref(testCase) });
  }

  onTestCaseResult(testCase: TestCase): void {
    const result = testCase.result();
    emit({
      type: 'test-result',
      ...ref(testCase),
      tags: [...testCase.tags],
      state: result.state,
      errors: (result.errors ?? []).map((e) => toErrorInfo(e, testCase.module.moduleId)),
      notImplemented: testCase.meta().notImplemented ?? [],
      durationMs: testCase.diagnostic()?.duration ?? 0,
    });
  }

  onTestModuleEnd(testModule: TestModule): void {
    const errors = testModule.errors();
    const ref = { project: testModule.project.name, file: shown(testModule.moduleId) };
    if (errors.length > 0) emit({ type: 'module-error', ...ref, errors: errors.map((e) => toErrorInfo(e, testModule.moduleId)) });
    emit({ type: 'module-end', ...ref });
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<RawError>, reason: TestRunEndReason): void {
    emit({ type: 'run-end', reason, unhandled: unhandled.map((e) => toErrorInfo(e)) });
  }
}

