/**
 * Week 2's results: the MLP's ledger at the memory example's dims, memory per optimizer and the
 * FLOP counts against the spec's examples, and the training loss on the spirals as a figure.
 */
import { createRng, randn, type DType, type Tensor } from '../../runtime/index.ts';
import { lineChart } from '../charts.ts';
import { compare, defineHook, lookup } from '../hook.ts';

type MlpDims = { D_in: number; D_hidden: number; D_out: number };
type Params = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };
type Cache = Record<string, Tensor | undefined>;
type Init = (dims: MlpDims, seed: number) => Params;
type Forward = (params: Params, x: Tensor) => { logits: Tensor; cache: Cache };
type Backward = (params: Params, cache: Cache, dLogits: Tensor) => Params;
type CeBackward = (logits: Tensor, targets: number[]) => Tensor;
type Softmax = (x: Tensor) => Tensor;
type Memory = (dims: MlpDims & { B: number }, dtype: DType, optimizer: 'sgd' | 'momentum' | 'adam') => Record<string, number>;
type Flops = (dims: MlpDims & { B: number }) => { forward: number; backward: number };
type ParamCount = (dims: MlpDims) => number;
type Spirals = (opts: { classes: number; perClass: number; seed: number }) => { x: Tensor; y: number[] };
type Train = (opts: { dims: MlpDims; data: { x: Tensor; y: number[] }; steps: number; lr: number; seed: number }) => { losses: number[] };

const DIMS = ['B', 'D_in', 'D_hidden', 'D_out'] as const;
const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
const PARTS = ['params', 'grads', 'optimizer', 'activations', 'total'] as const;

export default defineHook({
  async ledger(ctx) {
    const { example, dims } = ctx.dims(DIMS);
    const d = dims as MlpDims & { B: number };
    const params = (await ctx.fn<Init>('mlp', 'initMlp'))(d, 1);
    const rng = createRng(3);
    const X = randn([d.B, d.D_in], rng);
    const targets = Array.from({ length: d.B }, () => rng.int(d.D_out));
    const { logits, cache } = (await ctx.fn<Forward>('mlp', 'mlpForward'))(params, X);
    const P = (await ctx.fn<Softmax>('nonlinear', 'softmax'))(logits);
    const dLogits = (await ctx.fn<CeBackward>('loss', 'crossEntropyBackward'))(logits, targets);
    const grads = (await ctx.fn<Backward>('mlp', 'mlpBackward'))(params, cache, dLogits);
    const tensors = { X, W1: params.w1, b1: params.b1, H: cache.h, A: cache.a, W2: params.w2, b2: params.b2, logits, P, dLogits, dW2: grads.w2, db2: grads.b2, dW1: grads.w1, db1: grads.b1 };
    return { example, dims, tensors };
  },

  async tables(ctx) {
    const memory = await ctx.fn<Memory>('mlp', 'trainingMemory');
    const flops = await ctx.fn<Flops>('mlp', 'mlpFlops');
    const paramCount = await ctx.fn<ParamCount>('mlp', 'mlpParamCount');
    const mem = ctx.example('memory');
    const memDims = ctx.dims(DIMS).dims as MlpDims & { B: number };
    const dtype = (typeof mem.dtype === 'string' ? mem.dtype : 'fp32') as DType;
    const memoryRows = OPTIMIZERS.flatMap((opt) => {
      const m = memory(memDims, dtype, opt);
      return PARTS.filter((part) => part === 'total' || part === 'optimizer').map((part) => compare(`${opt}: ${part === 'total' ? 'total' : 'optimizer state'}`, m[part], mem, `${opt}.${part}`, 'bytes'));
    });
    const sgd = memory(memDims, dtype, 'sgd');
    const fl = ctx.example('flops');
    const f = flops({ B: lookup(fl, 'B')!, D_in: lookup(fl, 'D_in')!, D_hidden: lookup(fl, 'D_hidden')!, D_out: lookup(fl, 'D_out')! });
    const six = ctx.example('six_n');
    const big = { B: lookup(six, 'B')!, D_in: lookup(six, 'D_in')!, D_hidden: lookup(six, 'D_hidden')!, D_out: lookup(six, 'D_out')! };
    const fBig = flops(big);
    return [
      {
        title: 'Memory for one training step',
        caption: `The memory example: B = ${memDims.B}, ${memDims.D_in} → ${memDims.D_hidden} → ${memDims.D_out}, ${dtype}.`,
        rows: [compare('parameter count', paramCount(memDims), mem, 'params', 'count'), compare('parameters', sgd.params, mem, 'sgd.params', 'bytes'), compare('gradients', sgd.grads, mem, 'sgd.grads', 'bytes'), compare('activations', sgd.activations, mem, 'sgd.activations', 'bytes'), ...memoryRows],
      },
      {
        title: 'FLOPs',
        caption: 'The flops example, and GPT-2 small’s MLP block against the 6N rule.',
        rows: [
          compare('forward', f.forward, fl, 'forward', 'flops'),
          compare('backward', f.backward, fl, 'backward', 'flops'),
          compare('GPT-2 MLP: forward + backward', fBig.forward + fBig.backward, { sum: lookup(six, 'forward')! + lookup(six, 'backward')! }, 'sum', 'flops'),
          compare('GPT-2 MLP: 6·B·N', 6 * big.B * (big.D_in * big.D_hidden + big.D_hidden * big.D_out), six, 'six_n', 'flops'),
        ],
      },
    ];
  },

  figures: [
    {
      id: 'loss-curve',
      title: 'Training loss on the spirals',
      async compute(ctx) {
        const run = ctx.example('training');
        const num = (key: string) => {
          const value = lookup(run, key);
          if (value === undefined) throw new Error(`the training example needs a number "${key}"`);
          return value;
        };
        const data = (await ctx.fn<Spirals>('mlp', 'spirals'))({ classes: num('classes'), perClass: num('perClass'), seed: num('data_seed') });
        const dims = { D_in: num('D_in'), D_hidden: num('D_hidden'), D_out: num('classes') };
        const { losses } = (await ctx.fn<Train>('mlp', 'train'))({ dims, data, steps: num('steps'), lr: num('lr'), seed: num('seed') });
        const chance = Math.log(dims.D_out);
        const rows = losses.flatMap((loss, step) => [
          { step, loss: Number(loss), series: 'training loss' },
          { step, loss: chance, series: `chance, ln ${dims.D_out}` },
        ]);
        const last = Number(losses[losses.length - 1]);
        const description = `Full-batch cross-entropy over ${losses.length} steps of gradient descent (learning rate ${num('lr')}) on ${num('classes')} spirals of ${num('perClass')} points with ${dims.D_hidden} hidden units. It starts at ${Number(losses[0]).toFixed(3)}, next to chance (ln ${dims.D_out} = ${chance.toFixed(3)}), and ends at ${last.toFixed(3)}, ${((100 * last) / chance).toFixed(0)}% of chance.`;
        const spec = lineChart({ title: this.title, description, rows, x: { field: 'step', title: 'step' }, y: { field: 'loss', title: 'cross-entropy' }, series: 'series' });
        return { description, spec };
      },
    },
  ],
});
