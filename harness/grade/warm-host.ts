/**
 * The warm Vitest: a child process (started by warm.ts, in its own process group) that keeps one
 * Vitest instance, its Vite server and its transformed modules alive between runs, so a re-run after
 * a save costs the checks, not Vitest's start. It runs no learner code itself: the checks run in
 * Vitest's forked workers under the project's permission flags, exactly as in a cold run.
 *
 * Protocol: one JSON request per line on stdin ({ id, files, testNamePattern? }); the reporter's
 * RunEvents and this host's own control lines ({ control: 'ready' | 'done', id }) on fd 3, one
 * ordered stream, so the parent has every event of a run when it reads "done". When stdin closes
 * (the parent is gone), the host kills its own group: no worker outlives the watch that started it.
 *
 * Usage: node --import tsx warm-host.ts <root> <project>
 */
import { statSync, writeSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { createVitest, type Vitest } from 'vitest/node';
import EventReporter from './reporter.ts';

type Request = { id: number; files: string[]; testNamePattern?: string };

const CONTROL_FD = 3;
// A file system whose modification times are coarse (FAT: 2 s) still sees a save as recent.
const MTIME_SLACK_MS = 2_000;

function reply(message: { control: 'ready' | 'done'; id?: number }): void {
  writeSync(CONTROL_FD, `${JSON.stringify(message)}\n`);
}

/** Course files (not node_modules) that Vite has transformed: the ones a save can make stale. */
function transformedFiles(vitest: Vitest, root: string): Set<string> {
  const files = new Set<string>();
  for (const project of vitest.projects) {
    for (const environment of Object.values(project.vite.environments)) {
      for (const file of environment.moduleGraph.fileToModulesMap.keys()) {
        const inside = relative(root, file);
        if (!inside.startsWith('..') && !isAbsolute(inside) && !inside.split(/[\\/]/).includes('node_modules')) files.add(file);
      }
    }
  }
  return files;
}

/**
 * Drops the transform of every course file changed since the previous run started (or gone). The
 * host keeps no file watcher of its own: this check costs a stat per module and cannot miss a save,
 * whoever made it and however (a write, a rename over the file, a checkout).
 */
function invalidateChanged(vitest: Vitest, root: string, since: number): void {
  for (const file of transformedFiles(vitest, root)) {
    let changed = true;
    try {
      changed = statSync(file).mtimeMs >= since - MTIME_SLACK_MS;
    } catch {
      // deleted: invalidate, so the import fails as it would in a fresh run
    }
    if (changed) vitest.invalidateFile(file);
  }
}

async function serve(vitest: Vitest, root: string, project: string): Promise<void> {
  let previousStart = 0;
  for await (const line of createInterface({ input: process.stdin })) {
    const request = JSON.parse(line) as Request;
    invalidateChanged(vitest, root, previousStart);
    previousStart = Date.now();
    if (request.testNamePattern === undefined) vitest.resetGlobalTestNamePattern();
    else vitest.setGlobalTestNamePattern(request.testNamePattern);
    const target = vitest.getProjectByName(project);
    await vitest.runTestSpecifications(request.files.map((file) => target.createSpecification(join(root, file))));
    reply({ control: 'done', id: request.id });
  }
}

async function main(): Promise<void> {
  const [root, project] = process.argv.slice(2);
  if (!root || !project) throw new Error('usage: warm-host.ts <root> <project>');
  const vitest = await createVitest('test', { root, watch: false, project: [project], reporters: [new EventReporter()] });
  // Calls the reporter's onInit (which adds the heartbeat setup file) and lists the test files.
  await vitest.standalone();
  reply({ control: 'ready' });
  await serve(vitest, root, project);
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`warm Vitest: ${(error as Error).stack ?? String(error)}\n`);
  })
  .finally(() => {
    // Stdin closed (or the start failed): end the whole group, workers included. warm.ts starts this
    // host as the leader of its own group; anywhere else, exiting is enough.
    try {
      process.kill(-process.pid, 'SIGKILL');
    } catch {
      process.exit(1);
    }
  });
