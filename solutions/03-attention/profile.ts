/**
 * Week 3's profile (author material): the batched ops' FLOP conventions, and one causal attention
 * head's forward pass counted as it ran, with what it keeps for the backward pass.
 */
import { createRng, randn } from '../../harness/runtime/index.ts';
import { defineProfile, elements, rules, shapeOf } from '../../harness/author.ts';
import type * as attention from './attention.ts';

type Modules = { attention: typeof attention };

const dims = { B: 2, T: 8, D: 16, d_k: 8, d_v: 8 };

export default defineProfile<Modules>({
  ops: {
    attention: {
      batchedMatmul: rules.matmul('2·m·k·n per batch element'),
      batchedTranspose: rules.movement(),
      attentionForward: {
        kind: 'own',
        convention: '1 per score (the 1/√d_k scaling)',
        flops: (_args, result) => elements(shapeOf((result as { scores?: unknown } | null)?.scores) ?? [0]),
      },
    },
  },
  predictions: { 'forward-flops': { case: 'attention-forward', measure: 'flops' }, 'saved-bytes': { case: 'attention-forward', measure: 'held' } },
  cases: (profile) => [
    profile({
      id: 'attention-forward',
      label: `attentionForward, causal, B=${dims.B}, T=${dims.T}, D=${dims.D}, d_k=${dims.d_k}, d_v=${dims.d_v}`,
      setup: (m) => ({ x: randn([dims.B, dims.T, dims.D], createRng(1)), params: m.attention.initAttention(dims, 2) }),
      run: (m, s) => m.attention.attentionForward(s.x, s.params, { causal: true }),
      // what the backward pass reads: x and the forward's q, k, v and weights
      held: (s, result) => {
        const { q, k, v, weights } = result as ReturnType<typeof attention.attentionForward>;
        return { x: s.x, q, k, v, weights };
      },
      formulas: {
        flops: { from: 'attentionFlops(...).total', value: (m) => m.attention.attentionFlops(dims).total },
        held: { from: 'attentionMemory(fp64).saved: x, q, k, v, weights', value: (m) => m.attention.attentionMemory(dims, 'fp64').saved },
      },
    }),
  ],
});
