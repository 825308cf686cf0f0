/**
 * Week 7's prediction truths: each question's answer, computed by the graded week 7 modules once the
 * question's module passes every check. Author material (solutions/), like the mutants: the grader
 * passes in your modules.
 */
import { createRng, full, randn, zeros } from '../../harness/runtime/index.ts';
import { defineTruths, type Given } from '../../harness/author.ts';
import type { DecoderConfig, DecoderParams } from '../04-decoder/decoder.ts';
import type * as layernorm from './layernorm.ts';
import type * as backprop from './backprop.ts';
import type * as adamw from './adamw.ts';
import type * as data from './data.ts';
import type * as budget from './budget.ts';
import type * as sample from './sample.ts';

type Modules = { layernorm: typeof layernorm; backprop: typeof backprop; adamw: typeof adamw; data: typeof data; budget: typeof budget; sample: typeof sample };

/** The configuration a question gives; T_max defaults to as large as the question needs. */
function config(given: Given, T_max = given('T_max')): DecoderConfig {
  return { V: given('V'), T_max, D: given('D'), n_heads: given('n_heads'), D_ff: given('D_ff'), n_layers: given('n_layers') };
}

/** Week 4's parameter layout and initialisation (its spec's table), drawn here so the truth depends on week 7's code alone. */
function initDecoder(c: DecoderConfig, seed: number): DecoderParams {
  const rng = createRng(seed);
  const weight = (fanIn: number, fanOut: number) => randn([fanIn, fanOut], rng, 1 / Math.sqrt(fanIn));
  const ln = () => ({ gain: full([c.D], 1), bias: zeros([c.D]) });
  return {
    config: { ...c },
    tokenEmbedding: randn([c.V, c.D], rng),
    positionEmbedding: randn([c.T_max, c.D], rng),
    layers: Array.from({ length: c.n_layers }, () => ({
      ln1: ln(),
      wq: weight(c.D, c.D),
      wk: weight(c.D, c.D),
      wv: weight(c.D, c.D),
      wo: weight(c.D, c.D),
      ln2: ln(),
      w1: weight(c.D, c.D_ff),
      b1: zeros([c.D_ff]),
      w2: weight(c.D_ff, c.D),
      b2: zeros([c.D]),
    })),
    lnFinal: ln(),
    head: weight(c.D, c.V),
  };
}

function windows(B: number, T: number, V: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: B }, () => Array.from({ length: T }, () => rng.int(V)));
}

export default defineTruths<Modules>({
  'token-embedding-grad-shape': ({ backprop }, given) => {
    const c = config(given);
    const inputs = windows(given('B'), given('T'), given('distinct'), 1); // ids 0 … distinct − 1 only
    return backprop.decoderLossAndGrads(initDecoder(c, 1), inputs, windows(given('B'), given('T'), given('distinct'), 2)).grads.tokenEmbedding.shape;
  },
  'shipped-param-count': ({ budget }, given) => budget.trainingMemory(config(given), 1, 1, 'fp64').parameters / 8,
  'step-bytes': ({ budget }, given) => budget.trainingMemory(config(given), given('B'), given('T'), 'fp64').total,
  'step-dominant-part': ({ budget }, given) => {
    const { total, ...parts } = budget.trainingMemory(config(given), given('B'), given('T'), 'fp64');
    void total;
    return Object.entries(parts).sort((a, b) => b[1] - a[1])[0]![0];
  },
  'step-flops': ({ budget }, given) => budget.trainingStepFlops(config(given), given('B'), given('T')),
  'loss-at-init': ({ backprop }, given) => {
    const c = config(given);
    const [B, T] = [given('B'), given('T')];
    return backprop.decoderLossAndGrads(initDecoder(c, given('seed')), windows(B, T, c.V, 3), windows(B, T, c.V, 4)).loss;
  },
  'largest-batch-in-64-mib': ({ budget }, given) => {
    const fits = (B: number) => budget.trainingMemory(config(given), B, given('T'), 'fp32').total <= given('MiB') * 1024 * 1024;
    let B = 0;
    while (fits(B + 1)) B++;
    return B;
  },
  'longest-context-in-budget': ({ budget }, given) => {
    const c = config(given, 1 << 20);
    const fits = (T: number) => budget.trainingStepFlops(c, given('B'), T) <= given('GFLOP') * 1e9;
    let T = 0;
    while (fits(T + 1)) T++;
    return T;
  },
  'flops-growth-double-context': ({ budget }, given) => {
    const c = config(given);
    return budget.trainingStepFlops(c, given('B'), 2 * given('T')) / budget.trainingStepFlops(c, given('B'), given('T'));
  },
});
