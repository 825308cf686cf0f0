/**
 * Week 7: text to token ids and back, one character per token, and random training windows.
 * Read spec.md, "The data: characters, windows, and a split".
 */
import { NotImplemented, ShapeError, type Rng } from '../../harness/runtime/index.ts';

export type CharTokenizer = { vocab: string[]; encode(s: string): number[]; decode(ids: number[]): string };

/**
 * vocab: the distinct characters of text (iterate the string: one character per code point), sorted by
 * code point; a character's id is its index in vocab. encode: a string to ids; decode: ids to a string.
 * A RangeError naming the character (or the id) that is not in the vocabulary.
 */
export function charTokenizer(text: string): CharTokenizer {
  throw new NotImplemented('charTokenizer', 7);
}

/** The first ⌊0.9 · ids.length⌋ ids for training, the rest for validation (new arrays). */
export function splitTrainValidation(ids: number[]): { train: number[]; validation: number[] } {
  throw new NotImplemented('splitTrainValidation', 7);
}

/**
 * B windows, drawn row by row: s = rng.int(ids.length − T), inputs[b] = the T ids from s, targets[b]
 * the T ids that follow each of them (spec.md). Returns number[][] of shape [B][T] each.
 * A ShapeError naming T when ids has fewer than T + 1 ids.
 */
export function sampleBatch(ids: number[], B: number, T: number, rng: Rng): { inputs: number[][]; targets: number[][] } {
  throw new NotImplemented('sampleBatch', 7);
}
