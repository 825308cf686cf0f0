/**
 * The one registry of the course: each week's spec.md front matter, validated here. Nothing else
 * lists the weeks or their checks; they are discovered from the folders and from Vitest.
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

const moduleName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a module is a file name without .ts, like "linear"');

export const FrontMatter = z.strictObject({
  week: z.number().int().min(1),
  title: z.string().min(1),
  summary: z.string().min(1),
  modules: z.array(moduleName).min(1),
  prompts: z.array(z.string().min(1)).min(1),
  hints: z.partialRecord(z.enum(CATEGORIES), z.string().min(1)),
});
export type FrontMatter = z.infer<typeof FrontMatter>;
