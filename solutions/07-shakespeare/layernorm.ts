/**
 * Week 7: the backward pass of week 4's layerNorm over the last axis. Shapes: dy, x [..., D] ->
 * dx [..., D]; gain [D] -> dgain [D], dbias [D] (summed over every leading position).
 */
import { formatShape, ShapeError, zeros, type Tensor } from '../../harness/runtime/index.ts';

/**
 * Per row: x̂ = (x − μ)·r with r = 1/√(σ² + eps), y = x̂·g + b. With ĝ = dy·g,
 * dx = r·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)): the two mean terms are the paths through μ and through σ².
 */
export function layerNormBackward(dy: Tensor, x: Tensor, gain: Tensor, eps = 1e-5): { dx: Tensor; dgain: Tensor; dbias: Tensor } {
  const D = x.shape[x.shape.length - 1] ?? 0;
  if (dy.shape.join() !== x.shape.join() || gain.shape.join() !== `${D}`) {
    throw new ShapeError(`layerNormBackward needs dy and x of one shape [..., D] and gain [D], got dy ${formatShape(dy.shape)}, x ${formatShape(x.shape)} and gain ${formatShape(gain.shape)}`);
  }
  const dx = zeros(x.shape);
  const dgain = zeros([D]);
  const dbias = zeros([D]);
  const xhat = new Float64Array(D);
  const ghat = new Float64Array(D);
  for (let start = 0; start < x.data.length; start += D) {
    let mean = 0;
    for (let i = 0; i < D; i++) mean += x.data[start + i]!;
    mean /= D;
    let variance = 0;
    for (let i = 0; i < D; i++) variance += (x.data[start + i]! - mean) ** 2;
    const r = 1 / Math.sqrt(variance / D + eps);
    let meanG = 0;
    let meanGX = 0;
    for (let i = 0; i < D; i++) {
      const d = dy.data[start + i]!;
      xhat[i] = (x.data[start + i]! - mean) * r;
      ghat[i] = d * gain.data[i]!;
      dgain.data[i]! += d * xhat[i]!;
      dbias.data[i]! += d;
      meanG += ghat[i]!;
      meanGX += ghat[i]! * xhat[i]!;
    }
    meanG /= D;
    meanGX /= D;
    for (let i = 0; i < D; i++) dx.data[start + i] = r * (ghat[i]! - meanG - xhat[i]! * meanGX);
  }
  return { dx, dgain, dbias };
}
