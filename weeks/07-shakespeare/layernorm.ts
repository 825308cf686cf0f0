/**
 * Week 7: the backward pass of week 4's layerNorm over the last axis. Read spec.md first ("The
 * backward pass of LayerNorm"), and answer predictions.yaml before you write the code.
 * Shapes: dy, x [..., D] -> dx [..., D]; gain [D] -> dgain [D] and dbias [D].
 */
import { formatShape, NotImplemented, ShapeError, type Tensor } from '../../harness/runtime/index.ts';
// Shape errors: throw new ShapeError(...) naming every shape with formatShape, e.g. [2, 3, 4].

/**
 * Given dy = ∂L/∂y for y = layerNorm(x, gain, bias, eps) (week 4), return ∂L/∂x (x's shape) and
 * ∂L/∂gain, ∂L/∂bias ([D], summed over every leading position: they are shared by all of them).
 * Recompute the row's mean and 1/√(var + eps) from x. Every x_i reaches the loss directly and through
 * the row's mean and variance: follow all three paths (spec.md; the gradient checker tells you when
 * you have them). A ShapeError naming dy, x and gain when dy and x differ or gain is not [D].
 */
export function layerNormBackward(dy: Tensor, x: Tensor, gain: Tensor, eps = 1e-5): { dx: Tensor; dgain: Tensor; dbias: Tensor } {
  throw new NotImplemented('layerNormBackward', 7);
}
