/**
 * Entry point of the child process that runs one week's hook (like harness/cli.ts, this file is a
 * program, not a library). Arguments: root tree slug outDir hookFile resultFile. The result goes to
 * a file rather than stdout, because learner code may print.
 */
import { writeFileSync } from 'node:fs';
import { runHook } from './run-hook.ts';
import type { Tree } from './hook.ts';

const [root, tree, slug, outDir, hookFile, resultFile] = process.argv.slice(2) as [string, Tree, string, string, string, string];
const results = await runHook({ root, tree, slug, outDir, hookFile });
writeFileSync(resultFile, JSON.stringify(results));
// Learner code may leave timers or handles open; the results are written, so stop here.
process.exit(0);
