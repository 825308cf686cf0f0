/**
 * Week 4 on the clock (`npm run bench`): the next token of a small decoder after t tokens of context,
 * with your KV cache (nearly flat in t) and by recomputing the whole sequence (growing with t), and a
 * batch sweep: B sequences decoding together at fixed t, where the roofline says the time per step
 * stays flat while the step waits on reading the weights and the cache, then grows with B. Against
 * your decodeStepFlops, decoderParamCount and kvCacheBytes. Author material (solutions/), like the mutants: the bench
 * passes in your modules (or the reference with --reference).
 */
import { defineBench, type Formula } from '../../harness/author.ts';
import type * as decoder from './decoder.ts';
import type * as kvcache from './kvcache.ts';

type Modules = { decoder: typeof decoder; kvcache: typeof kvcache };

const CONFIG: decoder.DecoderConfig = { V: 64, T_max: 256, D: 64, n_heads: 4, D_ff: 256, n_layers: 2 };
const CONTEXTS = [16, 32, 64, 128];
const SWEEP_T = 64;
const BATCHES = [1, 2, 4, 8, 16, 32];

/** The decoder's weights, made once per bench process and shared by every case. */
let weights: decoder.DecoderParams | undefined;
const params = (m: Modules): decoder.DecoderParams => (weights ??= m.decoder.initDecoder(CONFIG, 5));

const prompt = (t: number, offset = 0): number[] => Array.from({ length: t }, (_, i) => (7 * i + 3 + offset) % CONFIG.V);

/** Every weight read once per step, fp64. */
const weightBytes = (m: Modules): number => m.decoder.decoderParamCount(CONFIG) * 8;
/** Every cached K and V of B sequences of t tokens, fp64. */
const kvBytes = (m: Modules, B: number, t: number): number =>
  m.kvcache.kvCacheBytes({ B, T: t, n_layers: CONFIG.n_layers, n_kv_heads: CONFIG.n_heads, d_head: CONFIG.D / CONFIG.n_heads }, 'fp64');
/**
 * The weights read once, and three passes over the cache: decoderBlock returns a new K and V of
 * t + 1 positions, so a step reads the t cached ones to copy them, writes the t + 1, and attention
 * reads those again. (Counting the cache once predicted ×1.22 from t = 16 to 128; the clock said ×1.5–1.8.)
 */
const cachedBytes = (B: number, t: number): Formula<Modules> => ({
  from: 'decoderParamCount · 8 + kvCacheBytes(B, t) + 2 · kvCacheBytes(B, t + 1), fp64 (week 4)',
  value: (m) => weightBytes(m) + kvBytes(m, B, t) + 2 * kvBytes(m, B, t + 1),
});

/**
 * A timed run is a window of WINDOW decode steps from t − WINDOW/2 on a fresh copy of a filled cache
 * (decodeStep appends to it): the cache is warm, as in a generation loop, and since a step's cost
 * grows linearly with t the window's mean step costs what the step at t does.
 */
const WINDOW = 16;

function filledCache(m: Modules, B: number, t: number): kvcache.KVCache {
  const cache = m.kvcache.createKVCache(CONFIG, B);
  m.kvcache.prefill(params(m), Array.from({ length: B }, (_, b) => prompt(t - WINDOW / 2, b)), cache);
  return cache;
}

function decodeWindow(m: Modules, cache: kvcache.KVCache, B: number): void {
  const tokens = Array.from({ length: B }, () => 1);
  for (let i = 0; i < WINDOW; i++) m.kvcache.decodeStep(params(m), tokens, cache);
}

export default defineBench<Modules>({
  decode: {
    title: `the next token of a decoder (V ${CONFIG.V}, D ${CONFIG.D}, ${CONFIG.n_heads} heads, D_ff ${CONFIG.D_ff}, ${CONFIG.n_layers} layers) after t tokens, with and without the KV cache; then B sequences at t = ${SWEEP_T}`,
    bytes: 'the weights (decoderParamCount · 8) read once, and the KV cache (kvCacheBytes, fp64) three times per step: read to copy it into the grown K and V that decoderBlock returns, the grown one written, then read by attention; recompute reads the weights only',
    sweep: 'decode batch',
    cases: (kernel) => [
      ...CONTEXTS.map((t) =>
        kernel({
          id: `decode-cache-${t}`,
          series: 'decode with KV cache',
          label: `next token, KV cache, t=${t}`,
          x: t,
          xName: 't',
          flops: { from: 'decodeStepFlops(config, t, { cache: true }) (week 4)', value: (m) => m.kvcache.decodeStepFlops(CONFIG, t, { cache: true }) },
          bytes: cachedBytes(1, t),
          setup: (m) => filledCache(m, 1, t),
          fresh: (cache) => structuredClone(cache),
          run: (m, cache) => decodeWindow(m, cache, 1),
          steps: WINDOW,
        }),
      ),
      ...CONTEXTS.map((t) =>
        kernel({
          id: `decode-recompute-${t}`,
          series: 'decode without cache',
          label: `next token, recompute, t=${t}`,
          x: t,
          xName: 't',
          flops: { from: 'decodeStepFlops(config, t, { cache: false }) (week 4)', value: (m) => m.kvcache.decodeStepFlops(CONFIG, t, { cache: false }) },
          bytes: { from: 'decoderParamCount · 8 (week 4)', value: weightBytes },
          setup: () => [[...prompt(t), 1]],
          run: (m, tokens) => m.decoder.decoderForward(params(m), tokens),
        }),
      ),
      ...BATCHES.map((B) =>
        kernel({
          id: `decode-batch-${B}`,
          series: 'decode batch',
          label: `next token, KV cache, t=${SWEEP_T}, B=${B}`,
          x: B,
          xName: 'B',
          flops: { from: 'B · decodeStepFlops(config, t, { cache: true }) (week 4)', value: (m) => B * m.kvcache.decodeStepFlops(CONFIG, SWEEP_T, { cache: true }) },
          bytes: cachedBytes(B, SWEEP_T),
          setup: (m) => filledCache(m, B, SWEEP_T),
          fresh: (cache) => structuredClone(cache),
          run: (m, cache) => decodeWindow(m, cache, B),
          steps: WINDOW,
        }),
      ),
    ],
  },
});
