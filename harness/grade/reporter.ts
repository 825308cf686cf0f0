/**
 * A Vitest reporter that streams one JSON line per event to the file descriptor named in
 * SYSTEMS_TRACK_EVENTS_FD. It runs in Vitest's main process, which stays responsive even when a
 * worker is stuck in a learner's infinite loop, and which runs no learner code: this channel is the
 * only one whose passes the grader counts. What a stuck worker did last comes from heartbeat.ts,
 * which this reporter adds as a setup file when SYSTEMS_TRACK_HEARTBEAT names a file.
 */
import { writeSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Reporter, TestCase, TestModule, TestRunEndReason, Vitest } from 'vitest/node';
import { CheckMeta, type ErrorInfo, type RunEvent } from './events.ts';

type RawError = { name?: unknown; message?: unknown; stack?: unknown; expected?: unknown; actual?: unknown; fn?: unknown; week?: unknown };

const root = process.cwd();
const HEARTBEAT_SETUP = fileURLToPath(new URL('./heartbeat.ts', import.meta.url));
// Read once, before any worker starts: the workers never learn where the channel is.
const EVENTS_FD = Number(process.env.SYSTEMS_TRACK_EVENTS_FD);
delete process.env.SYSTEMS_TRACK_EVENTS_FD;

function emit(event: RunEvent): void {
  if (Number.isInteger(EVENTS_FD) && EVENTS_FD > 2) writeSync(EVENTS_FD, `${JSON.stringify(event)}\n`);
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

export function toErrorInfo(error: RawError): ErrorInfo {
  const stack = typeof error.stack === 'string' ? error.stack.replace(ANSI, '') : '';
  const message = (typeof error.message === 'string' ? error.message : String(error.message)).replace(ANSI, '');
  const name = typeof error.name === 'string' ? error.name : 'Error';
  const stub = name === 'NotImplemented' && typeof error.fn === 'string' && typeof error.week === 'number' ? { fn: error.fn, week: error.week } : undefined;
  return {
    name,
    message,
    location: locate(stack) ?? locateInMessage(message),
    expected: typeof error.expected === 'string' ? error.expected : undefined,
    actual: typeof error.actual === 'string' ? error.actual : undefined,
    notImplemented: stub,
  };
}

function ref(testCase: TestCase) {
  return { project: testCase.project.name, file: shown(testCase.module.moduleId), fullName: testCase.fullName, name: testCase.name };
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
    const meta = CheckMeta.safeParse(testCase.meta());
    emit({
      type: 'test-result',
      ...ref(testCase),
      tags: [...testCase.tags],
      state: result.state,
      errors: (result.errors ?? []).map((e) => toErrorInfo(e)),
      meta: meta.success ? meta.data : { notImplemented: [] },
      durationMs: testCase.diagnostic()?.duration ?? 0,
    });
  }

  onTestModuleEnd(testModule: TestModule): void {
    const errors = testModule.errors();
    const ref = { project: testModule.project.name, file: shown(testModule.moduleId) };
    if (errors.length > 0) emit({ type: 'module-error', ...ref, errors: errors.map((e) => toErrorInfo(e)) });
    emit({ type: 'module-end', ...ref });
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<RawError>, reason: TestRunEndReason): void {
    emit({ type: 'run-end', reason, unhandled: unhandled.map((e) => toErrorInfo(e)) });
  }
}
