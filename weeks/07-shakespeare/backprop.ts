/**
 * Week 7: the backward pass of week 4's whole decoder. Read spec.md, "The backward pass of the whole
 * model" and "What the forward pass keeps". Reuse the earlier weeks by importing them, e.g.
 *   import { embed, layerNorm, type DecoderLayer, type DecoderParams } from '../04-decoder/decoder.ts';
 *   import { matmulBlocked } from '../06-memory-movement/kernels.ts';   // fast matmuls for npm run train
 *   import { transpose } from '../01-linear/linear.ts';
 *   import { layerNormBackward } from './layernorm.ts';
 * Shapes: inputs, targets [B][T] of ids in [0, V); x and every activation [B, T, D] (the MLP's [B, T, D_ff]).
 */
import { formatShape, NotImplemented, ShapeError, type Tensor } from '../../harness/runtime/index.ts';
import type { DecoderLayer, DecoderParams } from '../04-decoder/decoder.ts';

/** Every parameter's gradient, with the parameter's own shape: DecoderParams without its config. */
export type DecoderGrads = Omit<DecoderParams, 'config'>;

/**
 * One pre-LayerNorm block backwards. Given x [B, T, D] (the block's input), the layer's parameters,
 * n_heads, and dOut = ∂L/∂out [B, T, D] for out = week 4's decoderBlock(x, layer, n_heads).out,
 * return dx = ∂L/∂x [B, T, D] and grads: a DecoderLayer of gradients, each with its parameter's shape.
 * Run the block forward keeping what the spec's table keeps, then walk it back: the MLP, LN2, the
 * residual, the attention (per head, as week 3's attentionBackward), LN1, the residual again.
 * A ShapeError naming both shapes when x is not [B, T, D] or dOut differs from it.
 */
export function decoderBlockBackward(dOut: Tensor, x: Tensor, layer: DecoderLayer, n_heads: number): { dx: Tensor; grads: DecoderLayer } {
  throw new NotImplemented('decoderBlockBackward', 7);
}

/**
 * The mean cross-entropy over all B·T positions of week 4's decoder on inputs [B][T] against targets
 * [B][T] (week 2's crossEntropy of the logits flattened to [B·T, V]), and the gradient of that loss
 * with respect to every parameter (DecoderGrads). Inputs are checked as week 4's embed checks them;
 * a ShapeError naming both as [B][T] when targets do not have the inputs' shape, or hold an id
 * outside [0, V). The params are not changed.
 */
export function decoderLossAndGrads(params: DecoderParams, inputs: number[][], targets: number[][]): { loss: number; grads: DecoderGrads } {
  throw new NotImplemented('decoderLossAndGrads', 7);
}
