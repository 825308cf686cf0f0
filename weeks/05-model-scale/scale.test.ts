import { describe, expect, it } from 'vitest';
import { bytesPerElement, DTYPES, GiB, type DType } from '../../harness/runtime/index.ts';
import { expectCloseNumber } from '../../harness/testing/close.ts';
import { evalDim } from '../../harness/course/dims.ts';
import { readWeekSpec } from '../../harness/testing/spec.ts';
import {
  bottleneck,
  decodeStepSeconds,
  forwardFlopsPerToken,
  matmulIntensity,
  paramCount,
  trainingFlops,
  trainingMemoryBytes,
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
const HARDWARE = (spec.example('hardware').machines as Hardware[]);

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

const trustedKvPerToken = (c: ModelConfig, dtype: DType): number => 2 * c.n_layers * kvHeads(c) * dHead(c) * bytesPerElement(dtype);

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
    expect(spec.number('llama2_7b', 'kv_bytes_per_token_fp16'), 'spec').toBe(trustedKvPerToken(LLAMA_7B, 'fp16'));
    expect(kvCacheBytesPerToken(LLAMA_7B, 'fp16')).toBe(spec.number('llama2_7b', 'kv_bytes_per_token_fp16'));
    expect(4096 * kvCacheBytesPerToken(LLAMA_7B, 'fp16')).toBe(2 * GiB);
  });

  it('kvCacheBytesPerToken counts n_kv_heads, not n_heads (grouped-query Llama-2-70B: 8 K/V heads for 64 query heads)', () => {
    expect(spec.number('llama2_70b', 'kv_bytes_per_token_fp16'), 'spec').toBe(trustedKvPerToken(LLAMA_70B, 'fp16'));
    expect(kvCacheBytesPerToken(LLAMA_70B, 'fp16')).toBe(spec.number('llama2_70b', 'kv_bytes_per_token_fp16'));
    expect(kvCacheBytesPerToken(TINY_LLAMA, 'fp32'), 'tiny Llama, n_kv_heads 2 of 8').toBe(trustedKvPerToken(TINY_LLAMA, 'fp32'));
  });

  it('kvCacheBytesPerToken takes each dtype\'s bytes per element, and caches a K and a V for every GPT-2 head', () => {
    expect(kvCacheBytesPerToken(GPT2_SMALL, 'fp16')).toBe(spec.number('gpt2_small', 'kv_bytes_per_token_fp16'));
    for (const dtype of DTYPES) {
      for (const c of [GPT2_SMALL, TINY_GPT2, TINY_LLAMA]) expect(kvCacheBytesPerToken(c, dtype), `${c.family} ${dtype}`).toBe(trustedKvPerToken(c, dtype));
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
});

describe('flops', { tags: ['flops'] }, () => {
  it('forwardFlopsPerToken matches the worked example for GPT-2 small at T = 1024', () => {
    expect(spec.number('gpt2_small', 'non_embedding'), 'spec N').toBe(nonEmbedding(GPT2_SMALL));
    const expected = 2 * nonEmbedding(GPT2_SMALL) + 2 * GPT2_SMALL.n_layers * 1024 * GPT2_SMALL.D;
    expect(spec.number('gpt2_small', 'forward_flops_per_token_at_T_max'), 'spec').toBe(expected);
    expect(forwardFlopsPerToken(GPT2_SMALL, 1024)).toBe(expected);
  });

  it('forwardFlopsPerToken leaves out the embeddings and Llama\'s untied output head from N (Llama-2-7B at T = 4096)', () => {
    expect(spec.number('llama2_7b', 'non_embedding'), 'spec N').toBe(nonEmbedding(LLAMA_7B));
    const expected = 2 * nonEmbedding(LLAMA_7B) + 2 * LLAMA_7B.n_layers * 4096 * LLAMA_7B.D;
    expect(spec.number('llama2_7b', 'forward_flops_per_token_at_T_4096'), 'spec').toBe(expected);
    expect(forwardFlopsPerToken(LLAMA_7B, 4096)).toBe(expected);
  });

  it('forwardFlopsPerToken at T = 0 is the arithmetic of the weights alone, biases and norm gains included', () => {
    for (const c of [GPT2_SMALL, GPT2_NO_BIAS, TINY_GPT2, TINY_LLAMA]) expect(forwardFlopsPerToken(c, 0), JSON.stringify(c)).toBe(2 * nonEmbedding(c));
  });

  it('forwardFlopsPerToken adds the same attention arithmetic for every extra token of context, averaged over the causal mask', () => {
    for (const c of [GPT2_SMALL, LLAMA_70B, TINY_LLAMA]) {
      for (const T of [1, 100, 5000]) {
        expect(forwardFlopsPerToken(c, T + 1) - forwardFlopsPerToken(c, T), `${c.family} T=${T}`).toBe(2 * c.n_layers * c.D);
      }
    }
  });

  it('trainingFlops matches the worked example for GPT-2 small, PaLM\'s count at T = T_max', () => {
    const perToken = 6 * nonEmbedding(GPT2_SMALL) + 12 * GPT2_SMALL.n_layers * GPT2_SMALL.n_heads * dHead(GPT2_SMALL) * 1024;
    expect(spec.number('gpt2_small', 'training_flops_per_token'), 'spec').toBe(perToken);
    expect(trainingFlops(GPT2_SMALL, 1)).toBe(perToken);
    const tokens = spec.number('training_flops', 'tokens');
    expect(spec.number('training_flops', 'flops'), 'spec').toBe(tokens * perToken);
    expect(trainingFlops(GPT2_SMALL, tokens)).toBe(spec.number('training_flops', 'flops'));
  });

  it('trainingFlops\'s attention term is twice Kaplan\'s: PaLM counts the masked half of the scores too', () => {
    for (const c of [GPT2_SMALL, TINY_GPT2]) {
      if (c.family !== 'gpt2') continue;
      const kaplanThreeForwards = 3 * forwardFlopsPerToken(c, c.T_max);
      expect(trainingFlops(c, 1) - kaplanThreeForwards, JSON.stringify(c)).toBe(6 * c.n_layers * c.T_max * c.D);
    }
  });

  it('trainingFlops for Llama has no attention term: its configuration names no context length', () => {
    for (const c of [LLAMA_7B, TINY_LLAMA]) expect(trainingFlops(c, 1000), c.family).toBe(1000 * 6 * nonEmbedding(c));
  });

  it('trainingFlops is proportional to the number of tokens', () => {
    for (const c of [TINY_GPT2, TINY_LLAMA]) {
      expect(trainingFlops(c, 0), 'no tokens, no FLOPs').toBe(0);
      expect(trainingFlops(c, 3000)).toBe(3 * trainingFlops(c, 1000));
    }
  });
});

describe('behaviour', { tags: ['behaviour'] }, () => {
  const cb = spec.example('critical_batch');
  const D = spec.number('critical_batch', 'D');
  const F = spec.number('critical_batch', 'F');
  const dtype = cb.dtype as DType;
  const trustedIntensity = (B: number, d: number, f: number, b: number): number => (2 * B * d * f) / (b * (B * d + d * f + B * f));

  it('matmulIntensity is the matmul\'s FLOPs over the bytes of reading both inputs and writing the output once', () => {
    for (const [B, d, f] of [[1, 4096, 11008], [7, 3, 5], [512, 768, 3072], [2048, 4096, 11008]] as const) {
      for (const dt of DTYPES) expectCloseNumber(`intensity B=${B} D=${d} F=${f} ${dt}`, matmulIntensity({ B, D: d, F: f }, dt), trustedIntensity(B, d, f, bytesPerElement(dt)));
    }
  });

  it('bottleneck compares the intensity with each machine\'s ridge point, and calls a tie memory-bound', () => {
    for (const hw of HARDWARE) {
      const ridge = hw.flopsPerSecond / hw.bytesPerSecond;
      expect(bottleneck(ridge * 0.9, hw), `${hw.name} below the ridge`).toBe('memory');
      expect(bottleneck(ridge * 1.1, hw), `${hw.name} above the ridge`).toBe('compute');
    }
    const flat: Hardware = { name: 'ridge 100', flopsPerSecond: 1e12, bytesPerSecond: 1e10 };
    expect(bottleneck(50, flat), 'ridge 100, intensity 50').toBe('memory');
    expect(bottleneck(150, flat), 'ridge 100, intensity 150').toBe('compute');
    expect(bottleneck(100, flat), 'exactly at the ridge: memory-bound, as the spec says').toBe('memory');
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
      const ridge = hw.flopsPerSecond / hw.bytesPerSecond;
      expect(trustedIntensity(below, D, F, 2), `spec: B=${below} below ${hw.name}'s ridge`).toBeLessThan(ridge);
      expect(trustedIntensity(above, D, F, 2), `spec: B=${above} above ${hw.name}'s ridge`).toBeGreaterThan(ridge);
      expect(bottleneck(matmulIntensity({ B: below, D, F }, dtype), hw), `${hw.name} B=${below}`).toBe('memory');
      expect(bottleneck(matmulIntensity({ B: above, D, F }, dtype), hw), `${hw.name} B=${above}`).toBe('compute');
    }
  });

  it('decodeStepSeconds at batch 1 is the time to read the weights and the KV cache (Llama-2-7B, bf16, T = 4096, H100)', () => {
    const { B, T } = { B: spec.number('decode', 'B'), T: spec.number('decode', 'T') };
    const bytes = ledgerParams(LLAMA_7B) * 2 + B * T * trustedKvPerToken(LLAMA_7B, 'bf16');
    const flops = B * (2 * nonEmbedding(LLAMA_7B) + 2 * LLAMA_7B.n_layers * T * LLAMA_7B.D);
    expectCloseNumber('spec memory_seconds', spec.number('decode', 'memory_seconds'), bytes / H100.bytesPerSecond);
    expectCloseNumber('spec compute_seconds', spec.number('decode', 'compute_seconds'), flops / H100.flopsPerSecond);
    expectCloseNumber('decodeStepSeconds', decodeStepSeconds(LLAMA_7B, { B, T, dtype: 'bf16' }, H100), bytes / H100.bytesPerSecond);
  });

  it('decodeStepSeconds is the compute time when a huge batch of short contexts makes arithmetic the slower part', () => {
    const B = 4096;
    const flops = B * (2 * nonEmbedding(LLAMA_7B) + 2 * LLAMA_7B.n_layers * 1 * LLAMA_7B.D);
    const bytes = ledgerParams(LLAMA_7B) * 2 + B * 1 * trustedKvPerToken(LLAMA_7B, 'bf16');
    expect(flops / H100.flopsPerSecond, 'compute is the larger here').toBeGreaterThan(bytes / H100.bytesPerSecond);
    expectCloseNumber('decodeStepSeconds', decodeStepSeconds(LLAMA_7B, { B, T: 1, dtype: 'bf16' }, H100), flops / H100.flopsPerSecond);
  });

  it('decodeStepSeconds reads the KV cache of every sequence: doubling T at B = 64 adds the cache of all 64 sequences to the reading', () => {
    for (const hw of HARDWARE) {
      const t1 = decodeStepSeconds(LLAMA_7B, { B: 64, T: 2048, dtype: 'fp16' }, hw);
      const t2 = decodeStepSeconds(LLAMA_7B, { B: 64, T: 4096, dtype: 'fp16' }, hw);
      expectCloseNumber(`${hw.name} extra seconds`, t2 - t1, (64 * 2048 * trustedKvPerToken(LLAMA_7B, 'fp16')) / hw.bytesPerSecond, { rtol: 1e-9 });
    }
  });

  it('decodeStepSeconds reads the weights at the dtype\'s size: fp32 weights take twice as long as bf16 at batch 1, T = 1', () => {
    const seconds = (dt: DType) => decodeStepSeconds(TINY_LLAMA, { B: 1, T: 1, dtype: dt }, H100);
    expectCloseNumber('fp32 / bf16', seconds('fp32') / seconds('bf16'), 2);
    expectCloseNumber('bf16 seconds', seconds('bf16'), (2 * ledgerParams(TINY_LLAMA) + trustedKvPerToken(TINY_LLAMA, 'bf16')) / H100.bytesPerSecond);
  });
});
