import { describe, expect, it } from 'vitest';
import { bytesPerElement, type DType } from '../../harness/runtime/index.ts';
import { readWeekSpec } from '../../harness/testing/spec.ts';
import { decoderParamCount, type DecoderConfig } from '../04-decoder/decoder.ts';
import { trainingMemory, trainingStepFlops } from './budget.ts';

const spec = readWeekSpec(import.meta.url);

function configOf(example: string): DecoderConfig & { B: number; T: number } {
  const n = (key: string) => spec.number(example, key);
  return { V: n('V'), T_max: n('T_max'), D: n('D'), n_heads: n('n_heads'), D_ff: n('D_ff'), n_layers: n('n_layers'), B: n('B'), T: n('T') };
}

const SHAPES: DecoderConfig[] = [
  { V: 65, T_max: 64, D: 32, n_heads: 4, D_ff: 128, n_layers: 3 },
  { V: 1000, T_max: 256, D: 96, n_heads: 6, D_ff: 200, n_layers: 2 },
];

describe('flops', { tags: ['flops'] }, () => {
  it("trainingStepFlops matches the tiny decoder counted by hand in the spec's example", () => {
    const c = configOf('flops_tiny');
    expect(trainingStepFlops(c, c.B, c.T)).toBe(spec.number('flops_tiny', 'flops'));
  });

  it('trainingStepFlops is linear in B: every sequence of the batch costs the same', () => {
    for (const c of SHAPES) {
      const one = trainingStepFlops(c, 1, 32);
      for (const B of [2, 3, 16]) expect(trainingStepFlops(c, B, 32), `B=${B}`).toBe(B * one);
    }
  });

  it('trainingStepFlops grows faster than T (attention compares every pair of positions) and slower than T²', () => {
    for (const c of SHAPES) {
      for (const T of [8, 64]) {
        const ratio = trainingStepFlops(c, 4, 2 * T) / trainingStepFlops(c, 4, T);
        expect(ratio, `T=${T} -> ${2 * T}`).toBeGreaterThan(2);
        expect(ratio, `T=${T} -> ${2 * T}`).toBeLessThan(4);
      }
    }
  });

  it('trainingStepFlops does not depend on T_max or n_heads: the heads split D, they do not add work under the convention', () => {
    const c = SHAPES[0]!;
    const base = trainingStepFlops(c, 4, 16);
    expect(trainingStepFlops({ ...c, T_max: 1024 }, 4, 16)).toBe(base);
    expect(trainingStepFlops({ ...c, n_heads: 1 }, 4, 16)).toBe(base);
  });
});

describe('memory', { tags: ['memory'] }, () => {
  it("trainingMemory matches every part of the spec's tiny example in fp32", () => {
    const c = configOf('memory_tiny');
    const got = trainingMemory(c, c.B, c.T, spec.example('memory_tiny').dtype as DType);
    for (const part of ['parameters', 'gradients', 'adamw', 'activations', 'total'] as const) {
      expect(got[part], part).toBe(spec.number('memory_tiny', part));
    }
  });

  it("trainingMemory's parameters are week 4's decoderParamCount in the dtype, gradients as many, AdamW two moments each", () => {
    for (const c of SHAPES) {
      for (const dtype of ['fp64', 'fp32', 'bf16'] as DType[]) {
        const m = trainingMemory(c, 4, 32, dtype);
        const parameters = decoderParamCount(c) * bytesPerElement(dtype);
        expect(m.parameters, `${dtype} parameters`).toBe(parameters);
        expect(m.gradients, `${dtype} gradients`).toBe(parameters);
        expect(m.adamw, `${dtype} adamw`).toBe(2 * parameters);
      }
    }
  });

  it('trainingMemory total is the sum of its four parts, and only the activations grow with B', () => {
    for (const c of SHAPES) {
      const one = trainingMemory(c, 1, 32, 'fp32');
      const five = trainingMemory(c, 5, 32, 'fp32');
      expect(one.total).toBe(one.parameters + one.gradients + one.adamw + one.activations);
      expect(five.total).toBe(five.parameters + five.gradients + five.adamw + five.activations);
      expect(five.activations).toBe(5 * one.activations);
      expect(five.parameters).toBe(one.parameters);
    }
  });

  it('trainingMemory activations grow faster than T (the attention weights are T × T per head) and scale with the dtype', () => {
    for (const c of SHAPES) {
      expect(trainingMemory(c, 2, 64, 'fp32').activations).toBeGreaterThan(2 * trainingMemory(c, 2, 32, 'fp32').activations);
      expect(trainingMemory(c, 2, 32, 'fp32').activations).toBe(2 * trainingMemory(c, 2, 32, 'bf16').activations);
    }
  });
});
