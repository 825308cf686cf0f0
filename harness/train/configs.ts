/**
 * The named training runs of `npm run train`: the model (week 4's DecoderConfig without V, which the
 * corpus decides), the batch, and AdamW's hyperparameters. `shipped` is the one the README's figures
 * and week 7's predictions use; `tiny` checks the whole pipeline in seconds.
 */
export type TrainConfig = {
  model: { T_max: number; D: number; n_heads: number; D_ff: number; n_layers: number };
  B: number;
  T: number;
  /** Peak learning rate, reached after `warmupSteps` and decayed by a cosine to lr·minLrRatio at the time limit. */
  lr: number;
  warmupSteps: number;
  minLrRatio: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  clip: number;
  /** Validation loss every this many steps, on `validationWindows` fixed windows of T characters. */
  evalEvery: number;
  validationWindows: number;
  minutes: number;
};

const ADAMW = { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, clip: 1 };

export const TRAIN_CONFIGS: Record<string, TrainConfig> = {
  shipped: {
    model: { T_max: 64, D: 64, n_heads: 4, D_ff: 256, n_layers: 4 },
    B: 16,
    T: 64,
    lr: 3e-3,
    warmupSteps: 30,
    minLrRatio: 0.1,
    ...ADAMW,
    evalEvery: 50,
    validationWindows: 64,
    minutes: 20,
  },
  tiny: {
    model: { T_max: 16, D: 16, n_heads: 2, D_ff: 32, n_layers: 1 },
    B: 8,
    T: 16,
    lr: 1e-2,
    warmupSteps: 5,
    minLrRatio: 0.1,
    ...ADAMW,
    evalEvery: 200,
    validationWindows: 16,
    minutes: 0.25,
  },
};
