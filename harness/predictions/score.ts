/**
 * Scoring a prediction against its truth: exact for shapes and choices; for numbers, by the ratio
 * to the truth — within 10 % a hit, within a factor of 2 close, else a miss. (A prediction of a
 * number that is truly 0 is a hit only when it is 0.)
 */
import type { PredictedValue, Score } from '../progress/document.ts';

export const HIT_WITHIN = 0.1;
export const CLOSE_WITHIN = 2;

export function score(predicted: PredictedValue, truth: PredictedValue): { score: Score; ratio?: number } {
  if (Array.isArray(truth) || Array.isArray(predicted)) {
    const same = Array.isArray(truth) && Array.isArray(predicted) && truth.length === predicted.length && truth.every((d, i) => d === predicted[i]);
    return { score: same ? 'hit' : 'miss' };
  }
  if (typeof truth === 'string' || typeof predicted === 'string') return { score: predicted === truth ? 'hit' : 'miss' };
  if (truth === 0) return { score: predicted === 0 ? 'hit' : 'miss' };
  const ratio = predicted / truth;
  if (Math.abs(ratio - 1) <= HIT_WITHIN) return { score: 'hit', ratio };
  if (ratio >= 1 / CLOSE_WITHIN && ratio <= CLOSE_WITHIN) return { score: 'close', ratio };
  return { score: 'miss', ratio };
}
