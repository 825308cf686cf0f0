/**
 * Week 3's page, once the week is complete: the ledger at the hand-worked example's dims, memory and
 * FLOPs at the worked example, a causal attention heatmap and where the FLOPs go as T grows.
 * Author material: the grader runs it on your code (weeks/) or on the reference.
 */
import { createRng, randn, DTYPES } from '../../harness/runtime/index.ts';
import { compare, definePage, formatNumber, heatmap, lineChart, type PageContext } from '../../harness/author.ts';
import type * as attention from './attention.ts';

type Modules = { attention: typeof attention };
type Dims = { B: number; T: number; D: number; d_k: number; d_v: number };

const FLOP_PARTS = ['projections', 'scores', 'softmax', 'mix', 'total'] as const;
const DIMS = ['B', 'T', 'D', 'd_k', 'd_v'] as const;

/** The dims of the hand-worked example, read off its tensors' nesting. */
function handDims(ctx: PageContext<Modules>): Dims {
  const hand = ctx.example('hand') as { x: number[][][]; wq: number[][]; wv: number[][] };
  return { B: hand.x.length, T: hand.x[0]!.length, D: hand.x[0]![0]!.length, d_k: hand.wq[0]!.length, d_v: hand.wv[0]!.length };
}

/** The T at which the [T, T] work (scores, softmax, mix) overtakes the projections, by bisection on the learner's own formula. */
function crossoverT(flops: typeof attention.attentionFlops, dims: Dims): number {
  const quadraticWins = (T: number) => {
    const f = flops({ ...dims, B: 1, T });
    return f.scores + f.softmax + f.mix > f.projections;
  };
  let [lo, hi] = [1, 1 << 24];
  if (!quadraticWins(hi)) return NaN;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (quadraticWins(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The spec's own crossover for these dims, when its crossover example lists them. */
function specCrossover(ctx: PageContext<Modules>, dims: Dims): number | undefined {
  if (!ctx.examples.some((e) => e.name === 'crossover')) return undefined;
  const cases = ctx.example('crossover').cases;
  const match = Array.isArray(cases) ? cases.find((c) => c && c.D === dims.D && c.d_k === dims.d_k && c.d_v === dims.d_v) : undefined;
  return typeof match?.T === 'number' ? match.T : undefined;
}

export default definePage<Modules>({
  ledger(ctx) {
    const dims = handDims(ctx);
    const { initAttention, attentionForward, attentionBackward } = ctx.modules.attention;
    const params = initAttention(dims, 1);
    const rng = createRng(5);
    const x = randn([dims.B, dims.T, dims.D], rng);
    const fwd = attentionForward(x, params, { causal: true });
    const dout = randn([dims.B, dims.T, dims.d_v], rng);
    const grads = attentionBackward(x, params, fwd, dout, { causal: true });
    return { example: 'hand', dims, tensors: { x, ...params, ...fwd, dout, dx: grads.dx, dwq: grads.dwq, dwk: grads.dwk, dwv: grads.dwv } };
  },

  tables(ctx) {
    const { example, dims: d } = ctx.dims(DIMS);
    const values = ctx.example(example);
    const { attentionMemory, attentionFlops } = ctx.modules.attention;
    const flops = attentionFlops(d);
    const memRows = DTYPES.filter((t) => t === 'fp32' || t === 'bf16').flatMap((dtype) => {
      const m = attentionMemory(d, dtype);
      return [compare(`parameters, ${dtype}`, m.params, values, `param_bytes.${dtype}`, 'bytes'), compare(`one score tensor, ${dtype}`, m.scores, values, `score_bytes.${dtype}`, 'bytes'), compare(`saved for backward, ${dtype}`, m.saved, values, `saved_bytes.${dtype}`, 'bytes')];
    });
    return [
      { title: 'Memory', caption: `The worked example: B = ${d.B}, T = ${d.T}, D = ${d.D}, d_k = ${d.d_k}, d_v = ${d.d_v}.`, rows: memRows },
      { title: 'FLOPs of one forward pass', caption: 'The same dims.', rows: FLOP_PARTS.map((part) => compare(part, flops[part], values, `${part}_flops`, 'flops')) },
    ];
  },

  figures: [
    {
      id: 'causal-weights',
      title: 'Causal attention weights',
      compute(ctx) {
        const dims = { B: 1, T: 8, D: 16, d_k: 8, d_v: 8 };
        const { initAttention, attentionForward } = ctx.modules.attention;
        const x = randn([1, dims.T, dims.D], createRng(12));
        const { weights } = attentionForward(x, initAttention(dims, 11), { causal: true });
        const rows = [];
        let aboveDiagonal = 0;
        for (let i = 0; i < dims.T; i++) {
          for (let j = 0; j < dims.T; j++) {
            const weight = Number(weights.data[i * dims.T + j]);
            if (j > i) aboveDiagonal = Math.max(aboveDiagonal, Math.abs(weight));
            rows.push({ query: i, key: j, weight });
          }
        }
        const description = `The weights of one causal attention head on ${dims.T} random tokens (D = ${dims.D}, d_k = ${dims.d_k}): row i is query position i, column j is key position j, and each cell prints its weight (darker cells carry more). Every row sums to 1; above the diagonal every weight is ${aboveDiagonal === 0 ? 'exactly 0' : `at most ${aboveDiagonal.toExponential(1)}`}, so no position attends to a later one, and position 0 attends only to itself.`;
        const spec = heatmap({ title: this.title, description, rows, x: 'key', y: 'query', value: 'weight', xTitle: 'key position j', yTitle: 'query position i' });
        return { description, spec };
      },
    },
    {
      id: 'flops-vs-t',
      title: 'Where one head’s FLOPs go as T grows',
      compute(ctx) {
        const { dims } = ctx.dims(DIMS);
        const { attentionFlops } = ctx.modules.attention;
        const ts = [64, 128, 256, 512, 1024, 2048, 4096, 8192];
        const rows = ts.flatMap((T) => {
          const f = attentionFlops({ ...dims, B: 1, T });
          return [
            { T, GFLOP: f.projections / 1e9, part: 'projections (∝ T)' },
            { T, GFLOP: (f.scores + f.softmax + f.mix) / 1e9, part: 'scores, softmax, mix (∝ T²)' },
          ];
        });
        const cross = crossoverT(attentionFlops, dims);
        const stated = specCrossover(ctx, dims);
        const agrees = stated === undefined ? '' : stated === cross ? ', as the spec’s crossover example says' : ` (the spec’s crossover example says ${formatNumber(stated)})`;
        const where = Number.isNaN(cross) ? 'never overtakes the projections' : `overtakes the projections from T = ${formatNumber(cross)} on (the dashed rule)${agrees}`;
        const description = `FLOPs of one forward pass of a head with D = ${dims.D}, d_k = ${dims.d_k}, d_v = ${dims.d_v} for one sequence, T from 64 to 8192, on log axes. The projections grow in proportion to T, a line of slope 1; the [T, T] work (scores, softmax and mix) grows with T², a line twice as steep, and by your attentionFlops it ${where}.`;
        const spec = lineChart({
          title: this.title,
          description,
          rows,
          x: { field: 'T', title: 'sequence length T', log: true, ticks: [64, 256, 1024, 4096] },
          y: { field: 'GFLOP', title: 'GFLOP', log: true },
          series: 'part',
          markers: Number.isNaN(cross) ? [] : [{ at: cross, label: `T = ${formatNumber(cross)}` }],
        });
        return { description, spec };
      },
    },
  ],
});
