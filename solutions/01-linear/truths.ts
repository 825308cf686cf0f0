/**
 * Week 1's prediction truths: each answer in predictions.yaml is scored against what your own
 * checked code computes for the question's numbers (the bench questions take theirs from
 * `npm run bench`). Author material (solutions/), like the mutants: the grader passes in your modules.
 */
import { zeros } from '../../harness/runtime/index.ts';
import { defineTruths } from '../../harness/author.ts';
import type * as linear from './linear.ts';
import type * as gradcheck from './gradcheck.ts';

type Modules = { linear: typeof linear; gradcheck: typeof gradcheck };

export default defineTruths<Modules>({
  'dw-shape': ({ linear }, given) => {
    const [B, D_in, D_out] = [given('B'), given('D_in'), given('D_out')];
    return linear.linearBackward(zeros([B, D_in]), zeros([D_in, D_out]), zeros([B, D_out])).dw.shape;
  },
  'upstream-shape': ({ linear }, given) => {
    const [B, D_in, D_hidden, D_out] = [given('B'), given('D_in'), given('D_hidden'), given('D_out')];
    const h = linear.linearForward(zeros([B, D_in]), zeros([D_in, D_hidden]), zeros([D_hidden]));
    return linear.linearBackward(h, zeros([D_hidden, D_out]), zeros([B, D_out])).dx.shape;
  },
  'bf16-param-bytes': ({ linear }, given) => linear.linearMemory({ B: 1, D_in: given('D_in'), D_out: given('D_out') }, 'bf16').params,
  'fp32-saved-bytes': ({ linear }, given) => linear.linearMemory({ B: given('B'), D_in: given('D_in'), D_out: given('D_out') }, 'fp32').saved,
  'train-step-flops': ({ linear }, given) => {
    const flops = linear.linearFlops({ B: given('B'), D_in: given('D_in'), D_out: given('D_out') });
    return flops.forward + flops.backward;
  },
  'memory-winner': ({ linear }, given) => {
    const memory = linear.linearMemory({ B: given('B'), D_in: given('D_in'), D_out: given('D_out') }, 'fp32');
    return memory.saved > memory.params ? 'activations' : 'parameters';
  },
});
