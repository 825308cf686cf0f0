/**
 * Week 3 on the clock (`npm run bench`): your causal attention as T doubles, against the FLOPs your
 * attentionFlops predicts (the T² terms push the growth towards ×4) and the bytes your
 * attentionMemory counts. Author material (solutions/), like the mutants: the bench passes in your modules (or the
 * reference with --reference).
 */
import { createRng, randn } from '../../harness/runtime/index.ts';
import { defineBench } from '../../harness/author.ts';
import type * as attention from './attention.ts';

type Modules = { attention: typeof attention };

const D = 64;

export default defineBench<Modules>({
  attention: {
    title: `causal single-head attention, B=1, D=d_k=d_v=${D}, as T doubles: the T² terms push FLOPs towards ×4`,
    bytes: 'attentionMemory params + saved, fp64 (week 3): the weights, x, q, k, v and the [T, T] attention weights, each moved once',
    cases: (kernel) =>
      [64, 128, 256, 512].map((T) => {
        const dims = { B: 1, T, D, d_k: D, d_v: D };
        return kernel({
          id: `attention-${T}`,
          series: 'attention',
          label: `attention T=${T}`,
          x: T,
          xName: 'T',
          flops: { from: 'attentionFlops(dims).total (week 3)', value: (m) => m.attention.attentionFlops(dims).total },
          bytes: {
            from: 'attentionMemory(dims, fp64): params + saved (week 3)',
            value: (m) => {
              const memory = m.attention.attentionMemory(dims, 'fp64');
              return memory.params + memory.saved;
            },
          },
          setup: (m) => ({ x: randn([1, T, D], createRng(T)), params: m.attention.initAttention({ D, d_k: D, d_v: D }, 1) }),
          run: (m, { x, params }) => m.attention.attentionForward(x, params, { causal: true }),
        });
      }),
  },
});
