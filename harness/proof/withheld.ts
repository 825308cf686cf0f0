/**
 * Derive, don't read: a week's withheld formulas (solutions/NN-slug/withheld.yaml) may appear in no
 * file of that week's folder or an earlier week's (spec, stubs as shipped, tests, notes, predictions)
 * nor in any tier of that week's hints but the last. A formula is found under simple rewrites too.
 *
 * How rewrites match: both sides are put in one normal form — no whitespace; `*`, `×`, `⋅` read as
 * `·`; `^T` and `.T` read as `ᵀ` — and a formula stands for every reordering of the factors of each of
 * its top-level terms (`4·B·D_in·D_out + B·D_out` also as `D_out·D_in·B·4 + D_out·B`). The variants
 * are generated, not searched for: formulas are short (a term of six factors has 720 orders; longer
 * terms keep their written order), and a plain substring test per variant stays simple to trust.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Course, Week } from '../course/load.ts';
import { authorFile, authorFileShown } from '../course/paths.ts';

/** Terms with more factors than this keep their written order (7! orders would be 5040). */
const MAX_PERMUTED_FACTORS = 6;

/** The normal form both a formula and the text it is looked for in are compared in. */
export function normalForm(text: string): string {
  return text
    .replace(/\^T(?![A-Za-z0-9_])|\.T(?![A-Za-z0-9_])/g, 'ᵀ')
    .replace(/\s+/g, '')
    .replace(/[*×⋅]/g, '·');
}

/** `text` split at each `separators` character outside brackets; separators stay at the start of the piece they open. */
function splitTopLevel(text: string, separators: RegExp): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && i > start && separators.test(c)) {
      pieces.push(text.slice(start, i));
      start = i;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** A formula's top-level terms (sign kept), each as its top-level `·` factors, in normal form. */
function termFactors(formula: string): { sign: string; factors: string[] }[] {
  return splitTopLevel(normalForm(formula), /[+\-−]/).map((term) => {
    const sign = /^[+\-−]/.test(term) ? term[0]! : '';
    return { sign, factors: splitTopLevel(term.slice(sign.length), /·/).map((f, i) => (i === 0 ? f : f.slice(1))) };
  });
}

/** The normal forms of a formula with the factors of each top-level term in every order. */
export function formulaVariants(formula: string): string[] {
  const terms = termFactors(formula).map(({ sign, factors }) => {
    const orders = factors.length <= MAX_PERMUTED_FACTORS ? permutations(factors) : [factors];
    return orders.map((order) => sign + order.join('·'));
  });
  const joined = terms.reduce<string[]>((acc, options) => acc.flatMap((a) => options.map((o) => a + o)), ['']);
  return [...new Set(joined)];
}

/** Whether `text` (in normal form) states the formula in one of its variants; every variant holds each factor, so those are looked for first. */
function states(text: string, factors: readonly string[], variants: readonly string[]): boolean {
  return factors.every((f) => text.includes(f)) && variants.some((v) => text.includes(v));
}

/** solutions/NN-slug/withheld.yaml: the derived formulas a week leaves to the learner. */
export function withheldFormulas(course: Course, week: Week): string[] {
  const path = authorFile(course.root, week.slug, 'withheld');
  if (!existsSync(path)) return [];
  const parsed = z.array(z.string().min(1)).safeParse(parseYaml(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${authorFileShown(week.slug, 'withheld')} must be a YAML list of strings`);
  return parsed.data;
}

type Readable = { where: string; text: string };

/** Every file of a week's folder as shipped (materialised under `shipped`), in normal form. */
function shippedFiles(shipped: string, week: Week): Readable[] {
  const dir = join(shipped, week.slug);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort()
    .map((name) => ({ where: `weeks/${week.slug}/${name}`, text: normalForm(readFileSync(join(dir, name), 'utf8')) }));
}

/** Each tier of the week's hints but the last, in normal form. */
function earlyHintTiers(week: Week): Readable[] {
  return week.hints.flatMap((h) =>
    h.tiers.slice(0, -1).map((tier, i) => ({ where: `${authorFileShown(week.slug, 'hints')}: tier ${i + 1} of ${h.tiers.length} of "${h.check}"`, text: normalForm(tier) })),
  );
}

/** One line per place that states one of `week`'s withheld formulas (or a rewrite of it), naming the place and the formula. */
export function withheldLeaks(course: Course, shipped: string, week: Week): string[] {
  const formulas = withheldFormulas(course, week);
  if (formulas.length === 0) return [];
  const upTo = course.weeks.filter((w) => w.number <= week.number);
  const places = [...upTo.flatMap((w) => shippedFiles(shipped, w)), ...earlyHintTiers(week)];
  // Spellings of one formula that share a normal form (X^T, X.T, Xᵀ) are reported once, as first written.
  const distinct = formulas.filter((f, i) => formulas.findIndex((other) => normalForm(other) === normalForm(f)) === i);
  return distinct.flatMap((formula) => {
    const factors = termFactors(formula).flatMap((t) => t.factors);
    const variants = formulaVariants(formula);
    return places.filter((p) => states(p.text, factors, variants)).map((p) => `${p.where} states "${formula}" (or a rewrite of it)`);
  });
}
