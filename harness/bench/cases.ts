/**
 * The bench's cases: the learner's own kernels from weeks 1–4 at growing sizes, each with the
 * learner's own formula functions for its predicted FLOPs and bytes. Sizes are chosen so that the
 * reference solutions run the whole bench in well under a minute on two cores.
 *
 * The modules are described structurally here (by the signatures the issues fix), not imported:
 * the bench loads them at run time from weeks/ or solutions/, and a week that is missing or
 * unfinished must not stop the others.
 */
import { createRng, randn, type DType, type Tensor } from '../runtime/index.ts';
import type { Group } from './schema.ts';

type DecoderConfig = { V: number; T_max: number; D: number; n_heads: number; D_ff: number; n_layers: number };

export type Modules = {
  linear?: {
    matmul(a: Tensor, b: Tensor): Tensor;
    linearForward(x: Tensor, w: Tensor, b: Tensor): Tensor;
    linearBackward(x: Tensor, w: Tensor, dy: Tensor): unknown;
    linearFlops(dims: { B: number; D_in: number; D_out: number }): { forward: number; backward: number };
    linearMemory(dims: { B: number; D_in: number; D_out: number }, dtype: DType): { params: number; grads: number; saved: number };
  };
  attention?: {
    initAttention(dims: { D: number; d_k: number; d_v: number }, seed: number): unknown;
    attentionForward(x: Tensor, params: never, opts: { causal: boolean }): unknown;
    attentionFlops(dims: { B: number; T: number; D: number; d_k: number; d_v: number }): { total: number };
    attentionMemory(dims: { B: number; T: number; D: number; d_k: number; d_v: number }, dtype: DType): { scores: number };
  };
  decoder?: {
    initDecoder(config: DecoderConfig, seed: number): unknown;
    decoderForward(params: never, tokens: number[][]): Tensor;
    decoderParamCount(config: DecoderConfig): number;
  };
  kvcache?: {
    createKVCache(config: DecoderConfig, B: number): unknown;
    prefill(params: never, tokens: number[][], cache: never): Tensor;
    decodeStep(params: never, tokens: number[], cache: never): Tensor;
    decodeStepFlops(config: DecoderConfig, t: number, opts: { cache: boolean }): number;
    kvCacheBytes(dims: { B: number; T: number; n_layers: number; n_kv_heads: number; d_head: number }, dtype: DType): number;
  };
  scale?: { matmulIntensity(dims: { B: number; D: number; F: number }, dtype: DType): number };
};

/** Where each module lives under weeks/ or solutions/, and its week. */
export const MODULE_FILES: Record<keyof Modules, { path: string; week: number }> = {
  linear: { path: '01-linear/linear.ts', week: 1 },
  attention: { path: '03-attention/attention.ts', week: 3 },
  decoder: { path: '04-decoder/decoder.ts', week: 4 },
  kvcache: { path: '04-decoder/kvcache.ts', week: 4 },
  scale: { path: '05-model-scale/scale.ts', week: 5 },
};

export type Formula = { from: string; value(m: Modules): number };

export type BenchCase = {
  id: string;
  group: Group;
  series: string;
  label: string;
  week: number;
  x: number;
  xName: string;
  flops: Formula;
  bytes: Formula;
  /** Untimed: inputs, weights, a filled cache. */
  prepare(m: Modules): unknown;
  /** Timed: the kernel itself. */
  run(m: Modules, state: unknown): void;
};

/** The module, or a clear error naming the file that is missing or failed to load. */
function need<K extends keyof Modules>(m: Modules, key: K): NonNullable<Modules[K]> {
  const module = m[key];
  if (!module) throw new Error(`${MODULE_FILES[key].path} is missing or did not load`);
  return module;
}

const FP64: DType = 'fp64';
const matmulBytes = (m: Modules, B: number, D: number, F: number): number => (2 * B * D * F) / need(m, 'scale').matmulIntensity({ B, D, F }, FP64);

/** Square matmuls: the predicted FLOPs grow ×8 per doubling of n. */
function matmulCases(sizes: number[]): BenchCase[] {
  return sizes.map((n) => ({
    id: `matmul-${n}`, group: 'matmul', series: 'matmul', week: 1, x: n, xName: 'n',
    label: `matmul [${n}, ${n}] @ [${n}, ${n}]`,
    flops: { from: 'linearFlops forward (week 1)', value: (m) => need(m, 'linear').linearFlops({ B: n, D_in: n, D_out: n }).forward },
    bytes: { from: '2·n³ / matmulIntensity fp64 (week 5)', value: (m) => matmulBytes(m, n, n, n) },
    prepare: () => ({ a: randn([n, n], createRng(n)), b: randn([n, n], createRng(n + 1)) }),
    run: (m, s) => void need(m, 'linear').matmul((s as { a: Tensor }).a, (s as { b: Tensor }).b),
  }));
}

type LinearInputs = { x: Tensor; w: Tensor; b: Tensor; dy: Tensor };

function linearInputs(B: number, D_in: number, D_out: number): LinearInputs {
  const rng = createRng(B + D_in + D_out);
  return { x: randn([B, D_in], rng), w: randn([D_in, D_out], rng), b: randn([D_out], rng), dy: randn([B, D_out], rng) };
}

/** A linear layer at growing batch B: forward and backward FLOPs both grow ×2 per doubling. */
function linearCases(batches: number[], D_in: number, D_out: number): BenchCase[] {
  return batches.flatMap((B): BenchCase[] => {
    const dims = { B, D_in, D_out };
    const common = { group: 'linear' as const, week: 1, x: B, xName: 'B', prepare: () => linearInputs(B, D_in, D_out) };
    return [
      {
        ...common, id: `linear-forward-${B}`, series: 'linear forward', label: `linear forward B=${B}, ${D_in}→${D_out}`,
        flops: { from: 'linearFlops forward (week 1)', value: (m) => need(m, 'linear').linearFlops(dims).forward },
        bytes: { from: 'linearMemory params + saved (week 1)', value: (m) => { const mem = need(m, 'linear').linearMemory(dims, FP64); return mem.params + mem.saved; } },
        run: (m, s) => { const { x, w, b } = s as LinearInputs; need(m, 'linear').linearForward(x, w, b); },
      },
      {
        ...common, id: `linear-backward-${B}`, series: 'linear backward', label: `linear backward B=${B}, ${D_in}→${D_out}`,
        flops: { from: 'linearFlops backward (week 1)', value: (m) => need(m, 'linear').linearFlops(dims).backward },
        bytes: { from: 'linearMemory params + grads + saved (week 1)', value: (m) => { const mem = need(m, 'linear').linearMemory(dims, FP64); return mem.params + mem.grads + mem.saved; } },
        run: (m, s) => { const { x, w, dy } = s as LinearInputs; need(m, 'linear').linearBackward(x, w, dy); },
      },
    ];
  });
}

/** Causal single-head attention as T doubles: the T² terms push growth towards ×4. */
function attentionCases(lengths: number[], D: number): BenchCase[] {
  return lengths.map((T) => {
    const dims = { B: 1, T, D, d_k: D, d_v: D };
    return {
      id: `attention-${T}`, group: 'attention', series: 'attention', week: 3, x: T, xName: 'T',
      label: `attention forward B=1, T=${T}, D=${D}`,
      flops: { from: 'attentionFlops total (week 3)', value: (m) => need(m, 'attention').attentionFlops(dims).total },
      bytes: { from: 'attentionMemory scores (week 3)', value: (m) => need(m, 'attention').attentionMemory(dims, FP64).scores },
      prepare: (m) => ({ x: randn([1, T, D], createRng(T)), params: need(m, 'attention').initAttention({ D, d_k: D, d_v: D }, 1) }),
      run: (m, s) => { const { x, params } = s as { x: Tensor; params: never }; need(m, 'attention').attentionForward(x, params, { causal: true }); },
    };
  });
}

/** The decoder's weights, built once per bench process and shared by every decode case. */
function decoderWeights(config: DecoderConfig): (m: Modules) => never {
  let params: unknown;
  return (m) => (params ??= need(m, 'decoder').initDecoder(config, 5)) as never;
}

const promptOf = (t: number, V: number): number[] => Array.from({ length: t }, (_, i) => (7 * i + 3) % V);

/** Cost of the next token with t tokens in context, with the KV cache (nearly flat) and without (∝ t). */
function decodeCases(contexts: number[], config: DecoderConfig): BenchCase[] {
  const weights = decoderWeights(config);
  const dHead = config.D / config.n_heads;
  const weightBytes = (m: Modules) => need(m, 'decoder').decoderParamCount(config) * 8;
  const common = (t: number) => ({ group: 'decode' as const, week: 4, x: t, xName: 't' });
  const withCache = contexts.map((t): BenchCase => {
    const kv = { B: 1, T: t, n_layers: config.n_layers, n_kv_heads: config.n_heads, d_head: dHead };
    return {
        ...common(t), id: `decode-cache-${t}`, series: 'decode with KV cache', label: `next token, KV cache, t=${t}`,
        flops: { from: 'decodeStepFlops cache (week 4)', value: (m) => need(m, 'kvcache').decodeStepFlops(config, t, { cache: true }) },
        bytes: { from: 'weights + kvCacheBytes fp64 (week 4)', value: (m) => weightBytes(m) + need(m, 'kvcache').kvCacheBytes(kv, FP64) },
        prepare: (m) => {
          const cache = need(m, 'kvcache').createKVCache(config, 1) as never;
          need(m, 'kvcache').prefill(weights(m), [promptOf(t, config.V)], cache);
          return cache;
        },
        run: (m, cache) => void need(m, 'kvcache').decodeStep(weights(m), [1], cache as never),
    };
  });
  const recompute = contexts.map((t): BenchCase => ({
        ...common(t), id: `decode-recompute-${t}`, series: 'decode without cache', label: `next token, recompute, t=${t}`,
        flops: { from: 'decodeStepFlops no cache (week 4)', value: (m) => need(m, 'kvcache').decodeStepFlops(config, t, { cache: false }) },
        bytes: { from: 'weights, decoderParamCount fp64 (week 4)', value: weightBytes },
        prepare: () => [[...promptOf(t, config.V), 1]],
        run: (m, tokens) => void need(m, 'decoder').decoderForward(weights(m), tokens as number[][]),
  }));
  return [...withCache, ...recompute];
}

export const DECODE_CONFIG: DecoderConfig = { V: 64, T_max: 256, D: 64, n_heads: 4, D_ff: 256, n_layers: 2 };

/** Every case of one group, in the order they run and print. */
export function casesFor(group: Group): BenchCase[] {
  switch (group) {
    case 'matmul':
      return matmulCases([64, 128, 256, 512]);
    case 'linear':
      return linearCases([64, 128, 256], 256, 256);
    case 'attention':
      return attentionCases([64, 128, 256, 512], 64);
    case 'decode':
      return decodeCases([16, 32, 64, 128], DECODE_CONFIG);
  }
}
