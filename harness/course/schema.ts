/**
 * The one registry of the course: each week's spec.md front matter and its author's hints file,
 * validated here. Nothing else lists the weeks or their checks; they are discovered from the folders
 * and from Vitest.
 */
import { z } from 'zod';

/** Every check belongs to exactly one category, declared on its test as a Vitest tag. */
export const CATEGORIES = ['shapes', 'memory', 'flops', 'gradients', 'numerics', 'behaviour'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_DESCRIPTIONS: Record<Category, string> = {
  shapes: 'Every tensor has the shape its ledger row says.',
  memory: 'Parameter counts and bytes match the formulas and the worked example.',
  flops: 'FLOP counts follow the counting convention and the worked example.',
  gradients: 'Backward passes agree with central differences.',
  numerics: 'Results stay finite and exact where floating point makes that hard.',
  behaviour: 'The code does what the spec says on hand-worked and random inputs.',
};

export const moduleName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a module is a file name without .ts, like "linear"');

/** A check's hint, tiered: a nudge first that never states the answer, the formula last. */
export const Hint = z.strictObject({
  /** Part of a check's name: the first hint whose text occurs in the name belongs to that check. */
  check: z.string().min(1),
  tiers: z.array(z.string().min(1)).min(2).max(4),
});
export type Hint = z.infer<typeof Hint>;

/** A week's hints file, solutions/NN-slug/hints.yaml: author material, never in the learner's folder. */
export const Hints = z.array(Hint).min(1);

/** What a prediction asks for, which decides how an answer is read and scored. */
export const PREDICTION_KINDS = ['shape', 'count', 'bytes', 'flops', 'ratio', 'choice', 'seconds'] as const;
export type PredictionKind = (typeof PREDICTION_KINDS)[number];

export const Question = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'an id is kebab-case, like "fp32-param-bytes"'),
    kind: z.enum(PREDICTION_KINDS),
    /** The question as the learner reads it; {name} is replaced by given.name. */
    ask: z.string().min(1),
    /** Numbers the question uses, said once: the text and the truth both read them from here. */
    given: z.record(z.string(), z.number()).optional(),
    /** The module whose checks must all pass before the prediction is scored (its truth is then a checked value). */
    module: moduleName,
    choices: z.array(z.string().min(1)).min(2).optional(),
    /** A truth measured by `npm run bench`: a case's median seconds, or with `over` how many times longer it took (per round within one series; predict.ts, benchTruth). */
    bench: z.strictObject({ case: z.string().min(1), over: z.string().min(1).optional() }).optional(),
  })
  .superRefine((q, ctx) => {
    if ((q.kind === 'choice') !== (q.choices !== undefined)) ctx.addIssue({ code: 'custom', path: ['choices'], message: 'goes with kind: choice, and only with it' });
    if (q.bench && q.kind !== (q.bench.over ? 'ratio' : 'seconds')) {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: `must be ${q.bench.over ? 'ratio (bench with over)' : 'seconds (bench without over)'}` });
    }
    for (const [, name] of q.ask.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
      if (q.given?.[name!] === undefined) ctx.addIssue({ code: 'custom', path: ['ask'], message: `uses {${name}}, which is not in given` });
    }
  });
export type Question = z.infer<typeof Question>;

export const FrontMatter = z.strictObject({
  week: z.number().int().min(1),
  title: z.string().min(1),
  summary: z.string().min(1),
  modules: z.array(moduleName).min(1),
  prompts: z.array(z.string().min(1)).min(1),
  predictions: z.array(Question).default([]),
});
export type FrontMatter = z.infer<typeof FrontMatter>;

/** The question's text with its given numbers in place. */
export function questionText(q: Question): string {
  return q.ask.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => String(q.given?.[name] ?? `{${name}}`));
}
