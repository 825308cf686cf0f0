/**
 * Derive, don't read: a formula week 2 withholds, planted (as written or rewritten) in any file a
 * learner reads in week 2's folder or week 1's, or in a hint tier before the last, fails the proof
 * naming the place and the formula; in the last hint tier, or in week 3's folder, it is allowed.
 * On a copy of the course whose only withheld formula is the planted one.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { loadCourse } from '../course/load.ts';
import { courseSource, materialiseStubs } from '../course/shipped.ts';
import { courseFacts } from './facts.ts';
import { formulaVariants, normalForm } from './withheld.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'withheld-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const FORMULA = '7·Q_a·Z_bᵀ + Z_b';
/** The files the cases below plant into. */
const PLANTABLE = [
  ...['spec.md', 'mlp.ts', 'mlp.test.ts', 'notes.md', 'predictions.yaml'].map((f) => `weeks/02-training/${f}`),
  'weeks/01-linear/spec.md',
  'weeks/01-linear/linear.test.ts',
  'weeks/03-attention/spec.md',
  'weeks/03-attention/attention.test.ts',
  'solutions/02-training/hints.yaml',
];

/** A copy of the course whose week 2 withholds FORMULA and nothing else is withheld. */
function copyCourse(): string {
  const root = join(scratch, 'course');
  for (const tree of ['weeks', 'solutions']) cpSync(join(repo, tree), join(root, tree), { recursive: true });
  for (const week of loadCourse(root).weeks) writeFileSync(join(root, 'solutions', week.slug, 'withheld.yaml'), week.number === 2 ? `- ${FORMULA}\n` : '[]\n');
  return root;
}
const root = copyCourse();

/** Runs `plant` on the copy, then puts back every file of the trees it may touch. */
function planted<T>(plant: (root: string) => void, look: () => T): T {
  const before = new Map(PLANTABLE.map((p) => [p, readFileSync(join(root, p), 'utf8')]));
  try {
    plant(root);
    return look();
  } finally {
    for (const [p, text] of before) writeFileSync(join(root, p), text);
  }
}

/** The leak check of week 2 on the copy, materialised as shipped. */
function leakCheck() {
  const course = loadCourse(root);
  const shipped = join(root, '.shipped');
  rmSync(shipped, { recursive: true, force: true });
  materialiseStubs(course, courseSource(course), shipped);
  return courseFacts(course, shipped).find((c) => c.name.startsWith('week 2: no file of weeks 1–2'))!;
}

/** Appends `text` to tier `tier` (the last: -1) of week 2's first hint with three tiers or more. */
function plantHint(root: string, tier: number, text: string): void {
  const path = join(root, 'solutions', '02-training', 'hints.yaml');
  const hints = parseYaml(readFileSync(path, 'utf8')) as { check: string; tiers: string[] }[];
  const tiers = hints.find((h) => h.tiers.length >= 3)!.tiers;
  tiers[tier < 0 ? tiers.length + tier : tier] += ` ${text}`;
  writeFileSync(path, stringify(hints));
}

const inFrontMatter = (root: string, path: string, text: string) => {
  const file = join(root, path);
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^---\n/, `---\n# ${text}\n`));
};
const append = (root: string, path: string, text: string) => appendFileSync(join(root, path), `\n// ${text}\n`);

describe('the normal form and the rewrites a formula is found under', () => {
  it('reads spacing, *, ×, ⋅ as ·, and ^T, .T as ᵀ alike', () => {
    expect(normalForm('Z_b^T * Q_a × 7 + Z_b')).toBe('Z_bᵀ·Q_a·7+Z_b');
    expect(normalForm('X.T @ dY')).toBe(normalForm('Xᵀ@dY'));
    expect(normalForm('the word X.Total stays')).toBe('thewordX.Totalstays');
  });

  it('orders the factors of each top-level term every way, and keeps bracketed groups whole', () => {
    expect(formulaVariants('2·B·D + B')).toEqual(['2·B·D+B', '2·D·B+B', 'B·2·D+B', 'B·D·2+B', 'D·2·B+B', 'D·B·2+B']);
    expect(formulaVariants('(D_in + 1) * D_out')).toEqual(['(D_in+1)·D_out', 'D_out·(D_in+1)']);
    expect(formulaVariants('Xᵀ @ dY')).toEqual(['Xᵀ@dY']);
  });
});

describe('the proof finds a withheld formula wherever a learner reads it before the last hint', () => {
  it('passes on the copy before anything is planted', () => {
    expect(leakCheck()).toMatchObject({ passed: true });
  });

  const places: [string, (root: string) => void, string][] = [
    ['the spec body', (r) => append(r, 'weeks/02-training/spec.md', FORMULA), 'weeks/02-training/spec.md'],
    ["the spec's front matter", (r) => inFrontMatter(r, 'weeks/02-training/spec.md', 'Z_b^T * Q_a * 7 + Z_b'), 'weeks/02-training/spec.md'],
    ['a stub as shipped', (r) => append(r, 'weeks/02-training/mlp.ts', '7 × Q_a × Z_b.T+Z_b'), 'weeks/02-training/mlp.ts'],
    ['a test file', (r) => append(r, 'weeks/02-training/mlp.test.ts', 'Q_a⋅7⋅Z_bᵀ + Z_b'), 'weeks/02-training/mlp.test.ts'],
    ['notes.md', (r) => append(r, 'weeks/02-training/notes.md', 'Z_bᵀ·Q_a·7 + Z_b'), 'weeks/02-training/notes.md'],
    ['predictions.yaml', (r) => appendFileSync(join(r, 'weeks/02-training/predictions.yaml'), `# ${FORMULA}\n`), 'weeks/02-training/predictions.yaml'],
    ["an earlier week's spec", (r) => append(r, 'weeks/01-linear/spec.md', '7*Q_a*Z_b^T + Z_b'), 'weeks/01-linear/spec.md'],
    ["an earlier week's test file", (r) => append(r, 'weeks/01-linear/linear.test.ts', FORMULA), 'weeks/01-linear/linear.test.ts'],
    ['a first hint tier', (r) => plantHint(r, 0, 'Q_a * Z_b.T * 7 + Z_b'), 'solutions/02-training/hints.yaml: tier 1 of'],
    ['a middle hint tier', (r) => plantHint(r, 1, FORMULA), 'solutions/02-training/hints.yaml: tier 2 of'],
  ];

  it.each(places)('fails when %s states it, naming the place and the formula', (_, plant, where) => {
    const check = planted(plant, leakCheck);
    expect(check.passed).toBe(false);
    const leaks = check.detail!.split('\n');
    expect(leaks).toHaveLength(1);
    expect(leaks[0]!.startsWith(where) && leaks[0]!.includes(`states "${FORMULA}"`), leaks[0]).toBe(true);
  });

  it("passes when the formula sits only in the last hint tier or in a later week's folder", () => {
    const plant = (r: string) => {
      plantHint(r, -1, FORMULA);
      append(r, 'weeks/03-attention/spec.md', FORMULA);
      append(r, 'weeks/03-attention/attention.test.ts', 'Z_b^T * Q_a * 7 + Z_b');
    };
    expect(planted(plant, leakCheck)).toMatchObject({ passed: true });
  });
});
