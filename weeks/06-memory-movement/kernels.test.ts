import { describe, expect, it } from 'vitest';
import { createRng, randn, ShapeError, zeros, type Tensor } from '../../harness/runtime/index.ts';
import { expectClose } from '../../harness/testing/close.ts';
import { trustedMatmul } from '../../harness/testing/matmul.ts';
import { expectLedgerShape, readWeekSpec } from '../../harness/testing/spec.ts';
import { matmulBlocked, matmulIkj } from './kernels.ts';

const spec = readWeekSpec(import.meta.url);

/** Every kernel must agree with the trusted loop to 1e-12: only the order of the additions differs. */
const EXACT = { rtol: 1e-12, atol: 1e-12 };

type Dims = { M: number; K: number; N: number };

/** 1 × 1, a single row, K = 1, a single column, prime dims, and one that is a multiple of everything. */
const ODD_SHAPES: Dims[] = [
  { M: 1, K: 1, N: 1 },
  { M: 1, K: 13, N: 17 },
  { M: 7, K: 1, N: 5 },
  { M: 11, K: 3, N: 1 },
  { M: 13, K: 17, N: 19 },
  { M: 31, K: 29, N: 37 },
  { M: 64, K: 64, N: 64 },
];

function operands(dims: Dims, seed: number): { a: Tensor; b: Tensor } {
  const rng = createRng(seed);
  return { a: randn([dims.M, dims.K], rng), b: randn([dims.K, dims.N], rng) };
}

function name(dims: Dims, tile?: number): string {
  return `[${dims.M}, ${dims.K}] @ [${dims.K}, ${dims.N}]${tile === undefined ? '' : ` with tile ${tile}`}`;
}

function expectBlocked(dims: Dims, tile: number, seed: number): void {
  const { a, b } = operands(dims, seed);
  expectClose(`matmulBlocked ${name(dims, tile)}`, matmulBlocked(a, b, tile), trustedMatmul(a, b), EXACT);
}

/** A Float64Array whose element reads are recorded in order (index by index; methods such as subarray are not traced). */
function tracedData(data: Float64Array, reads: number[]): Float64Array {
  return new Proxy(data, {
    get(target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads.push(Number(key));
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** How many times a sequence of float64 reads moves on to another cache line of `lineBytes`. */
function lineChanges(reads: readonly number[], lineBytes: number): number {
  const perLine = lineBytes / 8;
  let changes = 0;
  let line = -1;
  for (const index of reads) {
    const next = Math.floor(index / perLine);
    if (next !== line) changes++;
    line = next;
  }
  return changes;
}

describe('shapes', { tags: ['shapes'] }, () => {
  it('matmulIkj and matmulBlocked return C with shape [M, N] (the ledger)', () => {
    for (const dims of ODD_SHAPES) {
      const { a, b } = operands(dims, 1);
      expectLedgerShape(spec.row('A'), dims, a);
      expectLedgerShape(spec.row('B'), dims, b);
      expectLedgerShape(spec.row('C'), dims, matmulIkj(a, b));
      expectLedgerShape(spec.row('C'), dims, matmulBlocked(a, b, 4));
    }
  });

  it('matmulIkj throws a ShapeError naming both shapes when the inner dims differ', () => {
    const call = () => matmulIkj(zeros([2, 3]), zeros([4, 5]));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/\[2, 3\][\s\S]*\[4, 5\]/);
  });

  it('matmulBlocked throws a ShapeError naming both shapes when the inner dims differ or an input is not 2-D', () => {
    const call = () => matmulBlocked(zeros([2, 3]), zeros([4, 5]), 2);
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/\[2, 3\][\s\S]*\[4, 5\]/);
    expect(() => matmulBlocked(zeros([3]), zeros([3, 2]), 2)).toThrow(ShapeError);
  });
});

describe('memory', { tags: ['memory'] }, () => {
  it('matmulIkj walks B along its rows: the cache lines per inner loop of the ledger, against i-j-k', () => {
    const ledger = spec.example('cache_lines');
    const dims = { M: spec.number('cache_lines', 'M'), K: spec.number('cache_lines', 'K'), N: spec.number('cache_lines', 'N') };
    const lineBytes = spec.number('cache_lines', 'line_bytes');
    const perInnerLoop = ledger.B_lines_per_inner_loop as { ijk: number; ikj: number };
    const { a, b } = operands(dims, 2);

    // The ledger's i-j-k row, traced on the trusted textbook loop (inner loop over k: M·N of them).
    const ijkReads: number[] = [];
    trustedMatmul(a, { shape: b.shape, data: tracedData(b.data, ijkReads) });
    expect(lineChanges(ijkReads, lineBytes) / (dims.M * dims.N), 'spec B_lines_per_inner_loop.ijk').toBe(perInnerLoop.ijk);

    // Your i-k-j loop: the inner loop over j runs M·K times and should read each B value once per row of A.
    const ikjReads: number[] = [];
    matmulIkj(a, { shape: b.shape, data: tracedData(b.data, ikjReads) });
    expect(ikjReads.length, `reads of B traced (index b.data directly; reads through subarray() are not traced)`).toBe(dims.M * dims.K * dims.N);
    expect(lineChanges(ikjReads, lineBytes) / (dims.M * dims.K), 'cache lines of B per inner loop of matmulIkj').toBe(perInnerLoop.ikj);
  });
});

describe('behaviour', { tags: ['behaviour'] }, () => {
  it('matmulIkj equals the trusted matmul on odd shapes (1×1, 1×N, K = 1, prime dims)', () => {
    ODD_SHAPES.forEach((dims, n) => {
      const { a, b } = operands(dims, 10 + n);
      expectClose(`matmulIkj ${name(dims)}`, matmulIkj(a, b), trustedMatmul(a, b), EXACT);
    });
  });

  it('matmulBlocked equals the trusted matmul with tile 1', () => {
    ODD_SHAPES.forEach((dims, n) => expectBlocked(dims, 1, 20 + n));
  });

  it('matmulBlocked equals the trusted matmul when the tile divides every dim', () => {
    expectBlocked({ M: 64, K: 64, N: 64 }, 16, 30);
    expectBlocked({ M: 96, K: 32, N: 64 }, 32, 31);
    expectBlocked({ M: 8, K: 24, N: 16 }, 8, 32);
  });

  it('matmulBlocked adds the partial sums of every k tile (K several times the tile)', () => {
    expectBlocked({ M: 8, K: 96, N: 8 }, 8, 40);
    expectBlocked({ M: 4, K: 64, N: 4 }, 4, 41);
  });

  it('matmulBlocked covers the ragged edge when tile does not divide M, K or N', () => {
    const cases: Array<[Dims, number]> = [
      [{ M: 13, K: 17, N: 19 }, 4],
      [{ M: 31, K: 29, N: 37 }, 8],
      [{ M: 10, K: 10, N: 10 }, 3],
      [{ M: 33, K: 65, N: 17 }, 16],
      [{ M: 6, K: 9, N: 7 }, 5],
      [{ M: 1, K: 13, N: 17 }, 4],
      [{ M: 11, K: 3, N: 1 }, 2],
    ];
    cases.forEach(([dims, tile], n) => expectBlocked(dims, tile, 50 + n));
  });

  it('matmulBlocked works when the tile is larger than every dim', () => {
    ODD_SHAPES.forEach((dims, n) => expectBlocked(dims, 100, 60 + n));
    expectBlocked({ M: 5, K: 3, N: 2 }, 4, 70);
  });

  it('matmulBlocked rejects a tile that is not a whole number ≥ 1 with a RangeError', () => {
    const { a, b } = operands({ M: 3, K: 3, N: 3 }, 80);
    expect(() => matmulBlocked(a, b, 2.5)).toThrow(RangeError);
    expect(() => matmulBlocked(a, b, Number.NaN)).toThrow(RangeError);
  });

  it('matmulIkj and matmulBlocked leave their inputs unchanged', () => {
    const { a, b } = operands({ M: 9, K: 7, N: 5 }, 90);
    const before = [a, b].map((t) => Array.from(t.data));
    matmulIkj(a, b);
    matmulBlocked(a, b, 4);
    expect([a, b].map((t) => Array.from(t.data))).toEqual(before);
  });
});
