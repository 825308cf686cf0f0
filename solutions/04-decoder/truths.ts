/**
 * Week 4's prediction truths (a course file, like the tests): each question's answer, computed by
 * the graded decoder and kvcache modules once the question's module passes every check. The bench
 * questions take theirs from `npm run bench` instead.
 */
import { createRng, randn, zeros } from '../../harness/runtime/index.ts';
import { defineTruths, type Given } from '../../harness/author.ts';
import type * as decoder from './decoder.ts';
import type * as kvcache from './kvcache.ts';

type Modules = { decoder: typeof decoder; kvcache: typeof kvcache };

/** The full configuration a question gives. */
function config(given: Given): decoder.DecoderConfig {
  return { V: given('V'), T_max: given('T_max'), D: given('D'), n_heads: given('n_heads'), D_ff: given('D_ff'), n_layers: given('n_layers') };
}

/** A small decoder with the dims a shape question gives; the ones it leaves out do not change the shape asked for. */
function shapeConfig(given: Given, T_max: number, n_layers = 1): decoder.DecoderConfig {
  return { V: 5, T_max, D: given('D'), n_heads: given('n_heads'), D_ff: 4, n_layers };
}

/** FLOPs per byte of one cached decode step of B sequences at t, weights and cache in fp16, each read once. */
function decodeIntensity({ decoder, kvcache }: Modules, c: decoder.DecoderConfig, B: number, t: number): number {
  const flops = B * kvcache.decodeStepFlops(c, t, { cache: true });
  const bytes = decoder.decoderParamCount(c) * 2 + kvcache.kvCacheBytes({ B, T: t, n_layers: c.n_layers, n_kv_heads: c.n_heads, d_head: c.D / c.n_heads }, 'fp16');
  return flops / bytes;
}

/** The smallest whole n ≥ 1 for which holds(n), by doubling then bisection (holds is monotone in n); an error past 2^40. */
function smallest(holds: (n: number) => boolean): number {
  let high = 1;
  while (!holds(high)) {
    high *= 2;
    if (high > 2 ** 40) throw new Error('no value up to 2^40 satisfies the condition');
  }
  let low = high / 2; // holds(low) is false, or low < 1
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (holds(mid)) high = mid;
    else low = mid;
  }
  return high;
}

export default defineTruths<Modules>({
  'step-scores-shape': ({ decoder }, given) => {
    const [B, t] = [given('B'), given('t')];
    const c = shapeConfig(given, t + 1);
    const past = () => zeros([B, c.n_heads, t, c.D / c.n_heads]);
    const layer = decoder.initDecoder(c, 1).layers[0]!;
    return decoder.multiHeadAttention(randn([B, 1, c.D], createRng(2)), layer, c.n_heads, { k: past(), v: past() }).scores.shape;
  },
  'cache-shape': ({ decoder, kvcache }, given) => {
    const [B, T] = [given('B'), given('T')];
    const c = shapeConfig(given, T, given('n_layers'));
    const cache = kvcache.createKVCache(c, B);
    const rng = createRng(3);
    kvcache.prefill(decoder.initDecoder(c, 1), Array.from({ length: B }, () => Array.from({ length: T }, () => rng.int(c.V))), cache);
    return cache.layers[0]!.k.shape;
  },
  'param-count': ({ decoder }, given) => decoder.decoderParamCount(config(given)),
  'kv-bytes': ({ kvcache }, given) =>
    kvcache.kvCacheBytes({ B: given('B'), T: given('T'), n_layers: given('n_layers'), n_kv_heads: given('n_kv_heads'), d_head: given('d_head') }, 'fp16'),
  'cached-step-flops': ({ kvcache }, given) => kvcache.decodeStepFlops(config(given), given('t'), { cache: true }),
  'cached-flops-growth': ({ kvcache }, given) =>
    kvcache.decodeStepFlops(config(given), given('t2'), { cache: true }) / kvcache.decodeStepFlops(config(given), given('t1'), { cache: true }),
  'decode-bound': (modules, given) => (decodeIntensity(modules, config(given), given('B'), given('t')) > given('balance') ? 'compute' : 'memory'),
  'cache-outgrows-weights': ({ decoder, kvcache }, given) => {
    const c = config(given);
    const weights = decoder.decoderParamCount(c) * 2;
    return smallest((T) => kvcache.kvCacheBytes({ B: given('B'), T, n_layers: c.n_layers, n_kv_heads: c.n_heads, d_head: c.D / c.n_heads }, 'fp16') >= weights);
  },
  'decode-compute-bound-batch': (modules, given) => smallest((B) => decodeIntensity(modules, config(given), B, given('t')) > given('balance')),
});
