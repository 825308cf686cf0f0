/**
 * Week 1's results: the ledger at the worked example's dims, the example's memory and FLOP tables
 * from the learner's formulas, and how parameter and activation bytes compare as the batch grows.
 */
import { createRng, randn, DTYPES, type DType, type Tensor } from '../../runtime/index.ts';
import { lineChart } from '../charts.ts';
import { compare, defineHook, type HookContext } from '../hook.ts';

type Dims = { B: number; D_in: number; D_out: number };
type Forward = (x: Tensor, w: Tensor, b: Tensor) => Tensor;
type Backward = (x: Tensor, w: Tensor, dy: Tensor) => { dx: Tensor; dw: Tensor; db: Tensor };
type Memory = (dims: Dims, dtype: DType) => { params: number; grads: number; saved: number };
type Flops = (dims: Dims) => { forward: number; backward: number };
type ParamCount = (dims: { D_in: number; D_out: number }) => number;

const KEYS = ['B', 'D_in', 'D_out'] as const;

function worked(ctx: HookContext): { example: string; dims: Dims } {
  const found = ctx.dims(KEYS);
  return { example: found.example, dims: found.dims as Dims };
}

export default defineHook({
  async ledger(ctx) {
    const { example, dims } = worked(ctx);
    const forward = await ctx.fn<Forward>('linear', 'linearForward');
    const backward = await ctx.fn<Backward>('linear', 'linearBackward');
    const rng = createRng(7);
    const X = randn([dims.B, dims.D_in], rng);
    const W = randn([dims.D_in, dims.D_out], rng, 0.02);
    const b = randn([dims.D_out], rng);
    const Y = forward(X, W, b);
    const dY = randn([dims.B, dims.D_out], rng);
    const { dx, dw, db } = backward(X, W, dY);
    return { example, dims, tensors: { X, W, b, Y, dY, dW: dw, db, dX: dx } };
  },

  async tables(ctx) {
    const { example, dims } = worked(ctx);
    const values = ctx.example(example);
    const memory = await ctx.fn<Memory>('linear', 'linearMemory');
    const flops = await ctx.fn<Flops>('linear', 'linearFlops');
    const paramCount = await ctx.fn<ParamCount>('linear', 'linearParamCount');
    const byDtype = DTYPES.filter((t) => t === 'fp32' || t === 'bf16').flatMap((dtype) => {
      const m = memory(dims, dtype);
      return [compare(`parameters, ${dtype}`, m.params, values, `param_bytes.${dtype}`, 'bytes'), compare(`saved for backward, ${dtype}`, m.saved, values, `saved_bytes.${dtype}`, 'bytes')];
    });
    const f = flops(dims);
    return [
      { title: 'Memory', caption: `fp32 and bf16 bytes at the worked example's dims (B = ${dims.B}, D_in = ${dims.D_in}, D_out = ${dims.D_out}).`, rows: [compare('parameter count', paramCount(dims), values, 'params', 'count'), ...byDtype] },
      { title: 'FLOPs', caption: 'One forward and one backward pass, counted with the course convention.', rows: [compare('forward', f.forward, values, 'forward_flops', 'flops'), compare('backward', f.backward, values, 'backward_flops', 'flops')] },
    ];
  },

  figures: [
    {
      id: 'memory-vs-batch',
      title: 'Parameter bytes stay flat while saved activations grow with B',
      async compute(ctx) {
        const { dims } = worked(ctx);
        const memory = await ctx.fn<Memory>('linear', 'linearMemory');
        const batches = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192];
        const rows = batches.flatMap((B) => {
          const m = memory({ ...dims, B }, 'fp32');
          return [
            { B, MiB: (m.params + m.grads) / 2 ** 20, part: 'parameters + gradients' },
            { B, MiB: m.saved / 2 ** 20, part: 'saved input X' },
          ];
        });
        const cross = batches.find((B) => { const m = memory({ ...dims, B }, 'fp32'); return m.saved > m.params + m.grads; });
        const description = `fp32 bytes of a ${dims.D_in} → ${dims.D_out} linear layer as the batch B grows from 1 to 8192 (log axes). Parameters and their gradients stay at ${((memory({ ...dims, B: 1 }, 'fp32').params * 2) / 2 ** 20).toFixed(1)} MiB; the saved input grows in proportion to B${cross ? ` and overtakes them at B = ${cross}` : ''}.`;
        return { description, spec: lineChart({ title: this.title, description, rows, x: { field: 'B', title: 'batch size B', log: true }, y: { field: 'MiB', title: 'MiB (fp32)', log: true }, series: 'part' }) };
      },
    },
  ],
});
