/**
 * Week 7: what one training step costs. FLOPs of the forward and backward pass (the spec's matmul
 * convention), and the bytes a step holds: parameters, gradients, AdamW's two moments and the
 * activations saved for the backward pass.
 */
import { bytesPerElement, type DType } from '../../harness/runtime/index.ts';
import { decoderParamCount, type DecoderConfig } from '../04-decoder/decoder.ts';

/**
 * Matmuls only, forward and backward, for B sequences of T tokens: 2·(matmul weights) per token for the
 * projections, MLP and head, 4·T·D per token and layer for attention's two products over all T × T pairs,
 * the backward twice the forward.
 */
export function trainingStepFlops(config: DecoderConfig, B: number, T: number): number {
  const { V, D, D_ff, n_layers } = config;
  const weights = n_layers * (4 * D * D + 2 * D * D_ff) + D * V;
  const forward = 2 * B * T * weights + n_layers * 4 * B * T * T * D;
  return 3 * forward;
}

export type TrainingMemory = { parameters: number; gradients: number; adamw: number; activations: number; total: number };

/**
 * Bytes in dtype. Parameters: decoderParamCount; gradients as many; AdamW two moments per parameter;
 * activations: the spec's table, per layer and position 8·D + 2·D_ff + n_heads·T values, plus 2·D + V
 * for the final LayerNorm and the logits.
 */
export function trainingMemory(config: DecoderConfig, B: number, T: number, dtype: DType): TrainingMemory {
  const { V, D, D_ff, n_heads, n_layers } = config;
  const bytes = bytesPerElement(dtype);
  const parameters = decoderParamCount(config) * bytes;
  const activations = B * T * (n_layers * (8 * D + 2 * D_ff + n_heads * T) + 2 * D + V) * bytes;
  const parts = { parameters, gradients: parameters, adamw: 2 * parameters, activations };
  return { ...parts, total: parts.parameters + parts.gradients + parts.adamw + parts.activations };
}
