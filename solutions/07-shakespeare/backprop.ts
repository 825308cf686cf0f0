/**
 * Week 7: the backward pass of week 4's whole decoder. decoderLossAndGrads runs the forward pass once,
 * keeping what the backward pass needs (the spec's table of saved activations), then walks back from
 * the mean cross-entropy to every parameter. The big matmuls run on week 6's blocked kernel.
 * Shapes: inputs, targets [B][T] -> loss (a number) and grads with the shapes of the params.
 */
import { formatShape, ShapeError, zeros, type Tensor } from '../../harness/runtime/index.ts';
import { transpose } from '../01-linear/linear.ts';
import { embed, layerNorm, type DecoderLayer, type DecoderParams } from '../04-decoder/decoder.ts';
import { matmulBlocked } from '../06-memory-movement/kernels.ts';
import { layerNormBackward } from './layernorm.ts';

/** Every parameter's gradient, with the parameter's own shape: DecoderParams without its config. */
export type DecoderGrads = Omit<DecoderParams, 'config'>;

/** Three 32 × 32 fp64 tiles take 24 KiB: they sit in a 32 KiB L1 (week 6's largestTile rule). */
const TILE = 32;

/** [M, K] @ [K, N] -> [M, N] on week 6's blocked kernel; the leading axes of a are folded into M. */
function mm(a: Tensor, b: Tensor): Tensor {
  const K = b.shape[0]!;
  return matmulBlocked({ shape: [a.data.length / K, K], data: a.data }, b, TILE);
}

/** aᵀ @ b for a [M, K] and b [M, N] (leading axes folded into M): [K, N], a weight's gradient. */
function mmTA(a: Tensor, b: Tensor): Tensor {
  const K = a.shape[a.shape.length - 1]!;
  const N = b.shape[b.shape.length - 1]!;
  const M = a.data.length / K;
  return matmulBlocked(transpose({ shape: [M, K], data: a.data }), { shape: [M, N], data: b.data }, TILE);
}

/** a @ bᵀ for a [M, N] and b [K, N]: [M, K], the gradient flowing back through x @ b. */
function mmTB(a: Tensor, b: Tensor): Tensor {
  return mm(a, transpose(b));
}

function addInto(target: Tensor, source: Tensor): Tensor {
  for (let i = 0; i < target.data.length; i++) target.data[i]! += source.data[i]!;
  return target;
}

/** [M, N] -> [N]: the sum over rows, a bias's gradient. */
function sumRows(a: Tensor): Tensor {
  const N = a.shape[a.shape.length - 1]!;
  const out = zeros([N]);
  for (let i = 0; i < a.data.length; i++) out.data[i % N]! += a.data[i]!;
  return out;
}

/** What one block keeps from its forward pass for its backward pass (the spec's table). */
type BlockCache = {
  layer: DecoderLayer;
  n_heads: number;
  x: Tensor; // [B, T, D] block input, for LN1's backward
  a1: Tensor; // LN1(x) [B, T, D]
  q: Tensor; // [B, T, D], heads side by side in the last axis
  k: Tensor;
  v: Tensor;
  weights: Float64Array; // [B, n_heads, T, T], 0 above the diagonal
  heads: Tensor; // weights @ v, merged: [B, T, D]
  h: Tensor; // x + attention: [B, T, D], for LN2's backward
  a2: Tensor; // LN2(h) [B, T, D]
  pre: Tensor; // a2 @ w1 + b1 [B, T, D_ff]
  hidden: Tensor; // relu(pre) [B, T, D_ff]
};

function addBias(y: Tensor, b: Tensor): Tensor {
  const N = b.data.length;
  for (let i = 0; i < y.data.length; i++) y.data[i]! += b.data[i % N]!;
  return y;
}

/** Causal attention of q, k, v [B, T, D] head by head: weights [B, n_heads, T, T] and merged heads [B, T, D]. */
function attend(q: Tensor, k: Tensor, v: Tensor, n_heads: number): { weights: Float64Array; heads: Tensor } {
  const [B, T, D] = q.shape as [number, number, number];
  const d_head = D / n_heads;
  const scale = 1 / Math.sqrt(d_head);
  const weights = new Float64Array(B * n_heads * T * T);
  const heads = zeros([B, T, D]);
  for (let b = 0; b < B; b++) {
    for (let hd = 0; hd < n_heads; hd++) {
      const col = hd * d_head;
      for (let i = 0; i < T; i++) {
        const w = ((b * n_heads + hd) * T + i) * T;
        const qi = (b * T + i) * D + col;
        let max = -Infinity;
        for (let j = 0; j <= i; j++) {
          const kj = (b * T + j) * D + col;
          let s = 0;
          for (let c = 0; c < d_head; c++) s += q.data[qi + c]! * k.data[kj + c]!;
          weights[w + j] = s * scale;
          if (s * scale > max) max = s * scale;
        }
        let sum = 0;
        for (let j = 0; j <= i; j++) sum += weights[w + j] = Math.exp(weights[w + j]! - max);
        for (let j = 0; j <= i; j++) {
          const p = (weights[w + j]! /= sum);
          const vj = (b * T + j) * D + col;
          for (let c = 0; c < d_head; c++) heads.data[qi + c]! += p * v.data[vj + c]!;
        }
      }
    }
  }
  return { weights, heads };
}

/** dq, dk, dv [B, T, D] from d(heads) [B, T, D], through weights @ v, the softmax and the 1/√d_head scale. */
function attendBackward(cache: BlockCache, dHeads: Tensor): { dq: Tensor; dk: Tensor; dv: Tensor } {
  const { q, k, v, weights, n_heads } = cache;
  const [B, T, D] = q.shape as [number, number, number];
  const d_head = D / n_heads;
  const scale = 1 / Math.sqrt(d_head);
  const dq = zeros([B, T, D]);
  const dk = zeros([B, T, D]);
  const dv = zeros([B, T, D]);
  const dP = new Float64Array(T);
  for (let b = 0; b < B; b++) {
    for (let hd = 0; hd < n_heads; hd++) {
      const col = hd * d_head;
      for (let i = 0; i < T; i++) {
        const w = ((b * n_heads + hd) * T + i) * T;
        const qi = (b * T + i) * D + col;
        let dot = 0;
        for (let j = 0; j <= i; j++) {
          const vj = (b * T + j) * D + col;
          const p = weights[w + j]!;
          let s = 0;
          for (let c = 0; c < d_head; c++) {
            s += dHeads.data[qi + c]! * v.data[vj + c]!;
            dv.data[vj + c]! += p * dHeads.data[qi + c]!;
          }
          dP[j] = s;
          dot += p * s;
        }
        for (let j = 0; j <= i; j++) {
          const dS = weights[w + j]! * (dP[j]! - dot) * scale; // softmax backward, then the scale
          const kj = (b * T + j) * D + col;
          for (let c = 0; c < d_head; c++) {
            dq.data[qi + c]! += dS * k.data[kj + c]!;
            dk.data[kj + c]! += dS * q.data[qi + c]!;
          }
        }
      }
    }
  }
  return { dq, dk, dv };
}

/** week 4's decoderBlock on x [B, T, D], keeping what blockBackward needs. */
function blockForward(x: Tensor, layer: DecoderLayer, n_heads: number): { out: Tensor; cache: BlockCache } {
  const a1 = layerNorm(x, layer.ln1.gain, layer.ln1.bias);
  const shaped = (t: Tensor, last: number) => ({ shape: [...x.shape.slice(0, -1), last], data: t.data });
  const D = x.shape[2]!;
  const q = shaped(mm(a1, layer.wq), D);
  const k = shaped(mm(a1, layer.wk), D);
  const v = shaped(mm(a1, layer.wv), D);
  const { weights, heads } = attend(q, k, v, n_heads);
  const h = addInto(shaped(mm(heads, layer.wo), D), x);
  const a2 = layerNorm(h, layer.ln2.gain, layer.ln2.bias);
  const pre = shaped(addBias(mm(a2, layer.w1), layer.b1), layer.w1.shape[1]!);
  const hidden = { shape: pre.shape, data: pre.data.map((p) => (p > 0 ? p : 0)) };
  const out = addInto(shaped(addBias(mm(hidden, layer.w2), layer.b2), D), h);
  return { out, cache: { layer, n_heads, x, a1, q, k, v, weights, heads, h, a2, pre, hidden } };
}

/** From d(out) [B, T, D] back to d(x) [B, T, D] and every parameter of the block. */
function blockBackward(cache: BlockCache, dOut: Tensor): { dx: Tensor; grads: DecoderLayer } {
  const { layer, x, a1, heads, h, a2, pre, hidden } = cache;
  // MLP: out = h + relu(a2 @ w1 + b1) @ w2 + b2
  const dHidden = mmTB(dOut, layer.w2);
  for (let i = 0; i < dHidden.data.length; i++) if (!(pre.data[i]! > 0)) dHidden.data[i] = 0;
  const ln2 = layerNormBackward({ shape: h.shape, data: mmTB(dHidden, layer.w1).data }, h, layer.ln2.gain);
  const dh = addInto(ln2.dx, dOut); // the residual passes dOut straight through
  // attention: h = x + heads @ wo
  const dHeads = { shape: h.shape, data: mmTB(dh, layer.wo).data };
  const { dq, dk, dv } = attendBackward(cache, dHeads);
  const da1 = mmTB(dq, layer.wq);
  addInto(da1, mmTB(dk, layer.wk));
  addInto(da1, mmTB(dv, layer.wv));
  const ln1 = layerNormBackward({ shape: x.shape, data: da1.data }, x, layer.ln1.gain);
  const grads: DecoderLayer = {
    ln1: { gain: ln1.dgain, bias: ln1.dbias },
    wq: mmTA(a1, dq),
    wk: mmTA(a1, dk),
    wv: mmTA(a1, dv),
    wo: mmTA(heads, dh),
    ln2: { gain: ln2.dgain, bias: ln2.dbias },
    w1: mmTA(a2, dHidden),
    b1: sumRows(dHidden),
    w2: mmTA(hidden, dOut),
    b2: sumRows(dOut),
  };
  return { dx: addInto(ln1.dx, dh), grads };
}

/**
 * One pre-LayerNorm block's backward pass: given x [B, T, D], the block's parameters and d(out)
 * [B, T, D] for week 4's decoderBlock(x, layer, n_heads).out, returns dx [B, T, D] and the gradient
 * of every parameter of the layer, each with its parameter's shape.
 */
export function decoderBlockBackward(dOut: Tensor, x: Tensor, layer: DecoderLayer, n_heads: number): { dx: Tensor; grads: DecoderLayer } {
  if (x.shape.length !== 3 || dOut.shape.join() !== x.shape.join()) {
    throw new ShapeError(`decoderBlockBackward needs x [B, T, D] and dOut of the same shape, got x ${formatShape(x.shape)} and dOut ${formatShape(dOut.shape)}`);
  }
  return blockBackward(blockForward(x, layer, n_heads).cache, dOut);
}

function checkTargets(inputs: number[][], targets: number[][], V: number): void {
  const shape = (rows: number[][]) => `[${rows.length}][${rows.map((r) => r.length).join('|')}]`;
  if (targets.length !== inputs.length || targets.some((row, b) => row.length !== inputs[b]!.length)) {
    throw new ShapeError(`targets must have the shape of inputs [B][T], got inputs ${shape(inputs)} and targets ${shape(targets)}`);
  }
  const bad = targets.flat().find((id) => !Number.isInteger(id) || id < 0 || id >= V);
  if (bad !== undefined) throw new ShapeError(`target ${bad} is outside the vocabulary [0, V=${V})`);
}

/** Mean cross-entropy of logits [N, V] against targets, and d(loss)/d(logits) [N, V]. */
function lossAndDLogits(logits: Tensor, targets: number[]): { loss: number; dLogits: Tensor } {
  const V = logits.shape[1]!;
  const N = targets.length;
  const scale = 1 / N; // the mean over all B·T positions
  const dLogits = zeros(logits.shape);
  let total = 0;
  for (let n = 0; n < N; n++) {
    const row = n * V;
    let max = -Infinity;
    for (let c = 0; c < V; c++) max = Math.max(max, logits.data[row + c]!);
    let sum = 0;
    for (let c = 0; c < V; c++) sum += dLogits.data[row + c] = Math.exp(logits.data[row + c]! - max);
    total += max + Math.log(sum) - logits.data[row + targets[n]!]!;
    for (let c = 0; c < V; c++) dLogits.data[row + c] = (dLogits.data[row + c]! / sum) * scale;
    dLogits.data[row + targets[n]!]! -= scale;
  }
  return { loss: total * scale, dLogits };
}

/**
 * The mean cross-entropy over all B·T positions of week 4's decoder on inputs [B][T] against targets
 * [B][T], and its gradient with respect to every parameter (DecoderGrads: the params' shapes).
 */
export function decoderLossAndGrads(params: DecoderParams, inputs: number[][], targets: number[][]): { loss: number; grads: DecoderGrads } {
  const { V, D, n_heads } = params.config;
  let x = embed(params, inputs, 0); // [B, T, D]; checks the inputs
  checkTargets(inputs, targets, V);
  const [B, T] = x.shape as [number, number];
  const caches: BlockCache[] = [];
  for (const layer of params.layers) {
    const block = blockForward(x, layer, n_heads);
    caches.push(block.cache);
    x = block.out;
  }
  const af = layerNorm(x, params.lnFinal.gain, params.lnFinal.bias);
  const { loss, dLogits } = lossAndDLogits(mm(af, params.head), targets.flat()); // logits [B·T, V]
  const head = mmTA(af, dLogits);
  const lnF = layerNormBackward({ shape: x.shape, data: mmTB(dLogits, params.head).data }, x, params.lnFinal.gain);
  let dx = lnF.dx;
  const layers: DecoderLayer[] = new Array(caches.length);
  for (let l = caches.length - 1; l >= 0; l--) {
    const back = blockBackward(caches[l]!, dx);
    layers[l] = back.grads;
    dx = back.dx;
  }
  const tokenEmbedding = zeros(params.tokenEmbedding.shape);
  const positionEmbedding = zeros(params.positionEmbedding.shape);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < T; i++) {
      const from = (b * T + i) * D;
      const id = inputs[b]![i]!;
      for (let j = 0; j < D; j++) {
        tokenEmbedding.data[id * D + j]! += dx.data[from + j]!;
        positionEmbedding.data[i * D + j]! += dx.data[from + j]!;
      }
    }
  }
  return { loss, grads: { tokenEmbedding, positionEmbedding, layers, lnFinal: { gain: lnF.dgain, bias: lnF.dbias }, head } };
}
