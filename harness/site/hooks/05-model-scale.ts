/**
 * Week 5's results: parameter counts and KV bytes per token of real models from the learner's
 * formulas against the published figures, and, once `npm run bench` has written
 * site/out/bench.json, predicted FLOPs against the measured clock.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DType } from '../../runtime/index.ts';
import { scatter } from '../charts.ts';
import { compare, defineHook } from '../hook.ts';

type ModelConfig = Record<string, unknown>;
const MODELS = ['gpt2_small', 'gpt2_small_no_bias', 'llama2_7b', 'llama2_70b'];

/** One timed case, read leniently: the bench's JSON is another command's output, not a contract of this file. */
type BenchPoint = { name: string; group: string; flops: number; seconds: number };

function firstNumber(record: Record<string, unknown>, keys: readonly string[], scale = 1): number | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value * scale;
  }
  return undefined;
}

export function readBench(text: string): BenchPoint[] {
  const json: unknown = JSON.parse(text);
  const list = Array.isArray(json) ? json : ((json as Record<string, unknown>)?.cases ?? (json as Record<string, unknown>)?.results);
  if (!Array.isArray(list)) return [];
  return list.flatMap((item): BenchPoint[] => {
    if (typeof item !== 'object' || item === null) return [];
    const r = item as Record<string, unknown>;
    const predicted = typeof r.predicted === 'object' && r.predicted !== null ? (r.predicted as Record<string, unknown>) : {};
    const measured = typeof r.measured === 'object' && r.measured !== null ? (r.measured as Record<string, unknown>) : {};
    const flops = firstNumber(r, ['predictedFlops', 'flops']) ?? firstNumber(predicted, ['flops']);
    const seconds = firstNumber(r, ['medianSeconds', 'seconds', 'measuredSeconds']) ?? firstNumber(measured, ['medianSeconds', 'seconds']) ?? firstNumber(r, ['medianMs', 'ms'], 1e-3) ?? firstNumber(measured, ['medianMs', 'ms'], 1e-3);
    if (flops === undefined || seconds === undefined) return [];
    const name = String(r.name ?? r.case ?? r.label ?? 'case');
    return [{ name, group: String(r.group ?? r.kernel ?? name.split(/[\s:(]/)[0]), flops, seconds }];
  });
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
        const points = readBench(readFileSync(path, 'utf8'));
        if (points.length === 0) throw new Error('bench.json holds no case with both predicted FLOPs and a measured time');
        const rates = points.map((p) => p.flops / p.seconds / 1e9);
        const rows = points.map((p) => ({ GFLOP: p.flops / 1e9, ms: p.seconds * 1e3, group: p.group, name: p.name }));
        const description = `${points.length} cases timed by npm run bench on this machine: each point is a kernel from weeks 1 to 4, placed by the FLOPs its formula predicts and the median time it took (log axes). Points on one diagonal run at the same rate; here the achieved rate spans ${Math.min(...rates).toFixed(2)} to ${Math.max(...rates).toFixed(2)} GFLOP/s.`;
        const spec = scatter({ title: this.title, description, rows, x: { field: 'GFLOP', title: 'predicted GFLOP', log: true }, y: { field: 'ms', title: 'measured median, ms', log: true }, series: 'group' });
        return { description, spec };
      },
    },
  ],
});
