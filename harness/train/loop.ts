/**
 * The training run itself, in a sandboxed child (harness/commands/train.ts starts it): it may read
 * the corpus and write only into .course/train/. It receives week 7's modules (the learner's or the
 * reference) and week 4's decoder, trains for the time limit, prints a progress line per few steps and
 * a validation loss every evalEvery steps, then writes a safetensors checkpoint, the loss curves as
 * JSON, and a sample of text.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng, type Rng, type Tensor } from '../runtime/index.ts';
import type { TrainConfig } from './configs.ts';
import { encodeSafetensors, type NamedTensor } from './safetensors.ts';

type Config = { V: number; T_max: number; D: number; n_heads: number; D_ff: number; n_layers: number };
type Params = { config: Config; tokenEmbedding: Tensor; positionEmbedding: Tensor; layers: Record<string, unknown>[]; lnFinal: { gain: Tensor; bias: Tensor }; head: Tensor };
type Grads = Omit<Params, 'config'>;

/** What the run calls, by week and module: the shapes of week 7's contract. */
export type TrainModules = {
  decoder: { initDecoder(config: Config, seed: number): Params; decoderForward(params: Params, tokens: number[][]): Tensor; decoderParamCount(config: Config): number };
  backprop: { decoderLossAndGrads(params: Params, inputs: number[][], targets: number[][]): { loss: number; grads: Grads } };
  adamw: {
    clipGradNorm(grads: Grads, maxNorm: number): number;
    createAdamW(params: Params): unknown;
    adamwStep(params: Params, grads: Grads, state: unknown, hp: { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number }): void;
  };
  data: {
    charTokenizer(text: string): { vocab: string[]; encode(s: string): number[]; decode(ids: number[]): string };
    sampleBatch(ids: number[], B: number, T: number, rng: Rng): { inputs: number[][]; targets: number[][] };
  };
  budget: { trainingStepFlops(config: Config, B: number, T: number): number };
  sample: { sampleTokens(params: Params, prompt: number[], steps: number, opts: { temperature: number; topK?: number; seed: number; cache: boolean }): number[] };
};

export type TrainInput = {
  name: string;
  config: TrainConfig;
  corpus: string;
  outDir: string;
  seed: number;
  /** This machine's one-core compute ceiling in FLOP/s, and where it came from. */
  ceiling: { flopsPerSecond: number; source: string } | null;
  sampleLength: number;
};

export type CurvePoint = { step: number; seconds: number; tokens: number; train: number; validation?: number };

/** Mean cross-entropy over every position of fixed windows, from week 4's forward pass alone (no gradients). */
function validationLoss(m: TrainModules, params: Params, windows: { inputs: number[][]; targets: number[][] }): number {
  let total = 0;
  let count = 0;
  for (let b = 0; b < windows.inputs.length; b += 8) {
    const inputs = windows.inputs.slice(b, b + 8);
    const targets = windows.targets.slice(b, b + 8).flat();
    const logits = m.decoder.decoderForward(params, inputs); // [B, T, V]
    const V = logits.shape[2]!;
    targets.forEach((target, n) => {
      let max = -Infinity;
      for (let c = 0; c < V; c++) max = Math.max(max, logits.data[n * V + c]!);
      let sum = 0;
      for (let c = 0; c < V; c++) sum += Math.exp(logits.data[n * V + c]! - max);
      total += max + Math.log(sum) - logits.data[n * V + target]!;
      count++;
    });
  }
  return total / count;
}

/** Windows of T + 1 characters spread evenly over the validation ids: the same ones at every evaluation. */
function fixedWindows(ids: number[], count: number, T: number): { inputs: number[][]; targets: number[][] } {
  const stride = Math.floor((ids.length - T - 1) / count);
  const starts = Array.from({ length: count }, (_, i) => i * stride);
  return { inputs: starts.map((s) => ids.slice(s, s + T)), targets: starts.map((s) => ids.slice(s + 1, s + T + 1)) };
}

function learningRate(c: TrainConfig, step: number, fraction: number): number {
  if (step < c.warmupSteps) return (c.lr * (step + 1)) / c.warmupSteps;
  const cosine = 0.5 * (1 + Math.cos(Math.PI * Math.min(1, fraction)));
  return c.lr * (c.minLrRatio + (1 - c.minLrRatio) * cosine);
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Every parameter by a dotted name (layers.0.wq, lnFinal.gain, ...), in a fixed order. */
function named(params: Params): NamedTensor[] {
  const out: NamedTensor[] = [];
  const walk = (prefix: string, value: unknown): void => {
    if (value && typeof value === 'object' && 'data' in value && (value as Tensor).data instanceof Float64Array) {
      out.push({ name: prefix, shape: (value as Tensor).shape, data: (value as Tensor).data });
    } else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) if (key !== 'config') walk(prefix ? `${prefix}.${key}` : key, v);
    }
  };
  walk('', params);
  return out;
}

export async function main(m: TrainModules, input: TrainInput): Promise<{ curve: CurvePoint[]; sample: string }> {
  const c = input.config;
  const text = readFileSync(input.corpus, 'utf8');
  const tokenizer = m.data.charTokenizer(text);
  const ids = tokenizer.encode(text);
  const cut = Math.floor(ids.length * 0.9);
  const [train, validation] = [ids.slice(0, cut), ids.slice(cut)];
  const config: Config = { V: tokenizer.vocab.length, ...c.model };
  const params = m.decoder.initDecoder(config, input.seed);
  const state = m.adamw.createAdamW(params);
  const stepFlops = m.budget.trainingStepFlops(config, c.B, c.T);
  const windows = fixedWindows(validation, c.validationWindows, c.T);
  const rng = createRng(input.seed + 1);
  const limit = c.minutes * 60;
  console.log(
    `${input.name}: ${m.decoder.decoderParamCount(config).toLocaleString('en')} parameters (V ${config.V}, T_max ${config.T_max}, D ${config.D}, ` +
      `${config.n_heads} heads, D_ff ${config.D_ff}, ${config.n_layers} layers), B ${c.B} × T ${c.T} = ${c.B * c.T} tokens a step, ` +
      `${(stepFlops / 1e9).toFixed(2)} GFLOP a step (your trainingStepFlops); ${train.length.toLocaleString('en')} training and ${validation.length.toLocaleString('en')} validation characters; ` +
      `${c.minutes} min`,
  );
  if (input.ceiling) {
    const floor = stepFlops / input.ceiling.flopsPerSecond; // the roofline's floor: every FLOP at the compute ceiling
    console.log(
      `one-core ceiling ${(input.ceiling.flopsPerSecond / 1e9).toFixed(2)} GFLOP/s (${input.ceiling.source}): a step takes at least ` +
        `${(floor * 1000).toFixed(0)} ms, at most ${Math.round((c.B * c.T) / floor)} tok/s`,
    );
  }
  const curve: CurvePoint[] = [];
  const start = performance.now();
  const elapsed = () => (performance.now() - start) / 1000;
  let trained = 0; // seconds spent in training steps, validation excluded
  const first = validationLoss(m, params, windows);
  curve.push({ step: 0, seconds: 0, tokens: 0, train: NaN, validation: first });
  console.log(`step 0: validation loss ${first.toFixed(4)} (ln V = ${Math.log(config.V).toFixed(4)})`);
  let step = 0;
  let recent: number[] = [];
  let recentSeconds = 0; // the steps since the last progress line: their mean rate is printed
  while (elapsed() < limit) {
    const t0 = performance.now();
    const batch = m.data.sampleBatch(train, c.B, c.T, rng);
    const { loss, grads } = m.backprop.decoderLossAndGrads(params, batch.inputs, batch.targets);
    m.adamw.clipGradNorm(grads, c.clip);
    const lr = learningRate(c, step, elapsed() / limit);
    m.adamw.adamwStep(params, grads, state, { lr, beta1: c.beta1, beta2: c.beta2, eps: c.eps, weightDecay: c.weightDecay });
    const seconds = (performance.now() - t0) / 1000;
    trained += seconds;
    recentSeconds += seconds;
    step++;
    recent.push(loss);
    const point: CurvePoint = { step, seconds: elapsed(), tokens: step * c.B * c.T, train: loss };
    if (!Number.isFinite(loss)) {
      console.log(`step ${step}: the loss is ${loss}; stopping`);
      break;
    }
    if (step % c.evalEvery === 0) point.validation = validationLoss(m, params, windows);
    curve.push(point);
    if (step % 10 === 0 || point.validation !== undefined) {
      const perStep = recentSeconds / recent.length;
      const rate = stepFlops / perStep;
      const meanLoss = recent.reduce((a, b) => a + b, 0) / recent.length;
      recent = [];
      recentSeconds = 0;
      const ceiling = input.ceiling ? ` (${((100 * rate) / input.ceiling.flopsPerSecond).toFixed(0)} % of the ceiling)` : '';
      const bar = '#'.repeat(Math.round(20 * Math.min(1, elapsed() / limit))).padEnd(20, '.');
      console.log(
        `[${bar}] step ${step}  train ${meanLoss.toFixed(4)}  ${Math.round((c.B * c.T) / perStep)} tok/s  ` +
          `${(rate / 1e9).toFixed(2)} GFLOP/s${ceiling}  lr ${lr.toExponential(1)}  ETA ${clock(limit - elapsed())}` +
          (point.validation !== undefined ? `  validation ${point.validation.toFixed(4)}` : ''),
      );
    }
  }
  const last = validationLoss(m, params, windows);
  if (curve.at(-1)!.validation === undefined) curve.at(-1)!.validation = last;
  const tokens = step * c.B * c.T;
  console.log(
    `done: ${step} steps, ${tokens.toLocaleString('en')} tokens in ${clock(elapsed())} (${Math.round(tokens / trained)} tok/s, ` +
      `${((step * stepFlops) / trained / 1e9).toFixed(2)} GFLOP/s in the steps); validation loss ${last.toFixed(4)}`,
  );
  const checkpoint = join(input.outDir, `${input.name}.safetensors`);
  writeFileSync(checkpoint, encodeSafetensors(named(params), { config: JSON.stringify(config), vocab: JSON.stringify(tokenizer.vocab), steps: String(step) }));
  const prompt = tokenizer.encode('\n');
  const sample = tokenizer.decode(m.sample.sampleTokens(params, prompt, input.sampleLength, { temperature: 0.8, topK: 20, seed: input.seed, cache: true }));
  writeFileSync(join(input.outDir, `${input.name}.json`), JSON.stringify({ name: input.name, config, train: c, steps: step, tokens, validation: last, curve, sample }, null, 1));
  console.log(`checkpoint (safetensors, F64): ${checkpoint}\n--- a sample (temperature 0.8, top-k 20) ---\n${sample}\n---`);
  return { curve, sample };
}
