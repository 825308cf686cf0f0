import { describe, expect, it } from 'vitest';
import { readExamples, readLedger, splitFrontMatter } from './spec.ts';

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
