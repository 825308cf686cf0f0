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
  'memory-bottleneck': ({ mlp }, given) => {
    const m = mlp.trainingMemory(dimsOf(given), 'fp32', 'adam');
    return m.activations > m.params + m.grads + m.optimizer ? 'activations' : 'fixed';
  },
});
