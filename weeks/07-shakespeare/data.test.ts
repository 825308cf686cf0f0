import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng, ShapeError } from '../../harness/runtime/index.ts';
import { readWeekSpec } from '../../harness/testing/spec.ts';
import { charTokenizer, sampleBatch, splitTrainValidation } from './data.ts';

const spec = readWeekSpec(import.meta.url);
const CORPUS = readFileSync(new URL('../../harness/data/tinyshakespeare.txt', import.meta.url), 'utf8');

describe('behaviour', { tags: ['behaviour'] }, () => {
  it("charTokenizer reproduces the spec's example: the distinct characters sorted by code point, a character's id its index", () => {
    const ex = spec.example('tokenizer');
    const tokenizer = charTokenizer(ex.text as string);
    expect(tokenizer.vocab).toEqual(ex.vocab);
    expect(tokenizer.encode(ex.encode as string)).toEqual(ex.ids);
    expect(tokenizer.decode(ex.ids as number[])).toBe(ex.encode);
  });

  it('charTokenizer finds the 65 characters of tiny Shakespeare and decode(encode(text)) gives the text back', () => {
    const tokenizer = charTokenizer(CORPUS);
    expect(tokenizer.vocab).toHaveLength(65);
    const sorted = [...tokenizer.vocab].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    expect(tokenizer.vocab).toEqual(sorted);
    const excerpt = CORPUS.slice(100000, 103000);
    const ids = tokenizer.encode(excerpt);
    expect(ids).toHaveLength(excerpt.length);
    expect(tokenizer.decode(ids)).toBe(excerpt);
  });

  it('charTokenizer throws a RangeError naming a character it has never seen', () => {
    const tokenizer = charTokenizer('abc');
    expect(() => tokenizer.encode('abz')).toThrow(RangeError);
    expect(() => tokenizer.encode('abz')).toThrow(/"z"|'z'|\bz\b/);
  });

  it("splitTrainValidation keeps the first 90 % for training and the last 10 % for validation, as in the spec's example", () => {
    const n = spec.number('split', 'n');
    const ids = Array.from({ length: n }, (_, i) => i);
    const { train, validation } = splitTrainValidation(ids);
    expect(train).toEqual(ids.slice(0, spec.number('split', 'train')));
    expect(validation).toEqual(ids.slice(ids.length - spec.number('split', 'validation')));
  });

  it('sampleBatch draws each row at s = rng.int(ids.length − T): inputs ids[s … s + T − 1], targets the same window moved on by one', () => {
    const ids = Array.from({ length: 50 }, (_, i) => (i * 7) % 11);
    const { inputs, targets } = sampleBatch(ids, 4, 6, createRng(3));
    const rng = createRng(3);
    for (let b = 0; b < 4; b++) {
      const s = rng.int(ids.length - 6);
      expect(inputs[b], `inputs[${b}]`).toEqual(ids.slice(s, s + 6));
      expect(targets[b], `targets[${b}]`).toEqual(ids.slice(s + 1, s + 7));
    }
  });

  it('sampleBatch targets[b][i] is the id after inputs[b][i], and every window lies inside ids', () => {
    const ids = Array.from({ length: 40 }, (_, i) => i); // ids equal to positions: a window shows where it came from
    const { inputs, targets } = sampleBatch(ids, 8, 5, createRng(4));
    expect(inputs).toHaveLength(8);
    inputs.forEach((row, b) => {
      expect(row).toHaveLength(5);
      row.forEach((id, i) => {
        expect(targets[b]![i], `targets[${b}][${i}]`).toBe(id + 1);
        if (i > 0) expect(id, `inputs[${b}][${i}]`).toBe(row[i - 1]! + 1);
      });
      expect(targets[b]![4]).toBeLessThan(40);
    });
  });

  it('sampleBatch with exactly T + 1 ids has one window, and throws a ShapeError naming T with fewer', () => {
    const ids = [4, 1, 3, 2];
    expect(sampleBatch(ids, 2, 3, createRng(5))).toEqual({ inputs: [[4, 1, 3], [4, 1, 3]], targets: [[1, 3, 2], [1, 3, 2]] });
    expect(() => sampleBatch(ids, 1, 4, createRng(5))).toThrow(ShapeError);
  });
});
