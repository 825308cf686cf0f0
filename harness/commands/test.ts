/** `npm test`: prove the course. Prints every failing check, then "N passed, N failed". */
import { proveCourse, renderProof } from '../proof/prove.ts';
import { withArgs, type CommandSpec } from './args.ts';

export const spec = {
  name: 'test',
  summary: 'Prove the course: typecheck, the harness tests, every check passes on the reference and fails on the shipped stubs, every mutant is caught.',
  options: {},
} as const satisfies CommandSpec;

export function run(root: string, args: string[]): Promise<number> {
  return withArgs(spec, args, async () => {
    const checks = await proveCourse(root, (line) => console.log(line));
    console.log(renderProof(checks));
    return checks.every((c) => c.passed) ? 0 : 1;
  });
}
