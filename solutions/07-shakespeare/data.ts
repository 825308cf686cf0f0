/**
 * Week 7: text to token ids and back, one character per token, and random training windows.
 * A batch is inputs [B][T] and targets [B][T], the same window moved on by one character.
 */
import { ShapeError, type Rng } from '../../harness/runtime/index.ts';

export type CharTokenizer = { vocab: string[]; encode(s: string): number[]; decode(ids: number[]): string };

/** The distinct characters of `text` sorted by code point; a character's id is its index in vocab. */
export function charTokenizer(text: string): CharTokenizer {
  const vocab = [...new Set(text)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  const ids = new Map(vocab.map((c, i) => [c, i]));
  return {
    vocab,
    encode(s) {
      return [...s].map((c) => {
        const id = ids.get(c);
        if (id === undefined) throw new RangeError(`charTokenizer: ${JSON.stringify(c)} is not in the vocabulary of V=${vocab.length} characters`);
        return id;
      });
    },
    decode(ids) {
      return ids
        .map((id) => {
          const c = vocab[id];
          if (c === undefined) throw new RangeError(`charTokenizer: id ${id} is outside the vocabulary [0, V=${vocab.length})`);
          return c;
        })
        .join('');
    },
  };
}

/** The first 90 % of the ids (rounded down) for training, the rest for validation. */
export function splitTrainValidation(ids: number[]): { train: number[]; validation: number[] } {
  const cut = Math.floor(ids.length * 0.9);
  return { train: ids.slice(0, cut), validation: ids.slice(cut) };
}

/**
 * B windows of T + 1 consecutive ids: row b starts at s = rng.int(ids.length − T) (drawn in row order),
 * inputs[b] = ids[s ... s + T − 1] and targets[b] = ids[s + 1 ... s + T].
 */
export function sampleBatch(ids: number[], B: number, T: number, rng: Rng): { inputs: number[][]; targets: number[][] } {
  if (ids.length < T + 1) throw new ShapeError(`sampleBatch needs at least T + 1 = ${T + 1} ids for windows of T=${T}, got ${ids.length}`);
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let b = 0; b < B; b++) {
    const s = rng.int(ids.length - T);
    inputs.push(ids.slice(s, s + T));
    targets.push(ids.slice(s + 1, s + T + 1));
  }
  return { inputs, targets };
}
