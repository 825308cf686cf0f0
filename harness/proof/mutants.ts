/**
 * Mutants: plausible wrong implementations the course promises to catch. Each week may list them
 * in solutions/NN-slug/mutants.yaml as a one-line edit of a reference module:
 *
 *   - name: dW computed as dYᵀ @ X
 *     module: linear
 *     replace: "dw: matmul(transpose(x), dy)"
 *     with: "dw: matmul(transpose(dy), x)"
 *     caughtBy: dW
 *
 * `npm test` applies each edit to a copy of the solutions, runs the checks of that module's test file
 * whose names contain `caughtBy` against it, and passes only if one of them fails. Only those checks
 * run: the others cannot decide the verdict, and each check stands on its own (a learner may run one
 * alone), so leaving them out changes no verdict and saves minutes of `npm test`.
 */
import { relative } from 'node:path';
import type { PlannedMutant } from '../course/mutants.ts';

export { Mutant, plantMutant, plantMutants, readMutants, type PlannedMutant } from '../course/mutants.ts';

/** What the Vitest config needs to give each mutant a project of its own. */
export type MutantProject = { id: string; dir: string; include: string[]; testNamePattern: string };

/**
 * Vitest's --testNamePattern for the checks whose full name ("describe > test") contains `caughtBy`.
 * Vitest matches it against "file describe test", space-joined, so a " > " in `caughtBy` may stand
 * for either; every check whose full name contains `caughtBy` matches (a few more may, which is harmless).
 */
export function caughtByPattern(caughtBy: string): string {
  return caughtBy
    .split(' > ')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('(?: > | )');
}

export function mutantProjects(planned: readonly PlannedMutant[], root: string): MutantProject[] {
  return planned.map((m) => ({
    id: m.id,
    dir: relative(root, m.dir),
    include: [`weeks/${m.week.slug}/${m.module}.test.ts`],
    testNamePattern: caughtByPattern(m.caughtBy),
  }));
}

/** Read back by vitest.config.ts. */
export function mutantProjectsFromEnv(): MutantProject[] {
  const text = process.env.SYSTEMS_TRACK_MUTANTS;
  return text ? (JSON.parse(text) as MutantProject[]) : [];
}
