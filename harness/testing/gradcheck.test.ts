import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../runtime/index.ts';
import { centralDifferences, compareGradients, expectGradient } from './gradcheck.ts';

const sumOfSquares = (x: Tensor) => x.data.reduce((s, v) => s + v * v, 0);

describe('the trusted gradient checker', () => {
  it('accepts the true gradient of Σ x² (2x)', () => {
    const x = tensor([3], [0.5, -1.5, 2]);
    const report = expectGradient('dx', sumOfSquares, x, tensor([3], [1, -3, 4]));
    expect(report.passed).toBe(true);
    expect(report.relativeError).toBeLessThan(1e-9);
  });

  it('rejects a gradient off by a factor and names the worst element', () => {
    const x = tensor([3], [0.5, -1.5, 2]);
    expect(() => expectGradient('dx', sumOfSquares, x, tensor([3], [1, -3, 2]))).toThrow(/dx\[2\] is 2, central differences give 4\.0000/);
  });

  it('passes an exactly-zero gradient despite rounding noise, thanks to atol', () => {
    // f does not depend on x[1]: its numerical gradient is rounding noise, the true one is 0.
    const f = (x: Tensor) => Math.sin(x.data[0]!) * 1e3;
    const x = tensor([2], [0.3, 7]);
    const report = compareGradients(tensor([2], [1e3 * Math.cos(0.3), 0]), centralDifferences(f, x));
    expect(report.passed).toBe(true);
  });

  it('rejects a shape mismatch before comparing values', () => {
    expect(() => expectGradient('dW', sumOfSquares, tensor([2, 3], [1, 2, 3, 4, 5, 6]), tensor([3, 2], [2, 4, 6, 8, 10, 12]))).toThrow(
      /dW has shape \[3, 2\], but the input it differentiates has shape \[2, 3\]/,
    );
  });

  it('restores x after probing', () => {
    const x = tensor([2], [1, 2]);
    centralDifferences(sumOfSquares, x);
    expect(Array.from(x.data)).toEqual([1, 2]);
  });

  it('fails NaN gradients', () => {
    const x = tensor([1], [1]);
    expect(compareGradients(tensor([1], [NaN]), centralDifferences(sumOfSquares, x)).passed).toBe(false);
  });
});
