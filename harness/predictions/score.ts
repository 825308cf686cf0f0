/**
 * Scoring a prediction against its truth: exact for shapes and choices; for numbers, by the ratio
 * to the truth — within 10 % a hit, within a factor of 2 close, else a miss. (A prediction of a
 * number that is truly 0 is a hit only when it is 0.) `judge` adds the known mistakes and the reason.
 */
import type { PredictedValue, PredictionEntry, Score } from '../progress/document.ts';
import type { Mistake } from './mistakes.ts';
import { agreesAtPrecision } from './precision.ts';

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

/** A score with the one line that says why, and the known mistake it matched, if any. */
export type Verdict = { score: Score; ratio?: number; mistake?: string; reason: string };

/** A value as a reason shows it: whole numbers with thousands separators, others to three digits. */
export function shownValue(value: PredictedValue): string {
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return String(Number(value.toPrecision(3)));
}

function ratioText(ratio: number): string {
  return `${Number(ratio.toPrecision(ratio >= 100 ? 2 : 3)).toLocaleString('en-US')}×`;
}

/** Whether an answer is the truth: to the precision it was written in for numbers, exactly otherwise. */
export function sameAtPrecision(answer: PredictionEntry, truth: PredictedValue): boolean {
  if (typeof answer.value === 'number' && typeof truth === 'number') return agreesAtPrecision(truth, answer.value, answer.text);
  return JSON.stringify(answer.value) === JSON.stringify(truth);
}

/** The known mistake an answer equals (to the precision it was written in) while it does not equal the truth. */
function matchedMistake(answer: PredictionEntry, truth: PredictedValue, mistakes: readonly Mistake[]): Mistake | undefined {
  return sameAtPrecision(answer, truth) ? undefined : mistakes.find((m) => sameAtPrecision(answer, m.value));
}

/**
 * The score of a first answer against the truth, with its reason. An answer that is a known
 * mistake's value (and not the truth's) at the precision it was written in is a miss that names
 * the mistake, however near the truth it lies: 943718400 is the count without the bias, 9.4e8 agrees
 * with both and stays a hit.
 */
export function judge(answer: PredictionEntry, truth: PredictedValue, mistakes: readonly Mistake[] = []): Verdict {
  const { score: plain, ratio } = score(answer.value, truth);
  const code = `your code's ${shownValue(truth)}`;
  const mistake = matchedMistake(answer, truth, mistakes);
  if (mistake) return { score: 'miss', ...(ratio === undefined ? {} : { ratio }), mistake: mistake.name, reason: `the value of a known mistake, ${mistake.name}: ${shownValue(mistake.value)}, not ${code}` };
  if (ratio === undefined) return { score: plain, reason: plain === 'hit' ? `the same as ${code}` : `your code says ${shownValue(truth)}` };
  const way = ratio > 1 ? 'too high' : 'too low';
  if (plain === 'hit') return { score: plain, ratio, reason: `within ${HIT_WITHIN * 100} % of ${code}` };
  if (plain === 'close') return { score: plain, ratio, reason: `${ratioText(ratio)} ${code}: ${way}, within ${CLOSE_WITHIN}× but not ${HIT_WITHIN * 100} %` };
  return { score: plain, ratio, reason: `${ratioText(ratio)} ${code}: ${way}, more than ${CLOSE_WITHIN}× off` };
}
