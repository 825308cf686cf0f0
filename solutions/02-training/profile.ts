/**
 * Week 2's profile (author material): the nonlinearities' FLOP conventions, and one training step
 * of the MLP (forward, then backward from the loss's gradient) counted as it ran.
 */
import { createRng, randn } from '../../harness/runtime/index.ts';
import { defineProfile, rules } from '../../harness/author.ts';
import type * as mlp from './mlp.ts';
import type * as loss from './loss.ts';
import type * as nonlinear from './nonlinear.ts';

type Modules = { mlp: typeof mlp; loss: typeof loss; nonlinear: typeof nonlinear };

const dims = { B: 12, D_in: 2, D_hidden: 16, D_out: 3 };

export default defineProfile<Modules>({
  ops: {
    nonlinear: {
      relu: rules.perOutput(1, '1 per output element (a max)'),
      reluBackward: rules.perOutput(1, '1 per output element (a select)'),
      softmax: rules.perOutput(3, '3 per element (exp, sum, divide)'),
    },
  },
  predictions: { 'step-flops': { case: 'mlp-step', measure: 'flops' }, 'activation-bytes': { case: 'mlp-step', measure: 'held' } },
  cases: (profile) => [
    profile({
      id: 'mlp-step',
      label: `mlpForward then mlpBackward, B=${dims.B}, D_in=${dims.D_in}, D_hidden=${dims.D_hidden}, D_out=${dims.D_out} (the loss not counted)`,
      setup: (m) => {
        const params = m.mlp.initMlp(dims, 1);
        const x = randn([dims.B, dims.D_in], createRng(2));
        const targets = Array.from({ length: dims.B }, (_, i) => i % dims.D_out);
        const dLogits = m.loss.crossEntropyBackward(m.mlp.mlpForward(params, x).logits, targets);
        return { params, x, dLogits };
      },
      run: (m, s) => {
        const forward = m.mlp.mlpForward(s.params, s.x);
        return { cache: forward.cache, grads: m.mlp.mlpBackward(s.params, forward.cache, s.dLogits) };
      },
      held: (_s, result) => (result as { cache: unknown }).cache,
      formulas: {
        flops: { from: 'mlpFlops: forward + backward', value: (m) => m.mlp.mlpFlops(dims).forward + m.mlp.mlpFlops(dims).backward },
        held: { from: "trainingMemory(fp64).activations: the forward pass's cache X, H, A", value: (m) => m.mlp.trainingMemory(dims, 'fp64', 'sgd').activations },
      },
    }),
  ],
});
