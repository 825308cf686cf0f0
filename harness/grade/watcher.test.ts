/**
 * The weeks watcher (watcher.ts) keeps seeing a module after editors' rename-saves, which Node's
 * recursive fs.watch loses: after the first one it never reports that file again.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { watchFolder } from './watcher.ts';

const dir = mkdtempSync(join(tmpdir(), 'systems-track-watcher-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Resolves when `condition` holds; checks often, and gives up only after a very long time. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 120_000) throw new Error(`never saw ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the weeks watcher', () => {
  it('reports every save of a module: by rename (sed -i, an editor), by writing, and again by rename', async () => {
    const module = join(dir, '01-alpha', 'alpha.ts');
    mkdirSync(join(dir, '01-alpha'));
    writeFileSync(module, 'export const a = 0;\n');
    const seen: string[] = [];
    const watcher = watchFolder(dir, (path) => seen.push(path), (error) => seen.push(`error: ${error.message}`));
    await watcher.ready;
    const saves: Array<[string, (i: number) => void]> = [
      ['sed -i', (i) => execFileSync('sed', ['-i', `s/= [0-9]*;/= ${i};/`, module])],
      ['a temporary file renamed over it', (i) => {
        writeFileSync(join(dir, '01-alpha', '.alpha.ts.swp'), `export const a = ${i};\n`);
        renameSync(join(dir, '01-alpha', '.alpha.ts.swp'), module);
      }],
      ['writeFile', (i) => writeFileSync(module, `export const a = ${i};\n`)],
    ];
    try {
      for (let i = 1; i <= 6; i++) {
        const [how, save] = saves[i % saves.length]!;
        const before = seen.filter((p) => p === '01-alpha/alpha.ts').length;
        save(i);
        await until(() => seen.filter((p) => p === '01-alpha/alpha.ts').length > before, `save ${i} (${how})`);
      }
    } finally {
      await watcher.close();
    }
    // Editors' temporary files are not saves of the course.
    expect(seen.every((p) => p === '01-alpha/alpha.ts')).toBe(true);
  });
});
