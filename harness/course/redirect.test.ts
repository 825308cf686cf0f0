import { describe, expect, it } from 'vitest';
import { weekModuleTarget } from './redirect.ts';

describe('the week-module resolve plugin', () => {
  const root = '/course';

  it('sends a week module to the same path under the target folder, adding .ts when the import omits it', () => {
    expect(weekModuleTarget(root, '/course/weeks/01-linear/linear.ts', '/course/solutions')).toBe('/course/solutions/01-linear/linear.ts');
    expect(weekModuleTarget(root, '/course/weeks/02-training/mlp', '/course/.stubs')).toBe('/course/.stubs/02-training/mlp.ts');
  });

  it('leaves test files, the harness and files outside weeks/ alone', () => {
    expect(weekModuleTarget(root, '/course/weeks/01-linear/linear.test.ts', '/course/solutions')).toBeUndefined();
    expect(weekModuleTarget(root, '/course/harness/runtime/index.ts', '/course/solutions')).toBeUndefined();
    expect(weekModuleTarget(root, '/elsewhere/weeks/01-linear/linear.ts', '/course/solutions')).toBeUndefined();
    expect(weekModuleTarget(root, '/course/weeks/readme.ts', '/course/solutions')).toBeUndefined();
  });
});
