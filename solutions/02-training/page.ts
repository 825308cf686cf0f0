/**
 * Week 2's page, once the week is complete: the MLP's ledger at the memory example's dims, memory
 * per optimizer and the FLOP counts against the spec's examples, and the training loss on the
 * spirals. Author material: the grader runs it on your code (weeks/) or on the reference.
 */
import { createRng, randn, type DType } from '../../harness/runtime/index.ts';
import { compare, definePage, lineChart, need } from '../../harness/author.ts';
import type * as nonlinear from './nonlinear.ts';
import type * as loss from './loss.ts';
import type * as mlp from './mlp.ts';

type Modules = { nonlinear: typeof nonlinear; loss: typeof loss; mlp: typeof mlp };

const DIMS = ['B', 'D_in', 'D_hidden', 'D_out'] as const;
const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;

function dimsOf(example: Record<string, unknown>, name: string) {
  return { B: need(example, 'B', name), D_in: need(example, 'D_in', name), D_hidden: need(example, 'D_hidden', name), D_out: need(example, 'D_out', name) };
}

export default definePage<Modules>({
  ledger(ctx) {
    const { example, dims: d } = ctx.dims(DIMS);
    const { initMlp, mlpForward, mlpBackward } = ctx.modules.mlp;
    const params = initMlp(d, 1);
    const rng = createRng(3);
    const X = randn([d.B, d.D_in], rng);
    const targets = Array.from({ length: d.B }, () => rng.int(d.D_out));
    const { logits, cache } = mlpForward(params, X);
    const P = ctx.modules.nonlinear.softmax(logits);
    const dLogits = ctx.modules.loss.crossEntropyBackward(logits, targets);
    const grads = mlpBackward(params, cache, dLogits);
    const tensors = { X, W1: params.w1, b1: params.b1, H: cache.h, A: cache.a, W2: params.w2, b2: params.b2, logits, P, dLogits, dW2: grads.w2, db2: grads.b2, dW1: grads.w1, db1: grads.b1 };
    return { example, dims: d, tensors };
  },

  tables(ctx) {
    const { trainingMemory, mlpFlops, mlpParamCount } = ctx.modules.mlp;
    const mem = ctx.example('memory');
    const memDims = ctx.dims(DIMS).dims;
    const dtype = (typeof mem.dtype === 'string' ? mem.dtype : 'fp32') as DType;
    const memoryRows = OPTIMIZERS.flatMap((opt) => {
      const m = trainingMemory(memDims, dtype, opt);
      return [compare(`${opt}: optimizer state`, m.optimizer, mem, `${opt}.optimizer`, 'bytes'), compare(`${opt}: total`, m.total, mem, `${opt}.total`, 'bytes')];
    });
    const sgd = trainingMemory(memDims, dtype, 'sgd');
    const fl = ctx.example('flops');
    const f = mlpFlops(dimsOf(fl, 'the flops example'));
    const six = ctx.example('six_n');
    const big = dimsOf(six, 'the six_n example');
    const fBig = mlpFlops(big);
    return [
      {
        title: 'Memory for one training step',
        caption: `The memory example: B = ${memDims.B}, ${memDims.D_in} → ${memDims.D_hidden} → ${memDims.D_out}, ${dtype}.`,
        rows: [compare('parameter count', mlpParamCount(memDims), mem, 'params', 'count'), compare('parameters', sgd.params, mem, 'sgd.params', 'bytes'), compare('gradients', sgd.grads, mem, 'sgd.grads', 'bytes'), compare('activations', sgd.activations, mem, 'sgd.activations', 'bytes'), ...memoryRows],
      },
      {
        title: 'FLOPs',
        caption: 'The flops example, and GPT-2 small’s MLP block against the 6N rule.',
        rows: [
          compare('forward', f.forward, fl, 'forward', 'flops'),
          compare('backward', f.backward, fl, 'backward', 'flops'),
          compare('GPT-2 MLP: forward + backward', fBig.forward + fBig.backward, { sum: need(six, 'forward') + need(six, 'backward') }, 'sum', 'flops'),
          compare('GPT-2 MLP: 6·B·N', 6 * big.B * (big.D_in * big.D_hidden + big.D_hidden * big.D_out), six, 'six_n', 'flops'),
        ],
      },
    ];
  },

  figures: [
    {
      id: 'loss-curve',
      title: 'Training loss on the spirals',
      compute(ctx) {
        const run = ctx.example('training');
        const num = (key: string) => need(run, key, 'the training example');
        const { spirals, train } = ctx.modules.mlp;
        const data = spirals({ classes: num('classes'), perClass: num('perClass'), seed: num('data_seed') });
        const dims = { D_in: num('D_in'), D_hidden: num('D_hidden'), D_out: num('classes') };
        const { losses } = train({ dims, data, steps: num('steps'), lr: num('lr'), seed: num('seed') });
        const chance = Math.log(dims.D_out);
        const rows = losses.flatMap((l, step) => [
          { step, loss: Number(l), series: 'training loss' },
          { step, loss: chance, series: `chance, ln ${dims.D_out}` },
        ]);
        const last = Number(losses[losses.length - 1]);
        const description = `Full-batch cross-entropy over ${losses.length} steps of gradient descent (learning rate ${num('lr')}) on ${num('classes')} spirals of ${num('perClass')} points with ${dims.D_hidden} hidden units. It starts at ${Number(losses[0]).toFixed(3)}, next to chance (ln ${dims.D_out} = ${chance.toFixed(3)}), and ends at ${last.toFixed(3)}, ${((100 * last) / chance).toFixed(0)}% of chance.`;
        const spec = lineChart({ title: this.title, description, rows, x: { field: 'step', title: 'step' }, y: { field: 'loss', title: 'cross-entropy', zero: true }, series: 'series' });
        return { description, spec };
      },
    },
  ],
});
