/**
 * Week 4's profile (author material): LayerNorm's FLOP convention and the arithmetic the decoder's
 * own loops do, then one decode step at several context lengths t, with and without the KV cache:
 * the FLOPs it ran against decodeStepFlops, the bytes it allocated and the cache it keeps against
 * kvCacheBytesHeld, and, traced, how many passes over the cache one step makes.
 */
import { KiB } from '../../harness/runtime/index.ts';
import { defineProfile, elements, rules, shapeOf, type ProfileCase } from '../../harness/author.ts';
import type * as decoder from './decoder.ts';
import type * as kvcache from './kvcache.ts';

type Modules = { decoder: typeof decoder; kvcache: typeof kvcache };

const config: decoder.DecoderConfig = { V: 16, T_max: 64, D: 16, n_heads: 2, D_ff: 32, n_layers: 2 };
const B = 1;
const CONTEXTS = [8, 16, 32];

/** t prompt tokens, the same on every run. */
const prompt = (t: number): number[][] => [Array.from({ length: t }, (_, i) => (i * 7 + 3) % config.V)];

export default defineProfile<Modules>({
  ops: {
    decoder: {
      layerNorm: rules.perOutput(7, '7 per element (mean, subtract, square, sum, divide, gain, bias)'),
      multiHeadAttention: {
        kind: 'own',
        convention: '1 per score (the 1/√d_head scaling)',
        flops: (_args, result) => elements(shapeOf((result as { scores?: unknown } | null)?.scores) ?? [0]),
      },
      decoderBlock: {
        kind: 'own',
        convention: '2 per output element (the two residual adds)',
        flops: (_args, result) => 2 * elements(shapeOf((result as { out?: unknown } | null)?.out) ?? [0]),
      },
      embed: rules.perOutput(1, '1 per output element (the position add)', 'own'),
    },
  },
  predictions: { 'cached-step-flops': { case: 'decode-cache-16', measure: 'flops' }, 'kv-bytes': { case: 'decode-cache-16', measure: 'held' } },
  cases: (profile) => {
    const cached = CONTEXTS.map(
      (t): ProfileCase<Modules> =>
        profile({
          id: `decode-cache-${t}`,
          label: `decodeStep with ${t} positions cached (B=${B}, D=${config.D}, n_heads=${config.n_heads}, n_layers=${config.n_layers}, V=${config.V})`,
          series: 'decodeStep with the KV cache',
          x: t,
          xName: 't',
          setup: (m) => {
            const params = m.decoder.initDecoder(config, 1);
            const cache = m.kvcache.createKVCache(config, B);
            m.kvcache.prefill(params, prompt(t), cache);
            return { params, cache };
          },
          run: (m, s) => m.kvcache.decodeStep(s.params, [5], s.cache),
          held: (s) => s.cache,
          formulas: {
            flops: { from: `decodeStepFlops(config, ${t}, { cache: true })`, value: (m) => B * m.kvcache.decodeStepFlops(config, t, { cache: true }) },
            held: { from: 'kvCacheBytesHeld(the cache after the step, fp64)', value: (m, s) => m.kvcache.kvCacheBytesHeld(s.cache, 'fp64') },
          },
          traffic: { fullyAssociative: [32 * KiB], l1d: true, passesOver: (s) => s.cache.layers },
        }),
    );
    const recomputed = CONTEXTS.slice(0, 2).map(
      (t): ProfileCase<Modules> =>
        profile({
          id: `decode-recompute-${t}`,
          label: `decoderForward on ${t + 1} tokens: the next token without a cache`,
          series: 'decoderForward without a cache',
          x: t,
          xName: 't',
          setup: (m) => ({ params: m.decoder.initDecoder(config, 1), tokens: [[...prompt(t)[0]!, 5]] }),
          run: (m, s) => m.decoder.decoderForward(s.params, s.tokens),
          formulas: { flops: { from: `decodeStepFlops(config, ${t}, { cache: false })`, value: (m) => B * m.kvcache.decodeStepFlops(config, t, { cache: false }) } },
        }),
    );
    return [...cached, ...recomputed];
  },
});
