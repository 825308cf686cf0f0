/**
 * Week 1's page, once the week is complete: the ledger at the worked example's dims, the example's
 * memory and FLOP tables from your formulas, and how parameter and activation bytes compare as the
 * batch grows. Author material: the grader runs it on your code (weeks/) or on the reference.
 */
import { createRng, randn, DTYPES } from '../../harness/runtime/index.ts';
import { compare, definePage, formatNumber, lineChart, type PageContext } from '../../harness/author.ts';
import type * as linear from './linear.ts';

type Modules = { linear: typeof linear };
type Dims = { B: number; D_in: number; D_out: number };

function worked(ctx: PageContext<Modules>): { example: string; dims: Dims } {
  return ctx.dims(['B', 'D_in', 'D_out']);
}

/** The batch at which the saved input weighs as much as the parameters: saved grows in proportion to B, parameters not at all. */
function crossover(memory: typeof linear.linearMemory, dims: Dims): number {
  const at1 = memory({ ...dims, B: 1 }, 'fp32');
  return at1.params / at1.saved;
}

export default definePage<Modules>({
  ledger(ctx) {
    const { example, dims } = worked(ctx);
    const { linearForward, linearBackward } = ctx.modules.linear;
    const rng = createRng(7);
    const X = randn([dims.B, dims.D_in], rng);
    const W = randn([dims.D_in, dims.D_out], rng, 0.02);
    const b = randn([dims.D_out], rng);
    const Y = linearForward(X, W, b);
    const dY = randn([dims.B, dims.D_out], rng);
    const { dx, dw, db } = linearBackward(X, W, dY);
    return { example, dims, tensors: { X, W, b, Y, dY, dW: dw, db, dX: dx } };
  },

  tables(ctx) {
    const { example, dims } = worked(ctx);
    const values = ctx.example(example);
    const { linearMemory, linearFlops, linearParamCount } = ctx.modules.linear;
    const byDtype = DTYPES.filter((t) => t === 'fp32' || t === 'bf16').flatMap((dtype) => {
      const m = linearMemory(dims, dtype);
      return [compare(`parameters, ${dtype}`, m.params, values, `param_bytes.${dtype}`, 'bytes'), compare(`saved for backward, ${dtype}`, m.saved, values, `saved_bytes.${dtype}`, 'bytes')];
    });
    const f = linearFlops(dims);
    return [
      { title: 'Memory', caption: `fp32 and bf16 bytes at the worked example's dims (B = ${dims.B}, D_in = ${dims.D_in}, D_out = ${dims.D_out}).`, rows: [compare('parameter count', linearParamCount(dims), values, 'params', 'count'), ...byDtype] },
      { title: 'FLOPs', caption: 'One forward and one backward pass, counted with the course convention.', rows: [compare('forward', f.forward, values, 'forward_flops', 'flops'), compare('backward', f.backward, values, 'backward_flops', 'flops')] },
    ];
  },

  figures: [
    {
      id: 'memory-vs-batch',
      title: 'Parameter bytes stay flat while saved activations grow with B',
      compute(ctx) {
        const { dims } = worked(ctx);
        const { linearMemory } = ctx.modules.linear;
        const batches = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192];
        const rows = batches.flatMap((B) => {
          const m = linearMemory({ ...dims, B }, 'fp32');
          return [
            { B, MiB: m.params / 2 ** 20, part: 'parameters W and b' },
            { B, MiB: m.saved / 2 ** 20, part: 'saved input X' },
          ];
        });
        const cross = crossover(linearMemory, dims);
        const fixed = linearMemory({ ...dims, B: 1 }, 'fp32');
        const at = Number.isInteger(cross) ? `equals them at B = ${formatNumber(cross)} and passes them beyond it` : `passes them between B = ${formatNumber(Math.floor(cross))} and ${formatNumber(Math.ceil(cross))}`;
        const description = `fp32 bytes of a ${dims.D_in} → ${dims.D_out} linear layer as the batch B grows from 1 to 8192, on log axes (so a quantity in proportion to B is a straight line of slope 1). The parameters W and b stay at ${(fixed.params / 2 ** 20).toFixed(1)} MiB whatever B is (their gradients, not drawn, are as large again); the saved input X grows in proportion to B and, by your linearMemory, ${at} (the dashed rule), just above D_out = ${dims.D_out}.`;
        const spec = lineChart({
          title: this.title,
          description,
          rows,
          x: { field: 'B', title: 'batch size B', log: true },
          y: { field: 'MiB', title: 'MiB (fp32)', log: true },
          series: 'part',
          markers: [{ at: cross, label: `B = ${formatNumber(Math.round(cross))}` }],
        });
        return { description, spec };
      },
    },
  ],
});
