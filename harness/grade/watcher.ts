/**
 * Saves in weeks/, for watch. Node's recursive fs.watch follows a file's inode, so after an editor
 * saves by renaming a temporary file over the module (sed -i, vim with backupcopy=no, Emacs,
 * JetBrains' safe write, gedit) it never reports that file again. chokidar watches each folder and
 * re-attaches to a file replaced by a rename, and with `atomic` reports the replacement as one change.
 */
import { watch } from 'chokidar';
import { statSync } from 'node:fs';
import { relative } from 'node:path';

/** The files whose saves matter: modules and tests, notes, predictions and specs; not editors' temporary files. */
const WATCHED = /\.(ts|md|ya?ml)$/;
/** How long after a reported save to look at the file once more (see `report`). */
const SETTLE_MS = 200;

export type WeeksWatcher = {
  /** Resolves once every folder is watched: saves from then on are seen. */
  ready: Promise<void>;
  close(): Promise<void>;
};

function modifiedAt(path: string): number | undefined {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs;
}

/** Calls `onSave` with the path relative to `dir` ("01-linear/linear.ts") of every file added, changed or removed under it. */
export function watchFolder(dir: string, onSave: (path: string) => void, onError: (error: Error) => void): WeeksWatcher {
  const watcher = watch(dir, { ignoreInitial: true, atomic: true, ignored: (path, stats) => stats?.isFile() === true && !WATCHED.test(path) });
  const settling = new Map<string, NodeJS.Timeout>();
  const report = (path: string) => {
    if (!WATCHED.test(path)) return;
    onSave(relative(dir, path));
    // chokidar re-attaches to a file replaced by a rename just after reporting it, and a write in
    // that moment goes unreported: one more look, a moment later, catches it.
    const seenAt = modifiedAt(path);
    clearTimeout(settling.get(path));
    const again = setTimeout(() => {
      settling.delete(path);
      if (modifiedAt(path) !== seenAt) report(path);
    }, SETTLE_MS);
    settling.set(path, again.unref());
  };
  watcher.on('add', report).on('change', report).on('unlink', report).on('error', (error) => onError(error as Error));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  const close = () => {
    settling.forEach((timer) => clearTimeout(timer));
    return watcher.close();
  };
  return { ready, close };
}
