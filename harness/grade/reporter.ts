/**
 * A Vitest reporter that streams one JSON line per event to the file descriptor named in
 * SYSTEMS_TRACK_EVENTS_FD. It runs in Vitest's main process, which stays responsive even when a
 * worker is stuck in a learner's infinite loop, so "test-start" tells the grader what hung.
 */
import { writeSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, TestCase, TestModule, TestRunEndReason } from 'vitest/node';
import type { ErrorInfo, RunEvent } from './events.ts';

type RawError = { name?: unknown; message?: unknown; stack?: unknown; expected?: unknown; actual?: unknown };

const root = process.cwd();

function emit(event: RunEvent): void {
  const fd = Number(process.env.SYSTEMS_TRACK_EVENTS_FD);
  if (Number.isInteger(fd) && fd > 2) writeSync(fd, `${JSON.stringify(event)}\n`);
}

/** The first stack frame in the project's own files (not node_modules, not the harness's test helpers). */
function locate(stack: string): string | undefined {
  for (const match of stack.matchAll(/\(?((?:file:\/\/)?\/[^\s()]+):(\d+):(\d+)\)?/g)) {
    const path = (match[1] ?? '').replace(/^file:\/\//, '');
    const shown = relative(root, path);
    if (shown.startsWith('..') || shown.includes('node_modules') || shown.startsWith('harness/testing')) continue;
    return `${shown}:${match[2]}:${match[3]}`;
  }
  return undefined;
}

export function toErrorInfo(error: RawError): ErrorInfo {
  const stack = typeof error.stack === 'string' ? error.stack : '';
  return {
    name: typeof error.name === 'string' ? error.name : 'Error',
    message: typeof error.message === 'string' ? error.message : String(error.message),
    location: locate(stack),
    expected: typeof error.expected === 'string' ? error.expected : undefined,
    actual: typeof error.actual === 'string' ? error.actual : undefined,
  };
}

function ref(testCase: TestCase) {
  return {
    project: testCase.project.name,
    file: relative(root, testCase.module.moduleId).split('\\').join('/'),
    fullName: testCase.fullName,
    name: testCase.name,
  };
}

export default class EventReporter implements Reporter {
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
      errors: (result.errors ?? []).map(toErrorInfo),
      notImplemented: testCase.meta().notImplemented ?? [],
      durationMs: testCase.diagnostic()?.duration ?? 0,
    });
  }

  onTestModuleEnd(testModule: TestModule): void {
    const errors = testModule.errors();
    if (errors.length === 0) return;
    emit({
      type: 'module-error',
      project: testModule.project.name,
      file: relative(root, testModule.moduleId).split('\\').join('/'),
      errors: errors.map(toErrorInfo),
    });
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<RawError>, reason: TestRunEndReason): void {
    emit({ type: 'run-end', reason, unhandled: unhandled.map(toErrorInfo) });
  }
}
