/**
 * Week 5: real models on paper. Parameter counts, KV cache, FLOPs, training memory and rooflines for
 * GPT-2 and Llama configurations, all computed from the configuration. Read spec.md first, and answer
 * predictions.yaml before you write this file.
 *
 * Conventions (spec.md): dtype bytes from `bytesPerElement` (fp64 8, fp32 4, bf16 2, fp16 2, int8 1);
 * a matmul [m, k] @ [k, n] costs 2·m·k·n FLOPs; d_head = D / n_heads. Every function works on the
 * configuration alone and returns a number (bottleneck a word); none builds a tensor.
 */
import { NotImplemented, type DType } from '../../harness/runtime/index.ts';

/**
 * GPT-2: learned position embeddings, LayerNorm (gain and bias; no bias when `bias` is false), GELU MLP,
 * output head tied to the token embedding. Llama: no position parameters (RoPE), RMSNorm (gain only),
 * SwiGLU MLP with three matrices, no biases, untied output head, grouped-query attention.
 */
export type ModelConfig =
  | { family: 'gpt2'; V: number; T_max: number; D: number; n_layers: number; n_heads: number; D_ff: number; bias: boolean }
  | { family: 'llama'; V: number; D: number; n_layers: number; n_heads: number; n_kv_heads: number; D_ff: number };

/** A machine as the roofline sees it: peak FLOP/s and memory bandwidth in bytes per second. */
export type Hardware = { name: string; flopsPerSecond: number; bytesPerSecond: number };

/**
 * The exact number of parameters of `config`: every row of its family's table in spec.md ("Shape
 * ledger: the weights of one model") multiplied out, the per-block rows (under h. and layers.) once
 * per block; GPT-2's .bias rows only when `bias` is true. GPT-2 has no row for its output head (tied
 * to wte); Llama's head is the row llama.output. Decide by `config.family`, whatever other fields
 * the object carries. Check: spec.md "Parameter counts, component by component".
 */
export function paramCount(config: ModelConfig): number {
  throw new NotImplemented('paramCount', 5);
}

/**
 * The bytes that one more token of context adds to ONE sequence's KV cache (B = 1), over all layers,
 * at `dtype`'s bytes per element. The cache is week 4's: per layer a K and a V tensor, each
 * [B, n_kv_heads, t, d_head]. GPT-2 has a K/V head for every query head. Spec: "The KV cache per token".
 */
export function kvCacheBytesPerToken(config: ModelConfig, dtype: DType): number {
  throw new NotImplemented('kvCacheBytesPerToken', 5);
}

/**
 * The forward FLOPs of one token whose query meets T keys (T tokens of context, its own included; no
 * average over the causal mask, as week 4 counts a decode token): the arithmetic of the weights,
 * counted over Kaplan's N (every parameter except the vocabulary and position matrices: wte and wpe
 * for GPT-2, tok_embeddings and output for Llama; biases and norm gains stay in), plus the attention
 * arithmetic that uses no weight (the scores and the mix; no softmax). Spec: "FLOPs per token, forward".
 */
export function forwardFlopsPerToken(config: ModelConfig, T: number): number {
  throw new NotImplemented('forwardFlopsPerToken', 5);
}

/**
 * PaLM's (Chowdhery et al. 2022, appendix B) FLOPs for training on `tokens` tokens: forward and
 * backward of the weights over Kaplan's N, and of the attention over the full training context T,
 * masked entries included. T is T_max for GPT-2; a Llama configuration names no context, so it has no
 * attention term. Spec: "FLOPs for training (PaLM)".
 */
export function trainingFlops(config: ModelConfig, tokens: number): number {
  throw new NotImplemented('trainingFlops', 5);
}

/**
 * Bytes of the model states for training with Adam (weights, gradients, optimizer states; activations
 * excluded), for every parameter of the model:
 *   fp32-adam   fp32 weights, fp32 gradients, Adam m and v in fp32
 *   mixed-adam  bf16 weights and gradients, plus fp32 master weights and fp32 m and v (ZeRO's count)
 * Spec: "Memory for training".
 */
export function trainingMemoryBytes(config: ModelConfig, scheme: 'fp32-adam' | 'mixed-adam'): number {
  throw new NotImplemented('trainingMemoryBytes', 5);
}

/**
 * Arithmetic intensity of the matmul [B, D] @ [D, F] with `dtype` elements: its FLOPs per byte moved,
 * with both inputs read from memory once and the output written once. Spec: "Arithmetic intensity and
 * rooflines" (the worked example counts an elementwise op the same way).
 */
export function matmulIntensity(dims: { B: number; D: number; F: number }, dtype: DType): number {
  throw new NotImplemented('matmulIntensity', 5);
}

/**
 * Which lower bound a step of this arithmetic intensity hits on `hw`: 'compute' when its intensity is
 * above the machine's ridge point (the intensity at which arithmetic at peak FLOP/s and moving the
 * bytes at full bandwidth take equally long), 'memory' at or below it.
 */
export function bottleneck(intensity: number, hw: Hardware): 'compute' | 'memory' {
  throw new NotImplemented('bottleneck', 5);
}

/**
 * A lower bound, in seconds, on one decode step of `opts.B` sequences, each with `opts.T` tokens of
 * context (the new one included), on `hw`, with weights and cache in `opts.dtype`: the roofline of a
 * whole decode step. Which FLOPs and which bytes the step must account for, and how the two bounds
 * combine, are in spec.md, "A lower bound for a decode step"; reuse your functions above.
 */
export function decodeStepSeconds(config: ModelConfig, opts: { B: number; T: number; dtype: DType }, hw: Hardware): number {
  throw new NotImplemented('decodeStepSeconds', 5);
}

/**
 * Bytes of the activations one training step keeps for its backward pass: B sequences of T tokens,
 * values in `opts.dtype`. Without recomputation, the spec's activation ledger (rows act.*, the family's
 * own rows only) in every block; with `recompute`, what full recomputation holds at its peak. The
 * embedding, the final norm and the head are left out. Spec: "Activations, and recomputing them".
 */
export function activationBytes(config: ModelConfig, opts: { B: number; T: number; dtype: DType; recompute: boolean }): number {
  throw new NotImplemented('activationBytes', 5);
}

/**
 * Seconds of one training step of `opts.B` sequences of `opts.T` tokens (T the training context, for
 * both families) on `hw` at model FLOPs utilisation `mfu` (a fraction, 0.4 for 40 %), counting the
 * step's model FLOPs as PaLM does. Spec: "The time of a training step".
 */
export function trainingStepSeconds(config: ModelConfig, opts: { B: number; T: number }, hw: Hardware, mfu: number): number {
  throw new NotImplemented('trainingStepSeconds', 5);
}
