import { describe, expect, it } from 'vitest';
import { tensor } from '../runtime/index.ts';
import { expectClose, expectCloseNumber } from './close.ts';

describe('expectClose', () => {
  it('passes equal tensors and values within tolerance', () => {
    expectClose('t', tensor([2], [1, 2]), [1, 2 + 1e-12]);
  });

  it('names the worst element with its index and both values', () => {
    const actual = tensor([2, 2], [1, 2, 3, 4.5]);
    expect(() => expectClose('Y', actual, [[1, 2.1], [3, 4]])).toThrow(/Y\[1, 1\] is 4\.5, expected 4/);
  });

  it('reports a shape mismatch with both shapes', () => {
    expect(() => expectClose('dW', tensor([3, 2], [1, 2, 3, 4, 5, 6]), [[1, 2, 3], [4, 5, 6]])).toThrow(/dW has shape \[3, 2\], expected \[2, 3\]/);
  });

  it('treats NaN and infinities as failures', () => {
    expect(() => expectClose('y', tensor([2], [1, NaN]), [1, 2])).toThrow(/y\[1\] is NaN/);
    expect(() => expectClose('y', tensor([1], [Infinity]), [1])).toThrow(/is Infinity/);
    expect(() => expectCloseNumber('loss', NaN, 0.5)).toThrow(/^loss is NaN, expected 0.5/);
  });

  it('says what it got when the value is not a tensor', () => {
    expect(() => expectClose('Y', undefined as never, [1])).toThrow(/Y should be a tensor/);
  });
});
