/**
 * Week 2: a two-layer MLP (linear, ReLU, linear), its backward pass, plain gradient descent, the
 * spiral data set it learns, and what a training step costs in FLOPs and bytes.
 * Shapes: X [B, D_in], W1 [D_in, D_hidden], b1 [D_hidden], W2 [D_hidden, D_out], b2 [D_out], logits [B, D_out].
 */
import {
  bytesPerElement,
  createRng,
  formatShape,
  randn,
  ShapeError,
  tensor,
  zeros,
  type DType,
  type Tensor,
} from '../../harness/runtime/index.ts';
import { linearBackward, linearFlops, linearForward, linearParamCount } from '../01-linear/linear.ts';
import { crossEntropy, crossEntropyBackward } from './loss.ts';
import { relu, reluBackward } from './nonlinear.ts';

/** The four trainable tensors; gradients come back in the same shapes. */
export type MlpParams = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };

/** What the forward pass keeps for the backward pass: X [B, D_in], H [B, D_hidden], A [B, D_hidden]. */
export type MlpCache = { x: Tensor; h: Tensor; a: Tensor };

/** W1 ~ N(0, 2/D_in) (He: keeps the ReLU's output scale), W2 ~ N(0, 0.01²) (logits start near 0, loss near ln C), biases 0. */
export function initMlp(dims: { D_in: number; D_hidden: number; D_out: number }, seed: number): MlpParams {
  const { D_in, D_hidden, D_out } = dims;
  const rng = createRng(seed);
  return {
    w1: randn([D_in, D_hidden], rng, Math.sqrt(2 / D_in)), // drawn first
    b1: zeros([D_hidden]),
    w2: randn([D_hidden, D_out], rng, 0.01), // drawn second, from the same generator
    b2: zeros([D_out]),
  };
}

/** H = X @ W1 + b1, A = relu(H), logits = A @ W2 + b2. */
export function mlpForward(params: MlpParams, x: Tensor): { logits: Tensor; cache: MlpCache } {
  const D_in = params.w1.shape[0];
  if (x.shape.length !== 2 || x.shape[1] !== D_in) {
    throw new ShapeError(`mlpForward needs X [B, D_in=${D_in}] for W1 ${formatShape(params.w1.shape, ['D_in', 'D_hidden'])}, got X ${formatShape(x.shape)}`);
  }
  const h = linearForward(x, params.w1, params.b1); // [B, D_in] -> [B, D_hidden]
  const a = relu(h); // [B, D_hidden]
  const logits = linearForward(a, params.w2, params.b2); // [B, D_hidden] -> [B, D_out]
  return { logits, cache: { x, h, a } };
}

/** Back through the second layer, the ReLU, then the first layer; dX of the first layer is not needed. */
export function mlpBackward(params: MlpParams, cache: MlpCache, dLogits: Tensor): MlpParams {
  const second = linearBackward(cache.a, params.w2, dLogits); // dA [B, D_hidden], dW2 [D_hidden, D_out], db2 [D_out]
  const dh = reluBackward(cache.h, second.dx); // [B, D_hidden]
  const first = linearBackward(cache.x, params.w1, dh); // dW1 [D_in, D_hidden], db1 [D_hidden]
  return { w1: first.dw, b1: first.db, w2: second.dw, b2: second.db };
}

/** p − lr·g for each tensor, into new tensors: the caller's params and grads stay as they were. */
export function sgdStep(params: MlpParams, grads: MlpParams, lr: number): MlpParams {
  const step = (p: Tensor, g: Tensor): Tensor => tensor(p.shape, p.data.map((v, i) => v - lr * g.data[i]!));
  return { w1: step(params.w1, grads.w1), b1: step(params.b1, grads.b1), w2: step(params.w2, grads.w2), b2: step(params.b2, grads.b2) };
}

/**
 * The classic spirals (CS231n): class k, point i of N = perClass, r = i / (N − 1),
 * t = 4k + 4r + 0.2·noise, x = [r·sin t, r·cos t]. Class-major order: all of class 0 first.
 */
export function spirals(opts: { classes: number; perClass: number; seed: number }): { x: Tensor; y: number[] } {
  const { classes, perClass, seed } = opts;
  const rng = createRng(seed);
  const x = zeros([classes * perClass, 2]); // [B, 2]
  const y: number[] = [];
  for (let k = 0; k < classes; k++) {
    for (let i = 0; i < perClass; i++) {
      const r = perClass > 1 ? i / (perClass - 1) : 0;
      const t = 4 * k + 4 * r + 0.2 * rng.normal();
      const row = k * perClass + i;
      x.data[2 * row] = r * Math.sin(t);
      x.data[2 * row + 1] = r * Math.cos(t);
      y.push(k);
    }
  }
  return { x, y };
}

/** Full-batch gradient descent on the mean cross-entropy; losses[i] is the loss before step i. */
export function train(opts: {
  dims: { D_in: number; D_hidden: number; D_out: number };
  data: { x: Tensor; y: number[] };
  steps: number;
  lr: number;
  seed: number;
}): { params: MlpParams; losses: number[] } {
  let params = initMlp(opts.dims, opts.seed);
  const losses: number[] = [];
  for (let step = 0; step < opts.steps; step++) {
    const { logits, cache } = mlpForward(params, opts.data.x); // [B, D_out]
    losses.push(crossEntropy(logits, opts.data.y));
    const grads = mlpBackward(params, cache, crossEntropyBackward(logits, opts.data.y));
    params = sgdStep(params, grads, opts.lr);
  }
  return { params, losses };
}

/** Both layers' weights and biases: (D_in·D_hidden + D_hidden) + (D_hidden·D_out + D_out). */
export function mlpParamCount(dims: { D_in: number; D_hidden: number; D_out: number }): number {
  return linearParamCount({ D_in: dims.D_in, D_out: dims.D_hidden }) + linearParamCount({ D_in: dims.D_hidden, D_out: dims.D_out });
}

/** Week 1's counts for both layers plus B·D_hidden for ReLU each way. The loss is not counted. */
export function mlpFlops(dims: { B: number; D_in: number; D_hidden: number; D_out: number }): { forward: number; backward: number } {
  const { B, D_in, D_hidden, D_out } = dims;
  const first = linearFlops({ B, D_in, D_out: D_hidden });
  const second = linearFlops({ B, D_in: D_hidden, D_out });
  const reluFlops = B * D_hidden; // one max (forward) or one select (backward) per element
  return { forward: first.forward + reluFlops + second.forward, backward: first.backward + reluFlops + second.backward };
}

/** Optimizer state per parameter: none for SGD, a velocity for momentum, two moments (m, v) for Adam. */
const STATE_COPIES = { sgd: 0, momentum: 1, adam: 2 } as const;

/** Bytes of one training step, everything in one dtype: params, grads, optimizer state, and the cache X, H, A. */
export function trainingMemory(
  dims: { B: number; D_in: number; D_hidden: number; D_out: number },
  dtype: DType,
  optimizer: 'sgd' | 'momentum' | 'adam',
): { params: number; grads: number; optimizer: number; activations: number; total: number } {
  const bytes = bytesPerElement(dtype);
  const params = mlpParamCount(dims) * bytes;
  const grads = params; // one gradient per parameter
  const state = STATE_COPIES[optimizer] * params;
  const activations = dims.B * (dims.D_in + 2 * dims.D_hidden) * bytes; // X, H, A
  return { params, grads, optimizer: state, activations, total: params + grads + state + activations };
}
