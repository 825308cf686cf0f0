/**
 * Week 2: a two-layer MLP (linear, ReLU, linear), its backward pass, plain gradient descent, the
 * spiral data set it learns, and what a training step costs in FLOPs and bytes.
 * Shapes: X [B, D_in], W1 [D_in, D_hidden], b1 [D_hidden], W2 [D_hidden, D_out], b2 [D_out], logits [B, D_out].
 * Read spec.md, "The MLP", "Training", "Memory" and "FLOPs". Build on week 1 and this week's modules:
 */
import { NotImplemented, type DType, type Tensor } from '../../harness/runtime/index.ts';
import { linearBackward, linearFlops, linearForward, linearParamCount } from '../01-linear/linear.ts';
import { crossEntropy, crossEntropyBackward } from './loss.ts';
import { relu, reluBackward } from './nonlinear.ts';

/** The four trainable tensors; gradients come back in the same shapes. */
export type MlpParams = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };

/** What the forward pass keeps for the backward pass: X [B, D_in], H [B, D_hidden], A [B, D_hidden]. */
export type MlpCache = { x: Tensor; h: Tensor; a: Tensor };

/**
 * Deterministic initialisation from one generator, rng = createRng(seed):
 *   w1 = randn([D_in, D_hidden], rng, sqrt(2 / D_in))   drawn first (He initialisation)
 *   w2 = randn([D_hidden, D_out], rng, 0.01)            drawn second (first logits near 0)
 *   b1 = zeros([D_hidden]), b2 = zeros([D_out])
 */
export function initMlp(dims: { D_in: number; D_hidden: number; D_out: number }, seed: number): MlpParams {
  throw new NotImplemented('initMlp', 2);
}

/**
 * Forward: H = X @ W1 + b1 [B, D_hidden], A = relu(H) [B, D_hidden], logits = A @ W2 + b2 [B, D_out].
 * Returns the logits and the cache { x, h, a }. Throw a ShapeError naming X's and W1's shapes when
 * X is not [B, D_in].
 */
export function mlpForward(params: MlpParams, x: Tensor): { logits: Tensor; cache: MlpCache } {
  throw new NotImplemented('mlpForward', 2);
}

/**
 * Backward from dLogits [B, D_out]:
 *   dW2 = Aᵀ @ dLogits, db2 = Σ_batch dLogits, dA = dLogits @ W2ᵀ   (linearBackward of layer 2)
 *   dH  = dA where H > 0, else 0                                     (reluBackward)
 *   dW1 = Xᵀ @ dH,      db1 = Σ_batch dH                             (linearBackward of layer 1)
 * Returns { w1: dW1, b1: db1, w2: dW2, b2: db2 }, each of its parameter's shape.
 */
export function mlpBackward(params: MlpParams, cache: MlpCache, dLogits: Tensor): MlpParams {
  throw new NotImplemented('mlpBackward', 2);
}

/** One step of gradient descent, p − lr·g for each tensor, into new tensors; params and grads stay unchanged. */
export function sgdStep(params: MlpParams, grads: MlpParams, lr: number): MlpParams {
  throw new NotImplemented('sgdStep', 2);
}

/**
 * The classic spirals, rng = createRng(seed). For class k and point i of N = perClass:
 *   r = i / (N − 1),  t = 4k + 4r + 0.2·rng.normal(),  point = [r·sin t, r·cos t]
 * in class order (all of class 0 first): x [classes·perClass, 2], y[j] the class of row j.
 */
export function spirals(opts: { classes: number; perClass: number; seed: number }): { x: Tensor; y: number[] } {
  throw new NotImplemented('spirals', 2);
}

/**
 * Full-batch gradient descent on the mean cross-entropy: params = initMlp(dims, seed), then `steps`
 * times forward, loss, crossEntropyBackward, mlpBackward, sgdStep. losses[i] is the loss before step i.
 */
export function train(opts: {
  dims: { D_in: number; D_hidden: number; D_out: number };
  data: { x: Tensor; y: number[] };
  steps: number;
  lr: number;
  seed: number;
}): { params: MlpParams; losses: number[] } {
  throw new NotImplemented('train', 2);
}

/** (D_in·D_hidden + D_hidden) + (D_hidden·D_out + D_out): both layers' weights and biases. */
export function mlpParamCount(dims: { D_in: number; D_hidden: number; D_out: number }): number {
  throw new NotImplemented('mlpParamCount', 2);
}

/**
 * Week 1's linearFlops for each layer, plus B·D_hidden for ReLU in each direction; the loss is not counted:
 *   forward  = (2·B·D_in·D_hidden + B·D_hidden) + B·D_hidden + (2·B·D_hidden·D_out + B·D_out)
 *   backward = (4·B·D_in·D_hidden + B·D_hidden) + B·D_hidden + (4·B·D_hidden·D_out + B·D_out)
 */
export function mlpFlops(dims: { B: number; D_in: number; D_hidden: number; D_out: number }): { forward: number; backward: number } {
  throw new NotImplemented('mlpFlops', 2);
}

/**
 * Bytes of one training step, everything at bytesPerElement(dtype), P = mlpParamCount(dims):
 *   params = P·b,  grads = P·b,  optimizer = (0 sgd | 1 momentum | 2 adam)·P·b
 *   activations = the cache X, H, A = B·(D_in + 2·D_hidden)·b,  total = the sum of the four
 */
export function trainingMemory(
  dims: { B: number; D_in: number; D_hidden: number; D_out: number },
  dtype: DType,
  optimizer: 'sgd' | 'momentum' | 'adam',
): { params: number; grads: number; optimizer: number; activations: number; total: number } {
  throw new NotImplemented('trainingMemory', 2);
}
