/**
 * Week 5: real models on paper. Parameter counts, KV cache, FLOPs, training memory and rooflines for
 * GPT-2 and Llama configurations, all computed from the configuration (spec.md cites every source).
 */
import { bytesPerElement, type DType } from '../../harness/runtime/index.ts';

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

/** GPT-2 has one K/V head per query head; Llama may share one K/V head among several query heads. */
function kvHeads(config: ModelConfig): number {
  return config.family === 'gpt2' ? config.n_heads : config.n_kv_heads;
}

function dHead(config: ModelConfig): number {
  return config.D / config.n_heads;
}

/** Token and position tables, plus Llama's untied output head: the vocabulary and position matrices. */
function embeddingParams(config: ModelConfig): number {
  const tokenEmbedding = config.V * config.D;
  if (config.family === 'gpt2') return tokenEmbedding + config.T_max * config.D; // head tied: no new values
  return 2 * tokenEmbedding; // tok_embeddings and output
}

/** One GPT-2 block: two LayerNorms, fused QKV, output projection, and the two-matrix GELU MLP. */
function gpt2LayerParams(c: Extract<ModelConfig, { family: 'gpt2' }>): number {
  const bias = c.bias ? 1 : 0;
  const norms = 2 * (c.D + bias * c.D); // ln_1, ln_2: gain (+ bias)
  const attention = c.D * 3 * c.D + bias * 3 * c.D + c.D * c.D + bias * c.D; // c_attn, c_proj
  const mlp = c.D * c.D_ff + bias * c.D_ff + c.D_ff * c.D + bias * c.D; // c_fc, c_proj
  return norms + attention + mlp;
}

/** One Llama block: two RMSNorm gains, Q/K/V/O with K and V sized by n_kv_heads, SwiGLU's three matrices. */
function llamaLayerParams(c: Extract<ModelConfig, { family: 'llama' }>): number {
  const kvWidth = c.n_kv_heads * dHead(c);
  const norms = 2 * c.D; // attention_norm, ffn_norm
  const attention = 2 * c.D * c.D + 2 * c.D * kvWidth; // wq, wo; wk, wv
  const mlp = 3 * c.D * c.D_ff; // w1 (gate), w3 (up), w2 (down)
  return norms + attention + mlp;
}

/** The final norm: LayerNorm gain and bias for GPT-2, RMSNorm gain for Llama. */
function finalNormParams(config: ModelConfig): number {
  return config.family === 'gpt2' && config.bias ? 2 * config.D : config.D;
}

/** Exact count: embeddings + n_layers blocks + final norm (GPT-2's head is the token embedding). */
export function paramCount(config: ModelConfig): number {
  const layer = config.family === 'gpt2' ? gpt2LayerParams(config) : llamaLayerParams(config);
  return embeddingParams(config) + config.n_layers * layer + finalNormParams(config);
}

/** Kaplan's N: every parameter except the vocabulary and position matrices. */
function nonEmbeddingParams(config: ModelConfig): number {
  return paramCount(config) - embeddingParams(config);
}

/** K and V for every layer and K/V head: 2 · n_layers · n_kv_heads · d_head · bytes. */
export function kvCacheBytesPerToken(config: ModelConfig, dtype: DType): number {
  return 2 * config.n_layers * kvHeads(config) * dHead(config) * bytesPerElement(dtype);
}

/**
 * One token whose query meets T keys: Kaplan et al. 2020's weights term 2N, and the scores and the mix
 * over all T keys, 4·n_layers·T·D (no causal average: week 4 counts a decode token the same way).
 */
export function forwardFlopsPerToken(config: ModelConfig, T: number): number {
  const weightFlops = 2 * nonEmbeddingParams(config); // one multiply-add per weight
  const attentionFlops = 4 * config.n_layers * T * config.D; // q·k and the mix, 2·D each per key and layer
  return weightFlops + attentionFlops;
}

/** PaLM (Chowdhery et al. 2022, appendix B): 6N + 12·n_layers·n_heads·d_head·T per token, T the training context. */
export function trainingFlops(config: ModelConfig, tokens: number): number {
  const weightFlops = 6 * nonEmbeddingParams(config); // forward 2N, backward 4N (dX and dW)
  const T = config.family === 'gpt2' ? config.T_max : 0; // a Llama configuration names no context length
  const attentionFlops = 12 * config.n_layers * config.n_heads * dHead(config) * T; // 3 × (scores + mix at full T)
  return tokens * (weightFlops + attentionFlops);
}

/** Model states per parameter (activations excluded). Sources in spec.md. */
const TRAINING_BYTES_PER_PARAM = {
  'fp32-adam': 4 + 4 + 8, // fp32 weights, fp32 grads, Adam m and v (Hugging Face, "GPU memory usage")
  'mixed-adam': 2 + 2 + 12, // bf16 weights and grads; fp32 master weights, m and v (ZeRO, section 3.1)
} as const;

export function trainingMemoryBytes(config: ModelConfig, scheme: 'fp32-adam' | 'mixed-adam'): number {
  return paramCount(config) * TRAINING_BYTES_PER_PARAM[scheme];
}

/** [B, D] @ [D, F]: 2·B·D·F FLOPs over the bytes of reading both inputs and writing the output once. */
export function matmulIntensity(dims: { B: number; D: number; F: number }, dtype: DType): number {
  const { B, D, F } = dims;
  const flops = 2 * B * D * F;
  const bytesMoved = bytesPerElement(dtype) * (B * D + D * F + B * F);
  return flops / bytesMoved;
}

/** Compute-bound when the intensity exceeds the ridge point, peak FLOP/s ÷ bandwidth. */
export function bottleneck(intensity: number, hw: Hardware): 'compute' | 'memory' {
  const ridge = hw.flopsPerSecond / hw.bytesPerSecond;
  return intensity > ridge ? 'compute' : 'memory';
}

/** Lower bound for one decode step of B sequences with T tokens in context: max(compute, memory) time. */
export function decodeStepSeconds(config: ModelConfig, opts: { B: number; T: number; dtype: DType }, hw: Hardware): number {
  const flops = opts.B * forwardFlopsPerToken(config, opts.T);
  const weightBytes = paramCount(config) * bytesPerElement(opts.dtype); // every weight read once per step
  const kvBytes = opts.B * opts.T * kvCacheBytesPerToken(config, opts.dtype); // every cached K and V read once
  const computeSeconds = flops / hw.flopsPerSecond;
  const memorySeconds = (weightBytes + kvBytes) / hw.bytesPerSecond;
  return Math.max(computeSeconds, memorySeconds);
}

/** One block's saved activations, in values, per the spec's activation ledger. */
function blockActivationValues(config: ModelConfig, B: number, T: number): number {
  const { D, D_ff, n_heads } = config;
  const kvWidth = kvHeads(config) * dHead(config);
  const tokens = B * T;
  const weights = B * n_heads * T * T; // the softmax output, one [T, T] per head
  const attention = tokens * (D + D + D + 2 * kvWidth + D) + weights; // x, norm out, q, k and v, merged heads
  const mlp = tokens * (D + D) + tokens * D_ff * (config.family === 'llama' ? 3 : 2); // x_mid, norm out; gate, up, product (GELU: in, out)
  return attention + mlp;
}

/** Bytes a training step keeps for its backward pass: every block's activations, or with recomputation only the block inputs plus one block's. */
export function activationBytes(config: ModelConfig, opts: { B: number; T: number; dtype: DType; recompute: boolean }): number {
  const { B, T, dtype, recompute } = opts;
  const block = blockActivationValues(config, B, T);
  const values = recompute ? config.n_layers * B * T * config.D + block : config.n_layers * block; // checkpoints + the block being recomputed
  return values * bytesPerElement(dtype);
}

/** PaLM's model FLOPs of one step of B sequences of T tokens (weights 6N, attention over all T keys, three passes) at `mfu` of the peak. */
export function trainingStepSeconds(config: ModelConfig, opts: { B: number; T: number }, hw: Hardware, mfu: number): number {
  const perToken = 6 * nonEmbeddingParams(config) + 12 * config.n_layers * config.n_heads * dHead(config) * opts.T;
  return (opts.B * opts.T * perToken) / (mfu * hw.flopsPerSecond);
}
