/**
 * Week 5: real models on paper. Parameter counts, KV cache, FLOPs, training memory and rooflines for
 * GPT-2 and Llama configurations, all computed from the configuration. Read spec.md first.
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
 * Exact number of parameters, from the configuration (d_head = D / n_heads):
 *   embeddings  GPT-2: V·D + T_max·D (the head is tied to wte: nothing more)   Llama: V·D + V·D (untied head)
 *   per block   GPT-2: 2 LayerNorms, c_attn D×3D, c_proj D×D, c_fc D×D_ff, c_proj D_ff×D (+ biases if bias)
 *               Llama: 2 RMSNorm gains, wq and wo D×D, wk and wv D×n_kv_heads·d_head, w1 w3 D×D_ff, w2 D_ff×D
 *   final norm  GPT-2: LayerNorm (gain, + bias if bias)                          Llama: RMSNorm gain
 */
export function paramCount(config: ModelConfig): number {
  throw new NotImplemented('paramCount', 5);
}

/** K and V for every layer and every K/V head: 2 · n_layers · n_kv_heads · d_head · bytesPerElement(dtype). GPT-2: n_kv_heads = n_heads. */
export function kvCacheBytesPerToken(config: ModelConfig, dtype: DType): number {
  throw new NotImplemented('kvCacheBytesPerToken', 5);
}

/**
 * Kaplan et al. 2020: 2·N + 2·n_layers·T·D FLOPs per token with T tokens of context, where N is the
 * non-embedding parameter count: paramCount minus wte and wpe (GPT-2) or tok_embeddings and output (Llama).
 */
export function forwardFlopsPerToken(config: ModelConfig, T: number): number {
  throw new NotImplemented('forwardFlopsPerToken', 5);
}

/**
 * PaLM (appendix B): tokens · (6·N + 12·n_layers·n_heads·d_head·T), N as in forwardFlopsPerToken and T the
 * training context: T_max for GPT-2; a Llama configuration names none, so its attention term is 0.
 */
export function trainingFlops(config: ModelConfig, tokens: number): number {
  throw new NotImplemented('trainingFlops', 5);
}

/**
 * Model states (weights, gradients, optimizer), activations excluded, at bytes per parameter:
 *   fp32-adam  4 weights + 4 grads + 8 Adam m and v                          = 16
 *   mixed-adam 2 bf16 weights + 2 bf16 grads + 12 fp32 master weights, m, v = 16 (ZeRO)
 */
export function trainingMemoryBytes(config: ModelConfig, scheme: 'fp32-adam' | 'mixed-adam'): number {
  throw new NotImplemented('trainingMemoryBytes', 5);
}

/** FLOPs per byte of [B, D] @ [D, F]: 2·B·D·F / (bytes · (B·D + D·F + B·F)), both inputs read and the output written once. */
export function matmulIntensity(dims: { B: number; D: number; F: number }, dtype: DType): number {
  throw new NotImplemented('matmulIntensity', 5);
}

/** 'compute' when the intensity exceeds the ridge point hw.flopsPerSecond / hw.bytesPerSecond, else 'memory'. */
export function bottleneck(intensity: number, hw: Hardware): 'compute' | 'memory' {
  throw new NotImplemented('bottleneck', 5);
}

/**
 * Lower bound for one decode step of B sequences with T tokens of context:
 *   compute = B · forwardFlopsPerToken(config, T) / hw.flopsPerSecond
 *   memory  = (paramCount · bytes + B · T · kvCacheBytesPerToken) / hw.bytesPerSecond
 *   seconds = max(compute, memory)
 */
export function decodeStepSeconds(config: ModelConfig, opts: { B: number; T: number; dtype: DType }, hw: Hardware): number {
  throw new NotImplemented('decodeStepSeconds', 5);
}
