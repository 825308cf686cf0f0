/**
 * Every file the harness writes goes through here. A write must land inside one of the project's
 * own output folders — .course/ (progress, predictions, bench results, backups), site/out/ (the
 * site build), the proof's scratch folders (.stubs-PID/, .mutant-PID-N/), the known mistakes' (.mistake-PID-N/) or the system's temporary
 * folder — and never through a symbolic link, so no course input (a mutant's module path, a
 * renamed week, a link planted in .course/) can make the harness write somewhere else.
 */
import { lstatSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export class UnsafeWrite extends Error {
  constructor(path: string, why: string) {
    super(`refusing to write ${path}: ${why}`);
    this.name = 'UnsafeWrite';
  }
}

const SCRATCH = /^\.(stubs|mutant|mistake)-\d+(-\d+)?$/;

function inside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The output folder of the project that `path` lies in, or undefined. */
function ownedBase(root: string, path: string): string | undefined {
  const bases = [join(root, '.course'), join(root, 'site', 'out'), resolve(tmpdir())];
  const top = relative(root, path).split(sep)[0] ?? '';
  if (SCRATCH.test(top)) bases.push(join(root, top));
  return bases.find((base) => inside(base, path));
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false; // does not exist yet
  }
}

/** Throws unless `path` is inside an output folder of `root` and no part of it below that folder is a symbolic link. */
export function assertOwned(root: string, path: string): string {
  const target = resolve(path);
  const base = ownedBase(resolve(root), target);
  if (!base) throw new UnsafeWrite(target, `it is outside the project's output folders (.course/, site/out/, the proof's scratch folders)`);
  for (let p = target; inside(base, p); p = dirname(p)) {
    if (isLink(p)) throw new UnsafeWrite(target, `${p} is a symbolic link`);
    if (p === base) break;
  }
  return target;
}

export function ensureDir(root: string, dir: string): void {
  mkdirSync(assertOwned(root, dir), { recursive: true });
}

/** Writes text atomically (a temporary file, then a rename), so a reader never sees half a file. */
export function writeOwned(root: string, path: string, text: string): void {
  const target = assertOwned(root, path);
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, target);
}
