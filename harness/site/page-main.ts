/**
 * Entry point of the child process that runs one week's page (like harness/cli.ts, this file is a
 * program, not a library). Arguments: root tree slug pageFile resultFile. The result goes to a file
 * rather than stdout, because learner code may print.
 */
import { writeFileSync } from 'node:fs';
import { runPage } from './run-page.ts';
import type { Tree } from '../progress/document.ts';

const [root, tree, slug, pageFile, resultFile] = process.argv.slice(2) as [string, Tree, string, string, string];
const results = await runPage({ root, tree, slug, pageFile });
writeFileSync(resultFile, JSON.stringify(results));
// Learner code may leave timers or handles open; the results are written, so stop here.
process.exit(0);
