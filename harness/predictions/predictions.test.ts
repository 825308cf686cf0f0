/**
 * Predictions: answers read the way people write them, scoring bands, the first answer kept and
 * revisions recorded, nothing scored while the module fails, and the whole path on a fixture
 * course — table, JSON and published page.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../course/load.ts';
import { grade } from '../grade/grade.ts';
import { renderReport } from '../grade/report.ts';
import { ALPHA, removeFixtureCourse, writeFixtureCourse, writeFixtureFile } from '../grade/fixtures/course.ts';
import { Progress, type PredictionEntry } from '../progress/document.ts';
import { buildSite } from '../site/build.ts';
import { parseAnswer } from './parse.ts';
import { benchTruth, recordAnswer, type BenchTiming } from './predict.ts';
import { score } from './score.ts';
import { predictionsTemplate } from './template.ts';

const value = (kind: Parameters<typeof parseAnswer>[0], raw: unknown, choices?: string[]) => {
  const parsed = parseAnswer(kind, raw, choices);
  return 'value' in parsed ? parsed.value : `problem: ${parsed.problem}`;
};

describe('reading answers the way people write them', () => {
  it('shapes: YAML lists, bracketed text, and "32 x 3072"', () => {
    expect(value('shape', [32, 3072])).toEqual([32, 3072]);
    expect(value('shape', '[32, 3072]')).toEqual([32, 3072]);
    expect(value('shape', '(8, 12, 64)')).toEqual([8, 12, 64]);
    expect(value('shape', '32 x 3072')).toEqual([32, 3072]);
    expect(value('shape', '[3.5, 2]')).toMatch(/^problem: expected a shape such as \[32, 3072\], got "\[3.5, 2\]"/);
  });

  it('bytes: binary units are powers of 1024, decimal ones of 1000, bare numbers are bytes', () => {
    expect(value('bytes', '4.5 MiB')).toBe(4.5 * 1024 ** 2);
    expect(value('bytes', '9 MB')).toBe(9e6);
    expect(value('bytes', '512 KiB')).toBe(512 * 1024);
    expect(value('bytes', '2 GiB')).toBe(2 * 1024 ** 3);
    expect(value('bytes', 9437184)).toBe(9437184);
    expect(value('bytes', '9,437,184 bytes')).toBe(9437184);
    expect(value('bytes', 'lots')).toMatch(/^problem: expected bytes such as 9 MiB/);
  });

  it('counts and FLOPs: scientific notation, thousands separators, SI prefixes and a FLOP unit', () => {
    expect(value('count', '1.2e9')).toBe(1.2e9);
    expect(value('count', '2,362,368')).toBe(2362368);
    expect(value('count', '124M')).toBe(124e6);
    expect(value('count', '2.36 M')).toBeCloseTo(2.36e6, 6);
    expect(value('flops', '150 MFLOP')).toBe(150e6);
    expect(value('flops', '1.5e8 FLOPs')).toBe(1.5e8);
    expect(value('flops', '0.15 GFLOP')).toBeCloseTo(1.5e8, 3);
    expect(value('flops', '3 × 10^9')).toBe(3e9);
    expect(value('count', '12 apples')).toMatch(/^problem: expected a count/);
  });

  it('ratios, times and choices', () => {
    expect(value('ratio', 'x4')).toBe(4);
    expect(value('ratio', '×4')).toBe(4);
    expect(value('ratio', '4x')).toBe(4);
    expect(value('ratio', '1/4')).toBe(0.25);
    expect(value('seconds', '3 ms')).toBeCloseTo(3e-3, 12);
    expect(value('seconds', '250 µs')).toBeCloseTo(250e-6, 12);
    expect(value('seconds', '0.5')).toBe(0.5);
    expect(value('choice', ' Memory ', ['compute', 'memory'])).toBe('memory');
    expect(value('choice', 'disk', ['compute', 'memory'])).toBe('problem: expected one of compute, memory, got "disk"');
    expect(value('seconds', '-3 ms')).toMatch(/^problem: expected a value of at least 0/);
  });
});

describe('scoring against the truth', () => {
  it('numbers: within 10 % a hit, within a factor of 2 close, else a miss; a true 0 only by 0', () => {
    expect(score(105, 100)).toEqual({ score: 'hit', ratio: 1.05 });
    expect(score(90, 100)).toEqual({ score: 'hit', ratio: 0.9 });
    expect(score(89, 100).score).toBe('close');
    expect(score(200, 100).score).toBe('close');
    expect(score(50, 100).score).toBe('close');
    expect(score(201, 100).score).toBe('miss');
    expect(score(49, 100).score).toBe('miss');
    expect(score(0, 0).score).toBe('hit');
    expect(score(1, 0).score).toBe('miss');
  });

  it('shapes and choices are exact', () => {
    expect(score([32, 3072], [32, 3072]).score).toBe('hit');
    expect(score([3072, 32], [32, 3072]).score).toBe('miss');
    expect(score([32], [32, 1]).score).toBe('miss');
    expect(score('memory', 'memory').score).toBe('hit');
    expect(score('compute', 'memory').score).toBe('miss');
  });
});

describe('the record keeps the first answer', () => {
  const entry = (v: number, at: string): PredictionEntry => ({ text: String(v), value: v, at, codeStarted: false });
  it('a later, different answer is a revision; the same answer again is nothing new', () => {
    const first = recordAnswer(undefined, entry(1, 't1'));
    expect(first).toEqual({ first: entry(1, 't1'), revisions: [] });
    expect(recordAnswer(first, entry(1, 't2'))).toBe(first);
    const revised = recordAnswer(first, entry(2, 't3'));
    expect(revised).toEqual({ first: entry(1, 't1'), revisions: [entry(2, 't3')] });
    expect(recordAnswer(revised, entry(1, 't4')).revisions.map((r) => r.value)).toEqual([2, 1]);
  });
});

describe('predictions on a fixture course, from the first grade to the published page', () => {
  const answers = [
    'scaled-shape: [4, 7]', // right
    'total-to-n: 20000', // truth 20100: a hit
    'norm-bytes: 12 KiB', // truth 8000: 12288 is ×1.54, close
    'mean-flops: 5e6', // truth 1000: a miss
    'count-ratio: x4', // right
    'bigger: norm', // truth: total (7 > 5): a miss
  ].join('\n');
  const root = writeFixtureCourse('predictions', { predictions: `${answers}\n` });
  afterAll(() => removeFixtureCourse(root));

  it('while alpha.ts is a stub, answers are recorded but not scored, and the record says the code was not started', async () => {
    const { progress } = await grade(loadCourse(root), { tree: 'weeks', weeks: [1] });
    const week = progress.weeks[0]!;
    expect(week.predictionTally).toEqual({ asked: 6, answered: 6, hit: 0, close: 0, miss: 0, pending: 6 });
    expect(week.predictions.every((p) => p.score === undefined && p.pending === 'alpha.ts does not pass every check yet')).toBe(true);
    expect(week.predictions.every((p) => p.first?.codeStarted === false)).toBe(true);
    expect(week.predictions[0]).toMatchObject({ reason: 'waits for alpha.ts to pass every check; then npm run grade scores it', scoredBy: 'npm run grade' });
    const report = renderReport(progress, loadCourse(root));
    expect(report).toMatch(/^1 alpha .* 0\/0\/0\/6 of 6 /m);
    expect(report).toContain('Predictions waiting for a score:\n  week 1: scaled-shape, total-to-n, norm-bytes, mean-flops and 2 more — waits for alpha.ts to pass every check; then npm run grade scores it');
  });

  it('once alpha.ts passes, each is scored against the code: hits, close and misses in the table, the JSON and the page', async () => {
    const solved = Object.fromEntries(Object.entries(ALPHA).map(([k, v]) => [k, v.solution]));
    writeFixtureFile(root, 'weeks/01-alpha/alpha.ts', (await import('../grade/fixtures/course.ts')).alphaModule(solved as never));
    writeFixtureFile(root, 'weeks/01-alpha/predictions.yaml', `${answers.replace('bigger: norm', 'bigger: total')}\n`);
    const course = loadCourse(root);
    const { progress } = await grade(course, { tree: 'weeks', weeks: [1] });
    const week = progress.weeks[0]!;
    const byId = Object.fromEntries(week.predictions.map((p) => [p.id, p]));
    expect(byId['scaled-shape']).toMatchObject({ truth: [4, 7], score: 'hit' });
    expect(byId['total-to-n']).toMatchObject({ truth: 20100, score: 'hit' });
    expect(byId['norm-bytes']).toMatchObject({ truth: 8000, score: 'close' });
    expect(byId['mean-flops']).toMatchObject({ truth: 1000, score: 'miss' });
    expect(byId['count-ratio']).toMatchObject({ truth: 4, score: 'hit' });
    // The first answer counts; the edit shows as a revision.
    expect(byId.bigger).toMatchObject({ truth: 'total', score: 'miss', first: { text: 'norm' }, revisions: [{ text: 'total' }] });
    expect(week.predictionTally).toEqual({ asked: 6, answered: 6, hit: 3, close: 1, miss: 2, pending: 0 });
    // Every score says why: the ratio and which way, or the same value.
    expect(byId['total-to-n']!.reason).toBe("within 10 % of your code's 20,100");
    expect(byId['norm-bytes']!.reason).toBe("1.54× your code's 8,000: too high, within 2× but not 10 %");
    expect(byId['mean-flops']!.reason).toBe("5,000× your code's 1,000: too high, more than 2× off");
    expect(byId.bigger!.reason).toBe('your code says total');
    expect(() => Progress.parse(JSON.parse(JSON.stringify(progress)))).not.toThrow();
    const report = renderReport(progress, course);
    expect(report).toMatch(/^1 alpha .* 3\/1\/2\/0 of 6 /m);
    expect(report).toContain("  close norm-bytes: 12 KiB — 1.54× your code's 8,000: too high, within 2× but not 10 %");
    expect(report).not.toContain('Predictions waiting for a score');
    const out = join(root, 'site', 'out');
    await buildSite({ course, progress, outDir: out });
    const page = readFileSync(join(out, '01-alpha.html'), 'utf8');
    expect(page).toContain('id="predictions"');
    expect(page).toContain('What is total of the numbers 1 to 200?');
    expect(page).toContain('revised 1× (now <code>total</code>)');
    expect(page).toContain('<span class="muted reason">1.54× your code&#39;s 8,000: too high, within 2× but not 10 %</span>');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Calibration: first predictions against what the code computed');
  });

  it('a malformed answer gets a message naming the file, the question and what was expected', async () => {
    writeFixtureFile(root, 'weeks/01-alpha/predictions.yaml', 'mean-flops: "a lot"\n');
    const { progress } = await grade(loadCourse(root), { tree: 'weeks', weeks: [1] });
    const problem = progress.weeks[0]!.predictions.find((p) => p.id === 'mean-flops')!.problem;
    expect(problem).toBe('weeks/01-alpha/predictions.yaml: mean-flops: expected flops such as 1.5e8, 150 MFLOP or 0.15 GFLOP, got "a lot"');
    writeFixtureFile(root, 'weeks/01-alpha/predictions.yaml', 'mean-flops: [unclosed\n');
    const broken = await grade(loadCourse(root), { tree: 'weeks', weeks: [1] });
    expect(broken.progress.weeks[0]!.predictions[0]!.problem).toMatch(/^weeks\/01-alpha\/predictions.yaml: scaled-shape: weeks\/01-alpha\/predictions.yaml is not valid YAML/);
  });

  it('the shipped template lists every question with its text as a comment and an empty answer', () => {
    const week = loadCourse(root).weeks[0]!;
    const text = predictionsTemplate(week.spec.title, week.spec.predictions);
    expect(text).toContain('# X has shape [4, 7]. What shape does scale(X, 3) have?\n# (a shape, like [32, 3072])\nscaled-shape:\n');
    expect(text).toContain('# (one of: norm, total)\nbigger:\n');
  });
});

describe('predict first', () => {
  const root = writeFixtureCourse('predict-first', { predictions: '# nothing yet\n' });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('on a fresh course whose first week asks predictions, Next says to predict first and names the file', async () => {
    const course = loadCourse(root);
    const { progress } = await grade(course, { tree: 'weeks', weeks: [1] });
    expect(renderReport(progress, course)).toContain('Next: predict first. Week 1 (Alpha) asks 6 questions');
    expect(renderReport(progress, course)).toContain('Answer them in weeks/01-alpha/predictions.yaml before you write any code');
  });
});

describe('answers keep the way they were written', () => {
  const root = writeFixtureCourse('raw-text', { predictions: 'mean-flops: 9.4e8\ncount-ratio: "x4"\nscaled-shape: [4, 7]\n' });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('9.4e8 is recorded as "9.4e8", a quoted answer without its quotes, a list as written', async () => {
    const { progress } = await grade(loadCourse(root), { tree: 'weeks', weeks: [1] });
    const text = Object.fromEntries(progress.weeks[0]!.predictions.map((p) => [p.id, p.first?.text]));
    expect(text).toMatchObject({ 'mean-flops': '9.4e8', 'count-ratio': 'x4', 'scaled-shape': '[4, 7]' });
  });
});

describe('the bench as the truth of time and growth questions', () => {
  const timings: Record<string, BenchTiming> = {
    small: { series: 'decode', medianSeconds: 3, samples: [1, 3, 1, 3, 3] },
    large: { series: 'decode', medianSeconds: 2, samples: [2, 6, 2, 6, 2] },
    // as many samples as small, so pairing them by round (meaningless across processes) would say ×6
    other: { series: 'matmul', medianSeconds: 6, samples: [6, 6, 6, 6, 18] },
  };
  const timing = (id: string) => timings[id];

  it('a time is the case’s median seconds', () => {
    expect(benchTruth({ case: 'large' }, timing)).toEqual({ value: 2 });
  });

  it('growth within one series is per round, as the bench prints it: a slow spell that hit both cases of a round cancels', () => {
    expect(benchTruth({ case: 'large', over: 'small' }, timing)).toEqual({ value: 2 });
  });

  it('a ratio across series, sampled in different processes, is the ratio of the medians', () => {
    expect(benchTruth({ case: 'other', over: 'small' }, timing)).toEqual({ value: 2 });
    expect(benchTruth({ case: 'other', over: 'large' }, timing)).toEqual({ value: 3 });
  });

  it('a case the bench has not measured asks for a bench run, naming it', () => {
    expect(benchTruth({ case: 'large', over: 'missing' }, timing)).toEqual({ error: 'run npm run bench: it has not measured large and missing yet' });
  });
});
