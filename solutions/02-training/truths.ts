/**
 * Week 2's prediction truths: each answer in predictions.yaml is scored against what your own
 * checked code computes for the question's numbers. Author material (solutions/), like the mutants: the grader
 * passes in your modules.
 */
import { zeros } from '../../harness/runtime/index.ts';
import { defineTruths, type Given } from '../../harness/author.ts';
import type * as nonlinear from './nonlinear.ts';
import type * as loss from './loss.ts';
import type * as mlp from './mlp.ts';

type Modules = { nonlinear: typeof nonlinear; loss: typeof loss; mlp: typeof mlp };

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

const GiB = 1024 ** 3;

/** The MLP's dims from a question's given numbers. */
const dimsOf = (given: Given) => ({ B: given('B'), D_in: given('D_in'), D_hidden: given('D_hidden'), D_out: given('D_out') });

export default defineTruths<Modules>({
  'spiral-logits-shape': ({ mlp }, given) => {
    const classes = given('classes');
    const data = mlp.spirals({ classes, perClass: given('perClass'), seed: 1 });
    const params = mlp.initMlp({ D_in: 2, D_hidden: given('D_hidden'), D_out: classes }, 1);
    return mlp.mlpForward(params, data.x).logits.shape;
  },
  'dw1-shape': ({ mlp }, given) => {
    const dims = dimsOf(given);
    const params = mlp.initMlp(dims, 1);
    const { cache } = mlp.mlpForward(params, zeros([dims.B, dims.D_in]));
    return mlp.mlpBackward(params, cache, zeros([dims.B, dims.D_out])).w1.shape;
  },
  'param-count': ({ mlp }, given) => mlp.mlpParamCount({ D_in: given('D_in'), D_hidden: given('D_hidden'), D_out: given('D_out') }),
  'adam-state-bytes': ({ mlp }, given) => mlp.trainingMemory(dimsOf(given), 'fp32', 'adam').optimizer,
  'activation-bytes': ({ mlp }, given) => mlp.trainingMemory(dimsOf(given), 'bf16', 'sgd').activations,
  'step-flops': ({ mlp }, given) => {
    const flops = mlp.mlpFlops(dimsOf(given));
    return flops.forward + flops.backward;
  },
  'adam-over-sgd': ({ mlp }, given) => mlp.trainingMemory(dimsOf(given), 'fp32', 'adam').total / mlp.trainingMemory(dimsOf(given), 'fp32', 'sgd').total,
  // Inverse questions: the batch is the unknown, found by asking the learner's trainingMemory.
  'max-batch-2gib': ({ mlp }, given) => {
    const widths = { D_in: given('D_in'), D_hidden: given('D_hidden'), D_out: given('D_out') };
    return largest((B) => mlp.trainingMemory({ ...widths, B }, 'fp32', 'adam').total <= given('GiB') * GiB);
  },
  'activations-overtake-batch': ({ mlp }, given) => {
    const widths = { D_in: given('D_in'), D_hidden: given('D_hidden'), D_out: given('D_out') };
    const behind = (B: number) => {
      const m = mlp.trainingMemory({ ...widths, B }, 'fp32', 'adam');
      return m.activations <= m.params + m.grads + m.optimizer;
    };
    return largest(behind) + 1;
  },
  'memory-bottleneck': ({ mlp }, given) => {
    const m = mlp.trainingMemory(dimsOf(given), 'fp32', 'adam');
    return m.activations > m.params + m.grads + m.optimizer ? 'activations' : 'fixed';
  },
});
