/**
 * The truth of a prediction: a value the learner's own code produces. A week that asks predictions
 * has an author file solutions/NN-slug/truths.ts that default-exports `defineTruths<Modules>({...})`, one
 * function per question id (bench questions take their truth from the bench instead). `Modules` is
 * typed from the week's own modules, which the harness loads from the graded tree and passes in.
 */
import type { PredictedValue } from '../progress/document.ts';

/** A number from the question's `given` (the numbers its text uses); throws naming a missing one. */
export type Given = (name: string) => number;

export type Truths<M> = Record<string, (modules: M, given: Given) => PredictedValue | Promise<PredictedValue>>;

/** Identity, for type checking a truths file against the week's modules. */
export function defineTruths<M>(truths: Truths<M>): Truths<M> {
  return truths;
}
