/**
 * Week 5's results: parameter counts and KV bytes per token of real models from the learner's
 * formulas against the published figures, and, once `npm run bench` has written
 * site/out/bench.json, predicted FLOPs against the measured clock.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DType } from '../../runtime/index.ts';
import { scatter } from '../charts.ts';
import { BenchResults } from '../../bench/schema.ts';
import { compare, defineHook } from '../hook.ts';

type ModelConfig = Record<string, unknown>;
const MODELS = ['gpt2_small', 'gpt2_small_no_bias', 'llama2_7b', 'llama2_70b'];

/** Cases with both a predicted FLOP count and a measured median, from the bench's own schema (the contract). */
export function benchPoints(text: string): { label: string; group: string; GFLOP: number; ms: number }[] {
  const parsed = BenchResults.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`bench.json does not match the bench's schema: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data.cases.flatMap((c) =>
    c.measured.status === 'ok' && c.flops.value !== null && c.flops.value > 0
      ? [{ label: c.label, group: c.group, GFLOP: c.flops.value / 1e9, ms: c.measured.medianSeconds * 1e3 }]
      : [],
  );
}

export default defineHook({
  async tables(ctx) {
    const paramCount = await ctx.fn<(c: ModelConfig) => number>('scale', 'paramCount');
    const kvPerToken = await ctx.fn<(c: ModelConfig, dtype: DType) => number>('scale', 'kvCacheBytesPerToken');
    const present = MODELS.filter((name) => ctx.examples.some((e) => e.name === name));
    const config = (name: string) => ctx.example(name).config as ModelConfig;
    return [
      { title: 'Parameters', caption: 'Counted from each configuration, against the published figures in the spec.', rows: present.map((name) => compare(name, paramCount(config(name)), ctx.example(name), 'params', 'count')) },
      { title: 'KV cache per token, fp16', rows: present.filter((n) => ctx.example(n).kv_bytes_per_token_fp16 !== undefined).map((name) => compare(name, kvPerToken(config(name), 'fp16'), ctx.example(name), 'kv_bytes_per_token_fp16', 'bytes')) },
    ];
  },

  figures: [
    {
      id: 'bench',
      title: 'Predicted FLOPs against the measured clock',
      async compute(ctx) {
        const path = join(ctx.outDir, 'bench.json');
        if (!existsSync(path)) return undefined; // npm run bench has not been run: nothing to chart
        const rows = benchPoints(readFileSync(path, 'utf8'));
        if (rows.length === 0) return undefined; // nothing measured yet (every case not implemented)
        const rates = rows.map((r) => r.GFLOP / (r.ms / 1e3));
        const description = `${rows.length} cases timed by npm run bench on this machine: each point is a kernel from weeks 1 to 4 (matmul, linear layer, attention, decode), placed by the FLOPs the learner's own formula predicts and the median time it took (log axes). Points on one diagonal run at the same rate; the achieved rate spans ${Math.min(...rates).toFixed(2)} to ${Math.max(...rates).toFixed(2)} GFLOP/s.`;
        const spec = scatter({ title: this.title, description, rows, x: { field: 'GFLOP', title: 'predicted GFLOP', log: true }, y: { field: 'ms', title: 'measured median, ms', log: true }, series: 'group' });
        return { description, spec };
      },
    },
  ],
});
