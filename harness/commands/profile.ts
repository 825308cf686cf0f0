/**
 * `npm run profile [-- --week N] [--only CASE] [--json] [--reference]`: runs each week's profile
 * cases (solutions/NN-slug/profile.ts) on your code, or the reference, counting what ran: the ops
 * and their FLOPs, the bytes allocated and held, and traced traffic through cache models. The
 * pipeline is harness/profile/run.ts; this file reads the command line, prints and stores.
 */
import { relative } from 'node:path';
import { loadCourse } from '../course/load.ts';
import { renderProfile } from '../profile/report.ts';
import { runProfile } from '../profile/run.ts';
import { writeProfile } from '../profile/store.ts';
import { integer, UsageError, withArgs, type CommandSpec } from './args.ts';

export const spec = {
  name: 'profile',
  summary: 'Counts what your code ran, the same on every machine: the ops it called and their FLOPs, the bytes it allocated and keeps, and its traffic through a cache model.',
  options: {
    week: { type: 'string', value: 'N', help: 'profile only week N (repeatable)', parse: integer(1), multiple: true },
    only: { type: 'string', value: 'CASE', help: 'run only this case id (repeatable)', parse: (text: string) => text, multiple: true },
    json: { type: 'boolean', help: 'print the profile as JSON (progress goes to stderr)' },
    reference: { type: 'boolean', help: 'profile the reference solutions instead (stored apart, in .course/profile.reference.json)' },
  },
} as const satisfies CommandSpec;

export function run(root: string, args: string[]): Promise<number> {
  return withArgs(spec, args, async ({ values }) => {
    const known = loadCourse(root).weeks.map((w) => w.number);
    const unknown = values.week.find((w) => !known.includes(w));
    if (unknown !== undefined) throw new UsageError(`--week: there is no week ${unknown} (the weeks are ${known.join(', ')})`);
    const report = await runProfile(root, { tree: values.reference ? 'solutions' : 'weeks', weeks: values.week, only: values.only }, (line) => console.error(line));
    const cases = report.weeks.flatMap((w) => w.cases.map((c) => c.id));
    const missing = values.only.find((id) => !cases.includes(id));
    if (missing !== undefined) throw new UsageError(`--only: there is no profile case "${missing}"${values.week.length > 0 ? ' in the weeks chosen' : ''}`);
    const path = writeProfile(root, report);
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else console.log(`${renderProfile(report)}\n\nWrote ${relative(root, path)}.`);
    return 0;
  });
}
