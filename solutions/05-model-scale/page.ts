/**
 * Week 5's page, once the week is complete: parameter counts and KV bytes per token of real models
 * from your formulas against the published figures in the spec, and, once `npm run bench` has timed
 * this tree, its kernels on this machine's roofline. Author material: the grader runs it on your code
 * (weeks/) or on the reference.
 */
import { benchFigureFor, compare, definePage, inCourseStyle } from '../../harness/author.ts';
import type * as scale from './scale.ts';

type Modules = { scale: typeof scale };

const MODELS = ['gpt2_small', 'gpt2_small_no_bias', 'llama2_7b', 'llama2_70b'];

export default definePage<Modules>({
  tables(ctx) {
    const { paramCount, kvCacheBytesPerToken } = ctx.modules.scale;
    const present = MODELS.filter((name) => ctx.examples.some((e) => e.name === name));
    const config = (name: string) => ctx.example(name).config as scale.ModelConfig;
    return [
      { title: 'Parameters', caption: 'Counted from each configuration, against the published figures in the spec.', rows: present.map((name) => compare(name, paramCount(config(name)), ctx.example(name), 'params', 'count')) },
      { title: 'KV cache per token, fp16', rows: present.filter((n) => ctx.example(n).kv_bytes_per_token_fp16 !== undefined).map((name) => compare(name, kvCacheBytesPerToken(config(name), 'fp16'), ctx.example(name), 'kv_bytes_per_token_fp16', 'bytes')) },
    ];
  },
  figures: [
    {
      id: 'roofline',
      title: 'Your kernels on this machine’s roofline',
      // The bench draws the roofline; the page puts it in the course's look (fonts readable on a phone).
      async compute(ctx) {
        const figure = await benchFigureFor(ctx.root, ctx.tree, (group) => group.week <= 5);
        return figure && { ...figure, spec: inCourseStyle(figure.spec) };
      },
    },
  ],
});
