/**
 * Week 4's page, once the week is complete: the decoder's ledger for the tiny configuration,
 * parameter counts, KV-cache bytes and per-token FLOPs against the spec's examples, and two figures:
 * cache bytes against T, and the cost of the next token with and without the cache.
 * Author material: the grader runs it on your code (weeks/) or on the reference.
 */
import { createRng, type DType, type Tensor } from '../../harness/runtime/index.ts';
import { compare, definePage, lineChart, lookup, need, type PageContext } from '../../harness/author.ts';
import type * as decoder from './decoder.ts';
import type * as kvcache from './kvcache.ts';

type Modules = { decoder: typeof decoder; kvcache: typeof kvcache };
type KvDims = Parameters<typeof kvcache.kvCacheBytes>[0];

function config(ctx: PageContext<Modules>, example: string): decoder.DecoderConfig {
  const values = ctx.example(example);
  const n = (key: string) => need(values, key, `example ${example}`);
  return { V: n('V'), T_max: n('T_max'), D: n('D'), n_heads: n('n_heads'), D_ff: n('D_ff'), n_layers: n('n_layers') };
}

function kvDims(values: Record<string, unknown>, B: number, T: number): KvDims {
  return { B, T, n_layers: need(values, 'n_layers'), n_kv_heads: need(values, 'n_kv_heads'), d_head: need(values, 'd_head') };
}

export default definePage<Modules>({
  ledger(ctx) {
    const c = config(ctx, 'params_tiny');
    const B = 2;
    const T = Math.min(5, c.T_max - 1);
    const { initDecoder, embed, multiHeadAttention: mha, decoderForward } = ctx.modules.decoder;
    const { createKVCache, prefill, decodeStep } = ctx.modules.kvcache;
    const params = initDecoder(c, 1);
    const rng = createRng(9);
    const tokens = Array.from({ length: B }, () => Array.from({ length: T }, () => rng.int(c.V)));
    const x = embed(params, tokens, 0);
    const layer = params.layers[0]!;
    const attention = mha(x, layer, c.n_heads);
    const logits = decoderForward(params, tokens);
    const cache = createKVCache(c, B);
    prefill(params, tokens, cache);
    const cached = { k: cache.layers[0]?.k, v: cache.layers[0]?.v };
    // One more position against the T cached ones: the new query's row of scores is t + 1 long.
    const firstTokens = tokens.map((s) => [s[0]!]);
    const stepAttention = cached.k && cached.v ? mha(embed(params, firstTokens, T), layer, c.n_heads, { k: cached.k, v: cached.v }) : undefined;
    const step = decodeStep(params, tokens.map((s) => s[0]!), cache);
    const tensors: Record<string, Tensor | undefined> = {
      tokenEmbedding: params.tokenEmbedding, positionEmbedding: params.positionEmbedding, x, 'ln1.gain': layer.ln1.gain, 'ln1.bias': layer.ln1.bias,
      wq: layer.wq, wk: layer.wk, wv: layer.wv, wo: layer.wo, w1: layer.w1, b1: layer.b1, w2: layer.w2, b2: layer.b2,
      q: attention.q, k: attention.k, v: attention.v, scores: attention.scores, weights: attention.weights, out: attention.out,
      head: params.head, logits, 'cache.k': cached.k, 'cache.v': cached.v, 'step.q': stepAttention?.q, 'step.scores': stepAttention?.scores, 'step.logits': step,
    };
    return { example: 'params_tiny', dims: { ...c, B, T, t: T, d_head: c.D / c.n_heads }, tensors };
  },

  tables(ctx) {
    const { decoderParamCount: paramCount } = ctx.modules.decoder;
    const { kvCacheBytes: kvBytes, decodeStepFlops: stepFlops } = ctx.modules.kvcache;
    const kvRows = ['kv_llama2_7b', 'kv_gqa'].flatMap((name) => {
      const v = ctx.example(name);
      const dtype = (v.dtype ?? 'fp16') as DType;
      return [compare(`${name}: bytes per token`, kvBytes(kvDims(v, 1, 1), dtype), v, 'bytes_per_token', 'bytes'), compare(`${name}: B = ${lookup(v, 'B')}, T = ${lookup(v, 'T')}`, kvBytes(kvDims(v, need(v, 'B'), need(v, 'T')), dtype), v, 'bytes', 'bytes')];
    });
    const flopRows = ['flops_tiny', 'flops_gpt2'].flatMap((name) => {
      const v = ctx.example(name);
      const t = need(v, 't');
      return [compare(`${name}, t = ${t}: with the cache`, stepFlops(config(ctx, name), t, { cache: true }), v, 'cached', 'flops'), compare(`${name}, t = ${t}: without`, stepFlops(config(ctx, name), t, { cache: false }), v, 'uncached', 'flops')];
    });
    return [
      { title: 'Parameters', rows: ['params_tiny', 'params_gpt2'].map((name) => compare(name, paramCount(config(ctx, name)), ctx.example(name), 'params', 'count')) },
      { title: 'KV-cache bytes', caption: 'kvCacheBytes at the spec’s Llama 2 examples, fp16.', rows: kvRows },
      { title: 'FLOPs for the next token', rows: flopRows },
    ];
  },

  figures: [
    {
      id: 'kv-cache-bytes',
      title: 'KV-cache bytes against context length',
      compute(ctx) {
        const { kvCacheBytes: kvBytes } = ctx.modules.kvcache;
        const models = [
          { name: 'Llama-2-7B, 32 KV heads', values: ctx.example('kv_llama2_7b') },
          { name: 'Llama-2-70B, 8 KV heads', values: ctx.example('kv_gqa') },
        ];
        const ts = [0, 512, 1024, 1536, 2048, 2560, 3072, 3584, 4096];
        const rows = models.flatMap((m) => ts.map((T) => ({ T, GiB: kvBytes(kvDims(m.values, 1, T), 'fp16') / 2 ** 30, model: m.name })));
        const at4k = models.map((m) => `${m.name}: ${(kvBytes(kvDims(m.values, 1, 4096), 'fp16') / 2 ** 30).toFixed(2)} GiB`).join('; ');
        const description = `fp16 KV-cache size for one sequence as the context T grows from 0 to 4096 tokens: straight lines through zero, since every token adds its K and V in every layer. At T = 4096: ${at4k}. The 70B model caches less per token than the 7B one because grouped-query attention shares each K and V head among 8 query heads.`;
        const spec = lineChart({ title: this.title, description, rows, x: { field: 'T', title: 'tokens in context T', zero: true }, y: { field: 'GiB', title: 'GiB (fp16, B = 1)', zero: true }, series: 'model' });
        return { description, spec };
      },
    },
    {
      id: 'cost-per-token',
      title: 'FLOPs for the next token, with and without the KV cache',
      compute(ctx) {
        const { decodeStepFlops: stepFlops } = ctx.modules.kvcache;
        const c = config(ctx, 'flops_gpt2');
        const ts = [0, 1, 3, 7, 15, 31, 63, 127, 255, 511, 1023].filter((t) => t < c.T_max);
        const rows = ts.flatMap((t) => [
          { t: t + 1, GFLOP: stepFlops(c, t, { cache: true }) / 1e9, mode: 'with the cache' },
          { t: t + 1, GFLOP: stepFlops(c, t, { cache: false }) / 1e9, mode: 'without: recompute all' },
        ]);
        const last = ts[ts.length - 1]!;
        const ratio = stepFlops(c, last, { cache: false }) / stepFlops(c, last, { cache: true });
        const description = `decodeStepFlops for the GPT-2 small configuration (D ${c.D}, ${c.n_layers} layers) as the context grows (log axes; t + 1 positions). With the cache the cost per token grows linearly in t but slowly, by the attention over one more key each step, so its line is nearly flat; without it every step reprocesses the whole context, so at t = ${last} it costs ${ratio.toFixed(0)} times as much.`;
        const spec = lineChart({ title: this.title, description, rows, x: { field: 't', title: 'positions in context (t + 1)', log: true, ticks: [1, 4, 16, 64, 256, 1024] }, y: { field: 'GFLOP', title: 'GFLOP per token', log: true }, series: 'mode' });
        return { description, spec };
      },
    },
  ],
});
