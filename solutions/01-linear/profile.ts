/**
 * Week 1's profile (author material): the primitive ops of the course's first module with the
 * spec's FLOP conventions, and a training step of the linear layer counted as it ran.
 */
import { createRng, randn } from '../../harness/runtime/index.ts';
import { defineProfile, rules } from '../../harness/author.ts';
import type * as linear from './linear.ts';

type Modules = { linear: typeof linear };

const dims = { B: 8, D_in: 16, D_out: 4 };

export default defineProfile<Modules>({
  ops: {
    linear: {
      matmul: rules.matmul(),
      transpose: rules.movement(),
      sumAxis0: rules.perInput(1, '1 per input element (a reduction)'),
      linearForward: rules.perOutput(1, '1 per output element (the bias add)', 'own'),
    },
  },
  predictions: { 'train-step-flops': { case: 'linear-step', measure: 'flops' } },
  cases: (profile) => [
    profile({
      id: 'linear-step',
      label: `linearForward then linearBackward, B=${dims.B}, D_in=${dims.D_in}, D_out=${dims.D_out}`,
      setup: () => {
        const rng = createRng(1);
        return { x: randn([dims.B, dims.D_in], rng), w: randn([dims.D_in, dims.D_out], rng), b: randn([dims.D_out], rng), dy: randn([dims.B, dims.D_out], rng) };
      },
      run: (m, s) => {
        const y = m.linear.linearForward(s.x, s.w, s.b);
        return { y, ...m.linear.linearBackward(s.x, s.w, s.dy) };
      },
      formulas: {
        flops: { from: 'linearFlops: forward + backward', value: (m) => m.linear.linearFlops(dims).forward + m.linear.linearFlops(dims).backward },
        held: {
          from: 'Y, then the gradients: B·D_out + linearMemory(fp64).grads + B·D_in·8 (dX)',
          value: (m) => dims.B * dims.D_out * 8 + m.linear.linearMemory(dims, 'fp64').grads + dims.B * dims.D_in * 8,
        },
      },
    }),
  ],
});
