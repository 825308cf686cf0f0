import { describe, expect, it } from 'vitest';
import { evalDim } from './dims.ts';

describe('evalDim', () => {
  const dims = { B: 2, D: 12, n_heads: 3, d_head: 4, T: 5 };

  it('reads symbols and integers', () => {
    expect(evalDim('B', dims)).toBe(2);
    expect(evalDim('7', dims)).toBe(7);
  });

  it('multiplies, divides, adds and respects parentheses and precedence', () => {
    expect(evalDim('n_heads * d_head', dims)).toBe(12);
    expect(evalDim('n_heads·d_head', dims)).toBe(12);
    expect(evalDim('D / n_heads', dims)).toBe(4);
    expect(evalDim('T + 1', dims)).toBe(6);
    expect(evalDim('2 * T + 1', dims)).toBe(11);
    expect(evalDim('2 * (T + 1)', dims)).toBe(12);
    expect(evalDim('T - 1', dims)).toBe(4);
  });

  it('names an unknown symbol and the known ones', () => {
    expect(() => evalDim('D_ff', dims)).toThrow(/D_ff[\s\S]*known: B, D, n_heads, d_head, T/);
  });

  it('refuses a division that is not whole, and anything that is not arithmetic', () => {
    expect(() => evalDim('T / 2', dims)).toThrow(/not a whole number/);
    expect(() => evalDim('process.exit()', dims)).toThrow(/cannot read/);
    expect(() => evalDim('B B', dims)).toThrow(/cannot read/);
  });
});
