/**
 * The truths of week 5's predictions (predictions.yaml), each computed by your own scale.ts once it
 * passes every check: the grader loads your module (or the reference) and passes it in. The numbers
 * come from each question's `given` in spec.md. Author material (solutions/).
 */
import { defineTruths, type Given } from '../../harness/author.ts';
import type * as scale from './scale.ts';

type Modules = { scale: typeof scale };

/** The Llama-style model a question describes. */
const llama = (given: Given): scale.ModelConfig => ({
  family: 'llama',
  V: given('V'),
  D: given('D'),
  n_layers: given('n_layers'),
  n_heads: given('n_heads'),
  n_kv_heads: given('n_kv_heads'),
  D_ff: given('D_ff'),
});

/** The GPT-2-style model a question describes: biases on, head tied to wte. */
const gpt2 = (given: Given): scale.ModelConfig => ({
  family: 'gpt2',
  V: given('V'),
  T_max: given('T_max'),
  D: given('D'),
  n_layers: given('n_layers'),
  n_heads: given('n_heads'),
  D_ff: given('D_ff'),
  bias: true,
});

/** The machine a question names, from its datasheet units (TFLOP/s and GB/s, powers of 1000). */
const machine = (given: Given): scale.Hardware => ({
  name: 'NVIDIA A100 SXM',
  flopsPerSecond: given('peak_TFLOPs') * 1e12,
  bytesPerSecond: given('bandwidth_GBps') * 1e9,
});

/** The spec's NVIDIA H100 SXM: dense bf16 peak and HBM3 bandwidth. */
const H100: scale.Hardware = { name: 'NVIDIA H100 SXM', flopsPerSecond: 9.89e14, bytesPerSecond: 3.35e12 };

/** The smallest whole n ≥ 1 for which holds(n) (holds is monotone in n), by doubling then bisection; an error past 2^40. */
function smallest(holds: (n: number) => boolean): number {
  let high = 1;
  while (!holds(high)) {
    high *= 2;
    if (high > 2 ** 40) throw new Error('no value up to 2^40 satisfies the condition');
  }
  let low = high / 2;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (holds(mid)) high = mid;
    else low = mid;
  }
  return high;
}

export default defineTruths<Modules>({
  'gpt2-style-params': ({ scale }, given) => scale.paramCount(gpt2(given)),

  // One layer's K tensor is laid out [B, K/V heads, T, d_head]. How many K/V heads a layer caches is
  // read off your kvCacheBytesPerToken: its bytes against those of a cache with a K/V head for every
  // query head (n_heads of them).
  'k-cache-shape': ({ scale }, given) => {
    const model = llama(given);
    const everyHead = { ...model, n_kv_heads: given('n_heads') };
    const kvHeads = (given('n_heads') * scale.kvCacheBytesPerToken(model, 'bf16')) / scale.kvCacheBytesPerToken(everyHead, 'bf16');
    return [given('B'), kvHeads, given('T'), given('D') / given('n_heads')];
  },

  'kv-cache-bytes': ({ scale }, given) => given('B') * given('T') * scale.kvCacheBytesPerToken(llama(given), 'bf16'),

  'forward-flops-per-token': ({ scale }, given) => scale.forwardFlopsPerToken(llama(given), given('T')),

  'context-flops-growth': ({ scale }, given) =>
    scale.forwardFlopsPerToken(llama(given), given('T_long')) / scale.forwardFlopsPerToken(llama(given), given('T_short')),

  'training-flops': ({ scale }, given) => scale.trainingFlops(gpt2(given), given('billion_tokens') * 1e9),

  'training-memory': ({ scale }, given) => scale.trainingMemoryBytes(llama(given), 'mixed-adam'),

  'a100-matmul-bottleneck': ({ scale }, given) =>
    scale.bottleneck(scale.matmulIntensity({ B: given('B'), D: given('D'), F: given('F') }, 'bf16'), machine(given)),

  'decode-compute-bound-batch': ({ scale }, given) => {
    const opts = (B: number) => ({ B, T: given('T'), dtype: 'bf16' as const });
    // The arithmetic's bound alone (unlimited bandwidth) against the memory's alone (unlimited FLOP/s).
    const compute = (B: number) => scale.decodeStepSeconds(llama(given), opts(B), { ...H100, bytesPerSecond: Infinity });
    const memory = (B: number) => scale.decodeStepSeconds(llama(given), opts(B), { ...H100, flopsPerSecond: Infinity });
    return smallest((B) => compute(B) > memory(B));
  },

  'largest-training-batch': ({ scale }, given) => {
    const model = llama(given);
    const fits = (B: number) =>
      scale.trainingMemoryBytes(model, 'mixed-adam') + scale.activationBytes(model, { B, T: given('T'), dtype: 'bf16', recompute: true }) <= given('GiB') * 2 ** 30;
    return smallest((B) => !fits(B)) - 1;
  },

  'llama2-13b-training-memory': ({ scale }, given) =>
    scale.trainingMemoryBytes(llama(given), 'mixed-adam') + scale.activationBytes(llama(given), { B: given('B'), T: given('T'), dtype: 'bf16', recompute: false }),

  'llama2-13b-training-memory-recompute': ({ scale }, given) =>
    scale.trainingMemoryBytes(llama(given), 'mixed-adam') + scale.activationBytes(llama(given), { B: given('B'), T: given('T'), dtype: 'bf16', recompute: true }),

  'llama2-13b-step-seconds': ({ scale }, given) => {
    const cluster = { name: `${given('gpus')} × NVIDIA H100 SXM`, flopsPerSecond: given('gpus') * H100.flopsPerSecond, bytesPerSecond: given('gpus') * H100.bytesPerSecond };
    return scale.trainingStepSeconds(llama(given), { B: given('B'), T: given('T') }, cluster, given('mfu_percent') / 100);
  },

  'decode-batch-growth': ({ scale }, given) => {
    const model = llama(given);
    const step = (B: number) => scale.decodeStepSeconds(model, { B, T: given('T'), dtype: 'bf16' }, machine(given));
    return step(given('B')) / step(1);
  },
});
