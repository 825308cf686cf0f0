/** `npm test`: prove the course. Prints every failing check, then "N passed, N failed". */
import { proveCourse, renderProof } from '../proof/prove.ts';

export async function run(root: string): Promise<number> {
  const checks = await proveCourse(root, (line) => console.log(line));
  console.log(renderProof(checks));
  return checks.every((c) => c.passed) ? 0 : 1;
}
