import { describe, expect, it } from 'vitest';
import { bytesPerElement, DTYPES, GiB, type DType } from '../../harness/runtime/index.ts';
import { expectCloseNumber } from '../../harness/testing/close.ts';
import { evalDim } from '../../harness/course/dims.ts';
import { readWeekSpec } from '../../harness/testing/spec.ts';
import {
  activationBytes,
  bottleneck,
  decodeStepSeconds,
  forwardFlopsPerToken,
  matmulIntensity,
  paramCount,
  trainingFlops,
  trainingMemoryBytes,
  trainingStepSeconds,
  kvCacheBytesPerToken,
  type Hardware,
  type ModelConfig,
} from './scale.ts';

const spec = readWeekSpec(import.meta.url);

const config = (name: string): ModelConfig => spec.example(name).config as ModelConfig;
const GPT2_SMALL = config('gpt2_small');
const GPT2_NO_BIAS = config('gpt2_small_no_bias');
const LLAMA_7B = config('llama2_7b');
const LLAMA_70B = config('llama2_70b');
type Machine = Hardware & { ridge_about: number };
const HARDWARE = spec.example('hardware').machines as Machine[];

/** Small configurations where every dim differs, so a swapped symbol changes the count. */
const TINY_GPT2: ModelConfig = { family: 'gpt2', V: 11, T_max: 7, D: 12, n_layers: 3, n_heads: 4, D_ff: 20, bias: true };
const TINY_LLAMA: ModelConfig = { family: 'llama', V: 13, D: 16, n_layers: 2, n_heads: 8, n_kv_heads: 2, D_ff: 24 };

// ---------- trusted counts, from the spec's ledger, never from the code under test ----------

const dHead = (c: ModelConfig): number => c.D / c.n_heads;
const kvHeads = (c: ModelConfig): number => (c.family === 'gpt2' ? c.n_heads : c.n_kv_heads);

function ledgerDims(c: ModelConfig): Record<string, number> {
  const dims: Record<string, number> = { V: c.V, D: c.D, D_ff: c.D_ff, n_heads: c.n_heads, n_kv_heads: kvHeads(c), d_head: dHead(c) };
  if (c.family === 'gpt2') dims.T_max = c.T_max;
  return dims;
}

/** Rows that exist in this configuration: the family's prefix, and biases only when GPT-2 has them. */
function ledgerRows(c: ModelConfig) {
  return spec.ledger.filter((row) => row.symbol.startsWith(`${c.family}.`) && !(c.family === 'gpt2' && !c.bias && row.symbol.endsWith('.bias')));
}

const isPerBlock = (symbol: string): boolean => symbol.includes('.h.') || symbol.includes('.layers.');
/** The vocabulary and position matrices that Kaplan's N leaves out. */
const EMBEDDING_ROWS = ['gpt2.wte', 'gpt2.wpe', 'llama.tok_embeddings', 'llama.output'];

/** Parameters of the ledger rows: each shape multiplied out, per-block rows n_layers times. */
function ledgerParams(c: ModelConfig, keep: (symbol: string) => boolean = () => true): number {
  const dims = ledgerDims(c);
  let total = 0;
  for (const row of ledgerRows(c).filter((r) => keep(r.symbol))) {
    const values = row.dims.reduce((n, d) => n * evalDim(d, dims), 1);
    total += isPerBlock(row.symbol) ? c.n_layers * values : values;
  }
  return total;
}

/** The spec's component-by-component table for a published model, added up. */
const componentSum = (name: string): number => Object.values(spec.example(name).components as Record<string, number>).reduce((a, b) => a + b, 0);

const nonEmbedding = (c: ModelConfig): number => ledgerParams(c, (symbol) => !EMBEDDING_ROWS.includes(symbol));

/** The activation ledger's rows for this family (act.* shared, act.<family>.* its own), multiplied out for one block. */
function ledgerBlockActivations(c: ModelConfig, B: number, T: number): number {
  const dims = { ...ledgerDims(c), B, T };
  const rows = spec.ledger.filter((row) => row.symbol.startsWith('act.') && (row.symbol.split('.').length === 2 || row.symbol.startsWith(`act.${c.family}.`)));
  return rows.reduce((total, row) => total + row.dims.reduce((n, d) => n * evalDim(d, dims), 1), 0);
}

/** A machine with one of its two ceilings removed, so that only the other bound is left. */
const withoutMemoryLimit = (hw: Hardware): Hardware => ({ ...hw, bytesPerSecond: Infinity });
const withoutComputeLimit = (hw: Hardware): Hardware => ({ ...hw, flopsPerSecond: Infinity });

const H100 = HARDWARE.find((h) => h.name.includes('H100'))!;
const TPU_V5E = HARDWARE.find((h) => h.name.includes('v5e'))!;

describe('shapes', { tags: ['shapes'] }, () => {
  it('paramCount equals the GPT-2 ledger multiplied out: every row once, block rows n_layers times', () => {
    for (const c of [GPT2_SMALL, TINY_GPT2]) expect(paramCount(c), `${JSON.stringify(c)}`).toBe(ledgerParams(c));
  });

  it('paramCount without biases equals the GPT-2 ledger without its .bias rows', () => {
    for (const c of [GPT2_NO_BIAS, { ...TINY_GPT2, bias: false }]) expect(paramCount(c), `${JSON.stringify(c)}`).toBe(ledgerParams(c));
  });

  it('paramCount equals the Llama ledger multiplied out, wk and wv [D, n_kv_heads * d_head]', () => {
    for (const c of [LLAMA_7B, LLAMA_70B, TINY_LLAMA]) expect(paramCount(c), `${JSON.stringify(c)}`).toBe(ledgerParams(c));
  });
});

describe('memory', { tags: ['memory'] }, () => {
  it('GPT-2 small has 124,439,808 parameters (nanoGPT, with biases)', () => {
    expect(spec.number('gpt2_small', 'params'), 'spec agrees with its ledger').toBe(ledgerParams(GPT2_SMALL));
    expect(componentSum('gpt2_small'), 'spec component table').toBe(spec.number('gpt2_small', 'params'));
    expect(paramCount(GPT2_SMALL)).toBe(spec.number('gpt2_small', 'params'));
  });

  it('GPT-2 small without biases has 124,337,664 parameters (nanoGPT bias=False)', () => {
    expect(spec.number('gpt2_small_no_bias', 'params'), 'spec agrees with its ledger').toBe(ledgerParams(GPT2_NO_BIAS));
    expect(paramCount(GPT2_NO_BIAS)).toBe(spec.number('gpt2_small_no_bias', 'params'));
  });

  it('Llama-2-7B has 6,738,415,616 parameters (Meta\'s configuration)', () => {
    expect(spec.number('llama2_7b', 'params'), 'spec agrees with its ledger').toBe(ledgerParams(LLAMA_7B));
    expect(componentSum('llama2_7b'), 'spec component table').toBe(spec.number('llama2_7b', 'params'));
    expect(paramCount(LLAMA_7B)).toBe(spec.number('llama2_7b', 'params'));
  });

  it('GPT-2 ties its output head to wte: one more vocabulary entry adds D parameters, not 2·D', () => {
    for (const c of [GPT2_SMALL, TINY_GPT2]) expect(paramCount({ ...c, V: c.V + 1 }) - paramCount(c)).toBe(c.D);
  });

  it('Llama\'s output head is untied: one more vocabulary entry adds 2·D parameters', () => {
    for (const c of [LLAMA_7B, TINY_LLAMA]) expect(paramCount({ ...c, V: c.V + 1 }) - paramCount(c)).toBe(2 * c.D);
  });

  it('GPT-2 learns a position embedding per position: one more T_max adds D parameters', () => {
    for (const c of [GPT2_SMALL, TINY_GPT2]) {
      if (c.family !== 'gpt2') continue;
      expect(paramCount({ ...c, T_max: c.T_max + 1 }) - paramCount(c)).toBe(c.D);
    }
  });

  it('Llama counts no position embeddings (RoPE has no parameters), even when handed a T_max', () => {
    for (const c of [LLAMA_7B, TINY_LLAMA]) {
      const withContext = { ...c, T_max: 4096 } as ModelConfig;
      expect(paramCount(withContext), 'a T_max on a Llama configuration changes nothing').toBe(ledgerParams(c));
      expect(paramCount(c)).toBe(ledgerParams(c));
    }
  });

  it('Llama\'s SwiGLU MLP has three matrices: one more unit of D_ff widens all three, in every block', () => {
    for (const c of [LLAMA_7B, TINY_LLAMA]) expect(paramCount({ ...c, D_ff: c.D_ff + 1 }) - paramCount(c)).toBe(3 * c.D * c.n_layers);
  });

  it('GPT-2\'s MLP has two matrices: one more unit of D_ff widens both, and c_fc\'s bias, in every block', () => {
    for (const c of [GPT2_SMALL, GPT2_NO_BIAS]) {
      const perBlock = 2 * c.D + (c.family === 'gpt2' && c.bias ? 1 : 0);
      expect(paramCount({ ...c, D_ff: c.D_ff + 1 }) - paramCount(c), JSON.stringify(c)).toBe(perBlock * c.n_layers);
    }
  });

  it('grouped-query attention shrinks wk and wv: each K/V head fewer takes d_head columns from both, in every block', () => {
    for (const c of [LLAMA_70B, TINY_LLAMA]) {
      if (c.family !== 'llama') continue;
      expect(paramCount(c) - paramCount({ ...c, n_kv_heads: c.n_kv_heads - 1 })).toBe(2 * c.D * dHead(c) * c.n_layers);
    }
  });

  it('Llama-2-7B\'s fp16 KV cache is 524,288 bytes per token, 2 GiB at T = 4096', () => {
    expect(kvCacheBytesPerToken(LLAMA_7B, 'fp16')).toBe(spec.number('llama2_7b', 'kv_bytes_per_token_fp16'));
    expect(spec.number('llama2_7b', 'kv_bytes_at_T_4096_fp16'), 'spec: 2 GiB').toBe(2 * GiB);
    expect(4096 * kvCacheBytesPerToken(LLAMA_7B, 'fp16')).toBe(spec.number('llama2_7b', 'kv_bytes_at_T_4096_fp16'));
  });

  it('kvCacheBytesPerToken counts n_kv_heads, not n_heads (grouped-query Llama-2-70B: 8 K/V heads for 64 query heads)', () => {
    expect(kvCacheBytesPerToken(LLAMA_70B, 'fp16'), 'Llama-2-70B: 8 times this means every query head was cached').toBe(spec.number('llama2_70b', 'kv_bytes_per_token_fp16'));
    for (const c of [LLAMA_70B, TINY_LLAMA]) {
      if (c.family !== 'llama') continue;
      const oneHead = kvCacheBytesPerToken({ ...c, n_kv_heads: 1 }, 'fp32');
      expect(kvCacheBytesPerToken(c, 'fp32'), `${JSON.stringify(c)}: n_kv_heads = ${c.n_kv_heads} K/V heads, each the size of one`).toBe(c.n_kv_heads * oneHead);
    }
  });

  it('kvCacheBytesPerToken caches a K and a V for every GPT-2 head (GPT-2 small: 36 KiB per token in fp16)', () => {
    expect(kvCacheBytesPerToken(GPT2_SMALL, 'fp16')).toBe(spec.number('gpt2_small', 'kv_bytes_per_token_fp16'));
    for (const c of [GPT2_SMALL, TINY_GPT2]) {
      if (c.family !== 'gpt2') continue;
      const llamaTwin: ModelConfig = { family: 'llama', V: c.V, D: c.D, n_layers: c.n_layers, n_heads: c.n_heads, n_kv_heads: c.n_heads, D_ff: c.D_ff };
      expect(kvCacheBytesPerToken(c, 'bf16'), `${JSON.stringify(c)} against a Llama with a K/V head for every query head`).toBe(kvCacheBytesPerToken(llamaTwin, 'bf16'));
    }
  });

  it('kvCacheBytesPerToken counts every layer: n_layers layers cache n_layers times what one layer does', () => {
    for (const c of [GPT2_SMALL, LLAMA_7B, TINY_GPT2, TINY_LLAMA]) {
      expect(kvCacheBytesPerToken(c, 'fp16'), `${c.family}, n_layers = ${c.n_layers}`).toBe(c.n_layers * kvCacheBytesPerToken({ ...c, n_layers: 1 }, 'fp16'));
    }
  });

  it('kvCacheBytesPerToken takes each dtype\'s bytes per element, and nothing but the attention shapes matters (not V, D_ff, T_max or biases)', () => {
    for (const c of [GPT2_SMALL, TINY_GPT2, TINY_LLAMA]) {
      const perElement = kvCacheBytesPerToken(c, 'int8');
      for (const dtype of DTYPES) expect(kvCacheBytesPerToken(c, dtype), `${c.family} ${dtype}: ${bytesPerElement(dtype)} bytes per value`).toBe(perElement * bytesPerElement(dtype));
      const unrelated = { ...c, V: c.V + 7, D_ff: c.D_ff + 5, ...(c.family === 'gpt2' ? { T_max: c.T_max + 3, bias: !c.bias } : {}) } as ModelConfig;
      expect(kvCacheBytesPerToken(unrelated, 'fp16'), `${c.family} with another V, D_ff (and T_max, bias)`).toBe(kvCacheBytesPerToken(c, 'fp16'));
    }
  });

  it('trainingMemoryBytes counts weights, gradients and Adam states at the spec\'s bytes per parameter, in both schemes', () => {
    const table = spec.example('training_memory').bytes_per_param as Record<string, Record<string, number>>;
    for (const scheme of ['fp32-adam', 'mixed-adam'] as const) {
      const perParam = Object.values(table[scheme]!).reduce((a, b) => a + b, 0);
      expect(perParam, `spec bytes per parameter for ${scheme}`).toBe(16);
      for (const c of [GPT2_SMALL, LLAMA_7B, TINY_LLAMA]) expect(trainingMemoryBytes(c, scheme), `${scheme} ${c.family}`).toBe(perParam * ledgerParams(c));
    }
    expect(trainingMemoryBytes(LLAMA_7B, 'mixed-adam')).toBe(spec.number('training_memory', 'llama2_7b_mixed_adam_bytes'));
  });
  it('activationBytes without recomputation is the spec\'s activation ledger multiplied out, in every block (Llama rows for Llama, GPT-2 rows for GPT-2)', () => {
    for (const c of [TINY_LLAMA, TINY_GPT2, GPT2_SMALL]) {
      for (const [B, T] of [[1, 1], [3, 5], [2, 16]] as const) {
        expect(activationBytes(c, { B, T, dtype: 'fp32', recompute: false }), `${c.family} B=${B} T=${T} fp32`).toBe(c.n_layers * ledgerBlockActivations(c, B, T) * 4);
      }
    }
  });

  it('activationBytes matches the worked example: Llama-2-7B at B = 1, T = 4096 in bf16, with and without recomputation', () => {
    const opts = { B: spec.number('activations', 'B'), T: spec.number('activations', 'T'), dtype: spec.example('activations').dtype as DType };
    expect(activationBytes(LLAMA_7B, { ...opts, recompute: false }), 'without recomputation').toBe(spec.number('activations', 'bytes'));
    expect(activationBytes(LLAMA_7B, { ...opts, recompute: true }), 'with recomputation').toBe(spec.number('activations', 'bytes_recompute'));
  });

  it('activationBytes keeps the attention weights: one [T, T] per head, so doubling T more than doubles the activations', () => {
    for (const c of [TINY_LLAMA, LLAMA_7B]) {
      const at = (T: number) => activationBytes(c, { B: 1, T, dtype: 'bf16', recompute: false });
      expect(at(64) / at(32), `${c.family}: T = 32 -> 64`).toBeGreaterThan(2);
      expect(at(64) - 2 * at(32), `${c.family}: what grows faster than T is the weights, ${c.n_layers} layers × n_heads × (64² − 2·32²) values`).toBe(c.n_layers * c.n_heads * (64 * 64 - 2 * 32 * 32) * 2);
    }
  });

  it('activationBytes is linear in B and takes the dtype\'s bytes, with and without recomputation', () => {
    for (const recompute of [false, true]) {
      for (const c of [TINY_LLAMA, TINY_GPT2]) {
        const one = activationBytes(c, { B: 1, T: 8, dtype: 'bf16', recompute });
        expect(activationBytes(c, { B: 3, T: 8, dtype: 'bf16', recompute }), `${c.family} B=3, recompute ${recompute}`).toBe(3 * one);
        expect(activationBytes(c, { B: 1, T: 8, dtype: 'fp32', recompute }), `${c.family} fp32, recompute ${recompute}`).toBe(2 * one);
      }
    }
  });

  it('activationBytes with recomputation keeps every block\'s input, plus one block\'s full activations while it is recomputed', () => {
    for (const c of [TINY_LLAMA, TINY_GPT2, LLAMA_7B]) {
      const opts = { B: 2, T: 16, dtype: 'bf16' as const };
      const withRecompute = activationBytes(c, { ...opts, recompute: true });
      const oneBlock = activationBytes({ ...c, n_layers: 1 }, { ...opts, recompute: false });
      const inputs = c.n_layers * spec.row('act.x').dims.reduce((n, d) => n * evalDim(d, { ...ledgerDims(c), B: 2, T: 16 }), 1) * 2;
      expect(withRecompute, `${c.family}: ${c.n_layers} block inputs (act.x) and one block`).toBe(inputs + oneBlock);
      expect(withRecompute, 'less than keeping every block').toBeLessThan(activationBytes(c, { ...opts, recompute: false }));
    }
  });

});

describe('flops', { tags: ['flops'] }, () => {
  it('forwardFlopsPerToken matches the worked example for GPT-2 small: a token that meets all T = 1024 keys, and Kaplan\'s average at T = 512', () => {
    expect(spec.number('gpt2_small', 'non_embedding'), 'spec N').toBe(nonEmbedding(GPT2_SMALL));
    expect(forwardFlopsPerToken(GPT2_SMALL, 1024), 'T = 1024 keys (half of the attention part missing: an average over the causal mask)').toBe(spec.number('gpt2_small', 'forward_flops_per_token_at_T_1024'));
    expect(forwardFlopsPerToken(GPT2_SMALL, 512), 'T = 512 keys').toBe(spec.number('gpt2_small', 'forward_flops_per_token_at_T_512'));
  });

  it('forwardFlopsPerToken leaves out the embeddings and Llama\'s untied output head from N (Llama-2-7B at T = 4096)', () => {
    expect(spec.number('llama2_7b', 'non_embedding'), 'spec N').toBe(nonEmbedding(LLAMA_7B));
    expect(forwardFlopsPerToken(LLAMA_7B, 4096)).toBe(spec.number('llama2_7b', 'forward_flops_per_token_at_T_4096'));
    for (const c of [LLAMA_7B, TINY_LLAMA, GPT2_SMALL, TINY_GPT2]) {
      expect(forwardFlopsPerToken({ ...c, V: c.V + 1 }, 100), `${c.family}: one more vocabulary entry changes no FLOP of N (a lookup, and Kaplan drops the head)`).toBe(forwardFlopsPerToken(c, 100));
    }
  });

  it('forwardFlopsPerToken at T = 0 is the arithmetic of the weights alone, the same for every non-embedding parameter, biases and norm gains included', () => {
    const perParameter = forwardFlopsPerToken(GPT2_SMALL, 0) / nonEmbedding(GPT2_SMALL);
    expect(perParameter, 'FLOPs per weight for one token: a multiply and an add').toBeGreaterThan(0);
    for (const c of [GPT2_NO_BIAS, TINY_GPT2, TINY_LLAMA, LLAMA_70B]) {
      expect(forwardFlopsPerToken(c, 0) / nonEmbedding(c), `FLOPs per non-embedding parameter, ${JSON.stringify(c)}`).toBe(perParameter);
    }
  });

  it('forwardFlopsPerToken adds the same attention arithmetic for every extra key, in proportion to n_layers · D (never n_kv_heads)', () => {
    const perKey = (c: ModelConfig, T: number) => forwardFlopsPerToken(c, T + 1) - forwardFlopsPerToken(c, T);
    const unit = perKey(GPT2_SMALL, 1) / (GPT2_SMALL.n_layers * GPT2_SMALL.D);
    for (const c of [GPT2_SMALL, LLAMA_70B, TINY_LLAMA, { ...TINY_LLAMA, n_kv_heads: 8 } as ModelConfig]) {
      for (const T of [1, 100, 5000]) expect(perKey(c, T) / (c.n_layers * c.D), `${JSON.stringify(c)}: one more key at T=${T}, per layer and per unit of D`).toBe(unit);
    }
  });

  it('trainingFlops matches the worked example for GPT-2 small, PaLM\'s count at T = T_max', () => {
    expect(trainingFlops(GPT2_SMALL, 1)).toBe(spec.number('gpt2_small', 'training_flops_per_token'));
    expect(trainingFlops(GPT2_SMALL, spec.number('training_flops', 'tokens'))).toBe(spec.number('training_flops', 'flops'));
  });

  it('trainingFlops per token is three forward passes of a token that meets all T_max keys: PaLM counts the masked half of the scores too', () => {
    for (const c of [GPT2_SMALL, TINY_GPT2]) {
      if (c.family !== 'gpt2') continue;
      expect(trainingFlops(c, 1), `${JSON.stringify(c)}: forward, dX and dW of every weight and every score`).toBe(3 * forwardFlopsPerToken(c, c.T_max));
    }
  });

  it('trainingFlops for Llama has no attention term: its configuration names no context length', () => {
    for (const c of [LLAMA_7B, TINY_LLAMA]) expect(trainingFlops(c, 1000), `${c.family}: three passes of the weights, 1000 tokens`).toBe(1000 * 3 * forwardFlopsPerToken(c, 0));
  });

  it('trainingFlops is proportional to the number of tokens', () => {
    for (const c of [TINY_GPT2, TINY_LLAMA]) {
      expect(trainingFlops(c, 0), 'no tokens, no FLOPs').toBe(0);
      expect(trainingFlops(c, 3000)).toBe(3 * trainingFlops(c, 1000));
    }
  });

  it('trainingStepSeconds matches the worked examples: GPT-2 small and Llama-2-7B on an H100 at a stated MFU', () => {
    const models: Record<string, ModelConfig> = { gpt2_small: GPT2_SMALL, llama2_7b: LLAMA_7B };
    for (const step of spec.example('step_time').cases as Array<{ model: string; B: number; T: number; hardware: string; mfu: number; seconds: number }>) {
      const hw = HARDWARE.find((h) => h.name === step.hardware)!;
      expectCloseNumber(`${step.model} B=${step.B} T=${step.T} at MFU ${step.mfu}`, trainingStepSeconds(models[step.model]!, { B: step.B, T: step.T }, hw, step.mfu), step.seconds, { rtol: 1e-9 });
    }
  });

  it('trainingStepSeconds is the step\'s PaLM FLOPs at mfu of the peak: GPT-2 at T_max agrees with trainingFlops', () => {
    for (const c of [GPT2_SMALL, TINY_GPT2]) {
      if (c.family !== 'gpt2') continue;
      const seconds = trainingStepSeconds(c, { B: 4, T: c.T_max }, H100, 0.5);
      expectCloseNumber(`${c.family} B=4 T=T_max: the FLOPs done at half the peak`, seconds * 0.5 * H100.flopsPerSecond, trainingFlops(c, 4 * c.T_max), { rtol: 1e-12 });
    }
  });

  it('trainingStepSeconds halves when the MFU doubles and doubles with B (at a fixed T)', () => {
    for (const c of [LLAMA_7B, TINY_GPT2]) {
      const base = trainingStepSeconds(c, { B: 2, T: 64 }, TPU_V5E, 0.3);
      expectCloseNumber(`${c.family} at MFU 0.6`, trainingStepSeconds(c, { B: 2, T: 64 }, TPU_V5E, 0.6), base / 2, { rtol: 1e-12 });
      expectCloseNumber(`${c.family} at B 4`, trainingStepSeconds(c, { B: 4, T: 64 }, TPU_V5E, 0.3), 2 * base, { rtol: 1e-12 });
    }
  });
});

describe('behaviour', { tags: ['behaviour'] }, () => {
  const D = spec.number('critical_batch', 'D');
  const F = spec.number('critical_batch', 'F');
  const dtype = spec.example('critical_batch').dtype as DType;
  const decode = spec.example('decode');

  it('matmulIntensity is the matmul\'s FLOPs over the bytes of reading both inputs and writing the output once (the spec\'s cases)', () => {
    for (const c of spec.example('intensity').cases as Array<{ B: number; D: number; F: number; dtype: DType; intensity: number }>) {
      expectCloseNumber(`intensity of [${c.B}, ${c.D}] @ [${c.D}, ${c.F}] in ${c.dtype}`, matmulIntensity({ B: c.B, D: c.D, F: c.F }, c.dtype), c.intensity, { rtol: 1e-12 });
    }
  });

  it('matmulIntensity divides by the bytes moved: fp32 halves the bf16 intensity, int8 doubles it', () => {
    for (const [B, d, f] of [[1, 4096, 11008], [7, 3, 5], [512, 768, 3072]] as const) {
      const bf16 = matmulIntensity({ B, D: d, F: f }, 'bf16');
      expectCloseNumber(`fp32, B=${B} D=${d} F=${f}`, matmulIntensity({ B, D: d, F: f }, 'fp32'), bf16 / 2, { rtol: 1e-12 });
      expectCloseNumber(`int8, B=${B} D=${d} F=${f}`, matmulIntensity({ B, D: d, F: f }, 'int8'), bf16 * 2, { rtol: 1e-12 });
    }
  });

  it('bottleneck compares the intensity with each machine\'s ridge point, and calls a tie memory-bound', () => {
    for (const hw of HARDWARE) {
      expect(bottleneck(hw.ridge_about * 0.9, hw), `${hw.name}: intensity ${hw.ridge_about * 0.9}, below the ridge of about ${hw.ridge_about}`).toBe('memory');
      expect(bottleneck(hw.ridge_about * 1.1, hw), `${hw.name}: intensity ${hw.ridge_about * 1.1}, above the ridge of about ${hw.ridge_about}`).toBe('compute');
    }
    const flat: Hardware = { name: '1e12 FLOP/s over 1e10 B/s', flopsPerSecond: 1e12, bytesPerSecond: 1e10 };
    expect(bottleneck(50, flat), '1e12 FLOP/s, 1e10 B/s, intensity 50').toBe('memory');
    expect(bottleneck(150, flat), '1e12 FLOP/s, 1e10 B/s, intensity 150').toBe('compute');
    expect(bottleneck(100, flat), 'exactly at the ridge (arithmetic and traffic take equally long): memory-bound, as the spec says').toBe('memory');
  });

  it('decode at batch 1 is memory-bound on every machine in the spec\'s hardware table', () => {
    for (const hw of HARDWARE) expect(bottleneck(matmulIntensity({ B: 1, D, F }, dtype), hw), hw.name).toBe('memory');
  });

  it('prefill of a 2048-token prompt is compute-bound on every machine in the spec\'s hardware table', () => {
    const T = spec.number('critical_batch', 'prefill_T');
    for (const hw of HARDWARE) expect(bottleneck(matmulIntensity({ B: T, D, F }, dtype), hw), hw.name).toBe('compute');
  });

  it('a bigger decode batch raises the intensity about linearly (intensity ≈ B while B ≪ D, F)', () => {
    const at1 = matmulIntensity({ B: 1, D, F }, dtype);
    for (const B of [2, 4, 8, 16, 32]) {
      const ratio = matmulIntensity({ B, D, F }, dtype) / at1;
      expect(ratio, `intensity(B=${B}) / intensity(B=1)`).toBeGreaterThan(0.98 * B);
      expect(ratio, `intensity(B=${B}) / intensity(B=1)`).toBeLessThanOrEqual(B);
    }
  });

  it('decode turns compute-bound exactly at the critical batch (328 on the H100, 262 on the TPU v5e)', () => {
    const cases = [
      [H100, spec.number('critical_batch', 'H100_memory_bound_at'), spec.number('critical_batch', 'H100_compute_bound_at')],
      [TPU_V5E, spec.number('critical_batch', 'TPU_v5e_memory_bound_at'), spec.number('critical_batch', 'TPU_v5e_compute_bound_at')],
    ] as const;
    for (const [hw, below, above] of cases) {
      expect(bottleneck(matmulIntensity({ B: below, D, F }, dtype), hw), `${hw.name} B=${below}`).toBe('memory');
      expect(bottleneck(matmulIntensity({ B: above, D, F }, dtype), hw), `${hw.name} B=${above}`).toBe('compute');
    }
  });

  it('decodeStepSeconds at batch 1 is the time to read the weights and the KV cache (Llama-2-7B, bf16, T = 4096, H100)', () => {
    const opts = { B: spec.number('decode', 'B'), T: spec.number('decode', 'T'), dtype: decode.dtype as DType };
    expectCloseNumber('decodeStepSeconds: every weight of paramCount and every cached K and V, read once', decodeStepSeconds(LLAMA_7B, opts, H100), spec.number('decode', 'memory_seconds'), { rtol: 1e-9 });
    expectCloseNumber('with unlimited FLOP/s only the reading is left', decodeStepSeconds(LLAMA_7B, opts, withoutComputeLimit(H100)), spec.number('decode', 'memory_seconds'), { rtol: 1e-9 });
  });

  it('decodeStepSeconds with unlimited bandwidth is the arithmetic alone: each token at forwardFlopsPerToken, at peak FLOP/s', () => {
    const opts = { B: spec.number('decode', 'B'), T: spec.number('decode', 'T'), dtype: decode.dtype as DType };
    expectCloseNumber('Llama-2-7B, B=1, T=4096', decodeStepSeconds(LLAMA_7B, opts, withoutMemoryLimit(H100)), spec.number('decode', 'compute_seconds'), { rtol: 1e-9 });
    const B = 48;
    const perToken = decodeStepSeconds(LLAMA_7B, { ...opts, B: 1 }, withoutMemoryLimit(H100));
    expectCloseNumber(`B=${B}: every sequence's token`, decodeStepSeconds(LLAMA_7B, { ...opts, B }, withoutMemoryLimit(H100)), B * perToken, { rtol: 1e-12 });
  });

  it('decodeStepSeconds takes the slower of its two bounds, never their sum: they overlap', () => {
    for (const [B, T] of [[1, 4096], [4096, 1], [256, 512]] as const) {
      const opts = { B, T, dtype: 'bf16' as const };
      const compute = decodeStepSeconds(LLAMA_7B, opts, withoutMemoryLimit(H100));
      const memory = decodeStepSeconds(LLAMA_7B, opts, withoutComputeLimit(H100));
      const slower = compute > memory ? compute : memory;
      expectCloseNumber(`B=${B}, T=${T}: compute ${compute} s, memory ${memory} s`, decodeStepSeconds(LLAMA_7B, opts, H100), slower, { rtol: 1e-12 });
    }
  });

  it('decodeStepSeconds reads the KV cache of every sequence: doubling T adds 64 times as much reading at B = 64 as at B = 1', () => {
    for (const hw of HARDWARE) {
      const reading = (B: number, T: number) => decodeStepSeconds(LLAMA_7B, { B, T, dtype: 'fp16' }, withoutComputeLimit(hw));
      const extra = (B: number) => reading(B, 4096) - reading(B, 2048);
      expectCloseNumber(`${hw.name}: extra reading at B = 64 over B = 1`, extra(64) / extra(1), 64, { rtol: 1e-9 });
    }
  });

  it('decodeStepSeconds reads the weights at the dtype\'s size: fp32 weights take twice as long as bf16 at batch 1, T = 1', () => {
    const seconds = (dt: DType) => decodeStepSeconds(TINY_LLAMA, { B: 1, T: 1, dtype: dt }, H100);
    expectCloseNumber('fp32 / bf16', seconds('fp32') / seconds('bf16'), 2);
  });
});
