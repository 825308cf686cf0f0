/**
 * Week 3's prediction truths (a course file, like the tests): each question's answer, computed by
 * the graded attention module once its checks pass. The bench questions take theirs from
 * `npm run bench` instead.
 */
import { createRng, randn } from '../../harness/runtime/index.ts';
import { defineTruths, type Given } from '../../harness/author.ts';
import type * as attention from './attention.ts';

type Modules = { attention: typeof attention };

/** The dims a question gives, with B and T set to 1 where it leaves them out (parameters ignore both). */
function dims(given: Given, d_k = 'd_k', d_v = 'd_v') {
  return { B: 1, T: 1, D: given('D'), d_k: given(d_k), d_v: given(d_v) };
}

/**
 * The largest n in [0, cap] with fits(n), for fits true up to some n and false after it: found by doubling,
 * then bisecting, so it asks the learner's function about 2·log2(answer) sizes, whatever the answer.
 * Returns 0 when even n = 0 does not fit, and cap when everything up to cap fits.
 */
function largest(fits: (n: number) => boolean, cap = 2 ** 40): number {
  if (!fits(0)) return 0;
  let hi = 1;
  while (hi < cap && fits(hi)) hi *= 2;
  if (hi >= cap && fits(cap)) return cap;
  let lo = hi / 2 >= 1 ? hi / 2 : 0; // fits(lo), not fits(hi)
  hi = Math.min(hi, cap);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** One forward and backward pass of a seeded head at the given dims. */
function run(m: Modules, given: Given) {
  const d = { ...dims(given), B: given('B'), T: given('T') };
  const rng = createRng(3);
  const x = randn([d.B, d.T, d.D], rng);
  const params = m.attention.initAttention(d, 4);
  const fwd = m.attention.attentionForward(x, params, { causal: true });
  const grads = m.attention.attentionBackward(x, params, fwd, randn([d.B, d.T, d.d_v], rng), { causal: true });
  return { fwd, grads };
}

export default defineTruths<Modules>({
  'scores-shape': (m, given) => run(m, given).fwd.scores.shape,
  'dwv-shape': (m, given) => run(m, given).grads.dwv.shape,
  'param-bytes': ({ attention }, given) => attention.attentionMemory(dims(given), 'bf16').params,
  'saved-bytes': ({ attention }, given) => attention.attentionMemory({ ...dims(given), B: given('B'), T: given('T') }, 'fp32').saved,
  'forward-flops': ({ attention }, given) => attention.attentionFlops({ ...dims(given), B: given('B'), T: given('T') }).total,
  'flops-growth': ({ attention }, given) => {
    const at = (T: number) => attention.attentionFlops({ ...dims(given, 'd', 'd'), T }).total;
    return at(given('T2')) / at(given('T1'));
  },
  // Inverse questions: the sequence length is the unknown, found by asking the learner's functions.
  'scores-outweigh-params': ({ attention }, given) => {
    const head = { ...dims(given, 'd', 'd'), B: given('B') };
    const behind = (T: number) => {
      const m = attention.attentionMemory({ ...head, T }, 'fp32');
      return m.scores <= m.params;
    };
    return largest(behind) + 1;
  },
  'crossover-length': ({ attention }, given) => {
    const head = dims(given, 'd', 'd');
    const behind = (T: number) => {
      const f = attention.attentionFlops({ ...head, T });
      return f.scores + f.softmax + f.mix <= f.projections;
    };
    return largest(behind) + 1;
  },
  'max-length-1gib': ({ attention }, given) => {
    const head = { ...dims(given, 'd', 'd'), B: given('B') };
    return largest((T) => attention.attentionMemory({ ...head, T }, 'fp32').saved <= given('GiB') * 1024 ** 3);
  },
  'dominant-cost': ({ attention }, given) => {
    const f = attention.attentionFlops({ ...dims(given, 'd', 'd'), T: given('T') });
    return f.scores + f.softmax + f.mix > f.projections ? 'quadratic' : 'projections';
  },
});
