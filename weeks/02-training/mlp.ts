/**
 * Week 2: a two-layer MLP (linear, ReLU, linear), its backward pass, plain gradient descent, the
 * spiral data set it learns, and what a training step costs in FLOPs and bytes.
 * Shapes: X [B, D_in], W1 [D_in, D_hidden], b1 [D_hidden], W2 [D_hidden, D_out], b2 [D_out], logits [B, D_out].
 * Read spec.md, "The MLP", "Training", "Memory" and "FLOPs". Build on week 1 and this week's modules.
 * Shape errors: throw a ShapeError and name every shape with formatShape, e.g. [2, 3].
 */
import { formatShape, NotImplemented, ShapeError, type DType, type Tensor } from '../../harness/runtime/index.ts';
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
 * X is not [B, D_in] (before any matmul sees it).
 */
export function mlpForward(params: MlpParams, x: Tensor): { logits: Tensor; cache: MlpCache } {
  throw new NotImplemented('mlpForward', 2);
}

/**
 * Backward from dLogits [B, D_out], the loss's gradient with respect to the logits: walk the forward
 * pass in reverse with week 1's linearBackward and this week's reluBackward, reading what the cache
 * kept (spec.md, "The MLP"). Returns { w1: dW1, b1: db1, w2: dW2, b2: db2 }, each of its parameter's
 * shape: dW1 [D_in, D_hidden], db1 [D_hidden], dW2 [D_hidden, D_out], db2 [D_out].
 */
export function mlpBackward(params: MlpParams, cache: MlpCache, dLogits: Tensor): MlpParams {
  throw new NotImplemented('mlpBackward', 2);
}

/**
 * One step of gradient descent with learning rate lr, each of the four tensors moved against its
 * gradient, into new tensors: params and grads must stay exactly as they were.
 */
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

/** The number of trainable values of both layers, weights and biases (spec.md, "Memory"). */
export function mlpParamCount(dims: { D_in: number; D_hidden: number; D_out: number }): number {
  throw new NotImplemented('mlpParamCount', 2);
}

/**
 * FLOPs of mlpForward and of mlpBackward by the course conventions (spec.md, "FLOPs"): each linear
 * layer as week 1's linearFlops counts it, ReLU 1 FLOP per element in each direction, the loss not
 * counted. Every operation your code performs counts, including layer 1's dX.
 */
export function mlpFlops(dims: { B: number; D_in: number; D_hidden: number; D_out: number }): { forward: number; backward: number } {
  throw new NotImplemented('mlpFlops', 2);
}

/**
 * Bytes of one training step, every value at bytesPerElement(dtype) (spec.md, "Memory"):
 *   params      = every trainable value of both layers
 *   grads       = one gradient per parameter
 *   optimizer   = the optimizer's state: sgd none, momentum one velocity, adam two moments per parameter
 *   activations = what the forward pass keeps for your mlpBackward (the cache)
 *   total       = the sum of the four
 */
export function trainingMemory(
  dims: { B: number; D_in: number; D_hidden: number; D_out: number },
  dtype: DType,
  optimizer: 'sgd' | 'momentum' | 'adam',
): { params: number; grads: number; optimizer: number; activations: number; total: number } {
  throw new NotImplemented('trainingMemory', 2);
}
