/**
 * Week 7's page, once the week is complete: what a training step costs from your trainingStepFlops and
 * trainingMemory against the spec's tiny examples, the shipped config's step, and, once
 * `npm run train` has run on this tree, its training and validation loss curves.
 * Author material (solutions/): the grader runs it on your code (weeks/) or on the reference.
 */
import { compare, definePage, need, trainFigureFor } from '../../harness/author.ts';
import type * as budget from './budget.ts';

type Modules = { budget: typeof budget };

/** The config `npm run train` ships (harness/train/configs.ts), with V = 65 from the corpus. */
const SHIPPED = { V: 65, T_max: 64, D: 64, n_heads: 4, D_ff: 256, n_layers: 4 };
const PARTS = ['parameters', 'gradients', 'adamw', 'activations', 'total'] as const;

export default definePage<Modules>({
  tables(ctx) {
    const { trainingStepFlops, trainingMemory } = ctx.modules.budget;
    const config = (name: string) => {
      const e = ctx.example(name);
      const n = (key: string) => need(e, key, name);
      return { c: { V: n('V'), T_max: n('T_max'), D: n('D'), n_heads: n('n_heads'), D_ff: n('D_ff'), n_layers: n('n_layers') }, B: n('B'), T: n('T'), e };
    };
    const f = config('flops_tiny');
    const m = config('memory_tiny');
    const memory = trainingMemory(m.c, m.B, m.T, 'fp32');
    const shipped = trainingMemory(SHIPPED, 16, 64, 'fp64');
    return [
      {
        title: 'A training step of the tiny decoder',
        caption: `V ${f.c.V}, D ${f.c.D}, ${f.c.n_heads} heads, D_ff ${f.c.D_ff}, ${f.c.n_layers} layers, B ${f.B}, T ${f.T}: your trainingStepFlops and trainingMemory (fp32) against the spec's examples.`,
        rows: [compare('FLOPs of a step', trainingStepFlops(f.c, f.B, f.T), f.e, 'flops', 'flops'), ...PARTS.map((part) => compare(`${part} bytes`, memory[part], m.e, part, 'bytes'))],
      },
      {
        title: 'A step of the shipped run',
        caption: 'npm run train: 4 layers, 4 heads, D 64, D_ff 256, context 64, B 16, in fp64 as the course computes. The activations grow with B·T (the attention weights with B·T²); the rest is fixed by the model.',
        rows: [{ label: 'FLOPs of a step', value: trainingStepFlops(SHIPPED, 16, 64), unit: 'flops' }, ...PARTS.map((part) => ({ label: `${part} bytes`, value: shipped[part], unit: 'bytes' as const }))],
      },
    ];
  },
  figures: [
    {
      id: 'loss-curves',
      title: 'Training and validation loss of npm run train',
      compute(ctx) {
        return trainFigureFor(ctx.root, ctx.tree, this.title);
      },
    },
  ],
});
