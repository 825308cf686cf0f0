import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CourseError } from './errors.ts';
import { loadCourse } from './load.ts';
import { readExamples, readLedger, splitFrontMatter } from './spec.ts';

const harnessRoot = fileURLToPath(new URL('../..', import.meta.url));

const body = `
# A week

| Symbol | Shape | Meaning |
|---|---|---|
| X | [B, D_in] | input |
| \`s\` | \`[]\` | a scalar |

| Name | Value |
|---|---|
| not | a ledger |

| Symbol | Shape | Meaning |
|---|---|---|
| Q | [B, n_heads, T, D / n_heads] | queries |

\`\`\`example worked
B: 32
bytes: { fp32: 4 }
\`\`\`

\`\`\`ts
const notAnExample = 1;
\`\`\`
`;

describe('reading a spec', () => {
  it('splits YAML front matter from the body', () => {
    const { frontMatter, body: rest } = splitFrontMatter('---\nweek: 1\ntitle: x\n---\n# Body\n', 'spec.md');
    expect(frontMatter).toEqual({ week: 1, title: 'x' });
    expect(rest).toBe('# Body\n');
  });

  it('names the file and field when the front matter is missing or not YAML', () => {
    expect(() => splitFrontMatter('# no front matter', 'weeks/01-x/spec.md')).toThrow(/weeks\/01-x\/spec\.md: front matter/);
    expect(() => splitFrontMatter('---\nweek: [1\n---\n', 'weeks/01-x/spec.md')).toThrow(/front matter is not valid YAML/);
  });

  it('collects every Symbol | Shape | Meaning table, in order, and nothing else', () => {
    const ledger = readLedger(body, 'spec.md');
    expect(ledger.map((r) => r.symbol)).toEqual(['X', 's', 'Q']);
    expect(ledger[0]?.dims).toEqual(['B', 'D_in']);
    expect(ledger[1]?.dims).toEqual([]);
    expect(ledger[2]?.dims).toEqual(['B', 'n_heads', 'T', 'D / n_heads']);
  });

  it('rejects a shape cell that is not a bracketed list, and a symbol listed twice', () => {
    const bad = '| Symbol | Shape | Meaning |\n|---|---|---|\n| X | B by D_in | input |\n';
    expect(() => readLedger(bad, 'spec.md')).toThrow(/spec\.md: ledger row X Shape must look like \[B, D_in\]/);
    const twice = '| Symbol | Shape | Meaning |\n|---|---|---|\n| X | [B] | a |\n| X | [B] | b |\n';
    expect(() => readLedger(twice, 'spec.md')).toThrow(/ledger row X appears twice/);
  });

  it('reads fenced example blocks as YAML by name and ignores other code', () => {
    expect(readExamples(body, 'spec.md')).toEqual([{ name: 'worked', values: { B: 32, bytes: { fp32: 4 } } }]);
  });

  it('names the example when its YAML is broken or not a mapping', () => {
    expect(() => readExamples('```example bad\nB: [1\n```\n', 'spec.md')).toThrow(/example bad is not valid YAML/);
    expect(() => readExamples('```example list\n- 1\n```\n', 'spec.md')).toThrow(/example list must be a YAML mapping/);
  });
});

describe('malformed course input is a course error naming the file, the row and the field', () => {
  const ledger = (rows: string, header = '| Symbol | Shape | Meaning |') => `${header}\n|---|---|---|\n${rows}\n`;

  it('a ledger row whose Shape is not [dims]', () => {
    expect(() => readLedger(ledger('| X | B by D | input |'), 'weeks/01-x/spec.md')).toThrow(/^weeks\/01-x\/spec.md: ledger row X Shape must look like \[B, D_in\], got "B by D"$/);
  });

  it('a ledger row with an empty Symbol, an empty Meaning or a dim that is not arithmetic', () => {
    expect(() => readLedger(ledger('|  | [B] | input |'), 'f.md')).toThrow(/ledger row 1 Symbol is empty/);
    expect(() => readLedger(ledger('| X | [B] |  |'), 'f.md')).toThrow(/ledger row 1 \(X\) Meaning is empty/);
    expect(() => readLedger(ledger('| X | [B, D; rm -rf] | input |'), 'f.md')).toThrow(/ledger row X Shape has a dim "D; rm -rf"/);
  });

  it('a ledger header written in another case is refused rather than silently dropped', () => {
    expect(() => readLedger(ledger('| X | [B] | input |', '| symbol | shape | meaning |'), 'f.md')).toThrow(/ledger header is "symbol \| shape \| meaning": write it exactly "Symbol \| Shape \| Meaning"/);
  });

  it('an example that is not a YAML mapping, or has no name', () => {
    expect(() => readExamples('```example worked\n- 1\n- 2\n```\n', 'f.md')).toThrow(/f.md: example worked must be a YAML mapping/);
    expect(() => readExamples('```example worked\nB: [1, 2\n```\n', 'f.md')).toThrow(/f.md: example worked is not valid YAML/);
    expect(() => readExamples('```example\nB: 1\n```\n', 'f.md')).toThrow(/f.md: example \(line 1 of the body\) a fenced example needs a name/);
  });

  it('a spec.md that is a directory is a course error naming the path, not a raw EISDIR', () => {
    const root = mkdtempSync(join(tmpdir(), 'eisdir-'));
    try {
      mkdirSync(join(root, 'weeks', '01-x', 'spec.md'), { recursive: true });
      expect(() => loadCourse(root)).toThrow(CourseError);
      expect(() => loadCourse(root)).toThrow(/^weeks\/01-x\/spec.md: file is not a file$/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('through the CLI, a malformed course exits 2 naming the file and the field', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(harnessRoot, 'harness/cli.ts'), 'grade', '--week', '99'], { cwd: harnessRoot, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Course error: weeks\/: week 99 does not exist/);
  });
});
