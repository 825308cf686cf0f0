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
  'dominant-cost': ({ attention }, given) => {
    const f = attention.attentionFlops({ ...dims(given, 'd', 'd'), T: given('T') });
    return f.scores + f.softmax + f.mix > f.projections ? 'quadratic' : 'projections';
  },
});
