/**
 * Scores that fit the question: an answer written to some precision is a known mistake's value when
 * it rounds to that value and not to the truth. On week 1 as shipped: 943718400 for the training
 * step's FLOPs is the count without the bias and db — a miss whose reason names the bias — while
 * 9.4e8 agrees with both and stays a hit. The mistakes' values come from the week's mutants, once,
 * and are cached.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../course/load.ts';
import { grade } from '../grade/grade.ts';
import type { PredictionEntry } from '../progress/document.ts';
import { knownMistakes, mistakesPath } from './mistakes.ts';
import { agreesAtPrecision, writtenDigits } from './precision.ts';
import { judge } from './score.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const answer = (text: string, value: number): PredictionEntry => ({ text, value, at: 't', codeStarted: false });

describe('the precision an answer was written in', () => {
  it('counts significant digits as written: trailing zeros of a whole number are placeholders', () => {
    expect(['9.4e8', '943718400', '0.94 GFLOP', '4.50 MiB', '1,200', '1/4'].map(writtenDigits)).toEqual([2, 7, 2, 3, 2, undefined]);
  });

  it("compares in the answer's own unit: 943,964,160 rounds to 9.4e8 and 944 MFLOP, not to 943718400", () => {
    expect(agreesAtPrecision(943964160, 9.4e8, '9.4e8')).toBe(true);
    expect(agreesAtPrecision(943964160, 944e6, '944 MFLOP')).toBe(true);
    expect(agreesAtPrecision(943964160, 943718400, '943718400')).toBe(false);
    expect(agreesAtPrecision(4.5 * 1024 ** 2 + 1000, 4.5 * 1024 ** 2, '4.5 MiB')).toBe(true);
  });
});

describe('every score says why', () => {
  const mistakes = [{ name: 'FLOPs without the bias', value: 900 }];
  it('a hit within 10 %, close and miss with the ratio and which way, a mistake by its name', () => {
    expect(judge(answer('1050', 1050), 1000, mistakes)).toEqual({ score: 'hit', ratio: 1.05, reason: "within 10 % of your code's 1,000" });
    expect(judge(answer('1500', 1500), 1000, mistakes).reason).toBe("1.5× your code's 1,000: too high, within 2× but not 10 %");
    expect(judge(answer('100', 100), 1000, mistakes).reason).toBe("0.1× your code's 1,000: too low, more than 2× off");
    expect(judge(answer('900', 900), 1000, mistakes)).toMatchObject({ score: 'miss', mistake: 'FLOPs without the bias', reason: "the value of a known mistake, FLOPs without the bias: 900, not your code's 1,000" });
    expect(judge(answer('[4, 7]', 0), 0).reason).toBe("the same as your code's 0");
  });
});

describe("week 1's known mistakes, from its mutants", () => {
  const root = join(repo, '.course', 'fixtures', `mistakes-${process.pid}`);
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(root, { recursive: true });
  symlinkSync(join(repo, 'harness'), join(root, 'harness'));
  cpSync(join(repo, 'vitest.config.ts'), join(root, 'vitest.config.ts'));
  for (const tree of ['weeks', 'solutions']) cpSync(join(repo, tree, '01-linear'), join(root, tree, '01-linear'), { recursive: true });

  it('943718400 for train-step-flops is a miss naming the bias; 9.4e8 stays a hit', async () => {
    const course = loadCourse(root);
    mkdirSync(join(root, '.course'), { recursive: true });
    const wanted = [{ week: course.weeks[0]!, ids: ['train-step-flops'] }];
    const mistakes = (await knownMistakes(course, wanted)).get('01-linear')!.get('train-step-flops')!;
    const truth = 943964160; // 24·5120·(6·1280 + 2): the spec's question, counted by hand
    const wrong = judge(answer('943718400', 943718400), truth, mistakes);
    expect(wrong.score).toBe('miss');
    expect(wrong.mistake).toMatch(/bias/);
    expect(wrong.reason).toMatch(/bias/);
    expect(judge(answer('9.4e8', 9.4e8), truth, mistakes)).toMatchObject({ score: 'hit', reason: "within 10 % of your code's 943,964,160" });
  });

  it('a grade scores through the cached values, without planting the mutants again, and keeps the reason in its JSON', async () => {
    // The first case left the values in .course/mistakes.json; one planted there shows the grade reads it.
    const cache = JSON.parse(readFileSync(mistakesPath(root), 'utf8'));
    expect(Object.keys(cache.weeks['01-linear'])).toEqual(['train-step-flops']);
    cache.weeks['01-linear']['train-step-flops'] = [{ name: 'a mistake planted in the cache', value: 943718400 }];
    writeFileSync(mistakesPath(root), JSON.stringify(cache));
    writeFileSync(join(root, 'solutions', '01-linear', 'predictions.yaml'), 'train-step-flops: 943718400\n');
    const { progress } = await grade(loadCourse(root), { tree: 'solutions', weeks: [1] });
    const result = progress.weeks[0]!.predictions.find((p) => p.id === 'train-step-flops')!;
    expect(result).toMatchObject({ score: 'miss', truth: 943964160, mistake: 'a mistake planted in the cache' });
    expect(result.reason).toBe("the value of a known mistake, a mistake planted in the cache: 943,718,400, not your code's 943,964,160");
  });
});
