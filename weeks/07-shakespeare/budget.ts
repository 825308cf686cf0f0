/**
 * Week 7: what one training step costs. Read spec.md, "What a step costs": the counting convention
 * for FLOPs, the table of what the forward pass keeps, and the worked examples for a tiny decoder.
 */
import { NotImplemented, type DType } from '../../harness/runtime/index.ts';
import type { DecoderConfig } from '../04-decoder/decoder.ts';
// Week 4's decoderParamCount counts the parameters: import { decoderParamCount } from '../04-decoder/decoder.ts';

/**
 * FLOPs of one training step (forward and backward) on B sequences of T tokens, under the spec's
 * convention: matmuls only, at 2·m·k·n; attention's two products over all T × T pairs; the backward
 * pass two matmuls for each forward one; lookups free. Derive it; the spec's flops_tiny is your check.
 */
export function trainingStepFlops(config: DecoderConfig, B: number, T: number): number {
  throw new NotImplemented('trainingStepFlops', 7);
}

export type TrainingMemory = { parameters: number; gradients: number; adamw: number; activations: number; total: number };

/**
 * Bytes in dtype (bytesPerElement) of a training step's parameters, their gradients, AdamW's state and
 * the activations the spec's table keeps for the backward pass, and the total of the four.
 * The spec's memory_tiny is your check.
 */
export function trainingMemory(config: DecoderConfig, B: number, T: number, dtype: DType): TrainingMemory {
  throw new NotImplemented('trainingMemory', 7);
}
