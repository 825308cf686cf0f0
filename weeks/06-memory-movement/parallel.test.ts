import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createRng, randn, ShapeError, zeros, type Tensor } from '../../harness/runtime/index.ts';
import { expectClose } from '../../harness/testing/close.ts';
import { trustedMatmul } from '../../harness/testing/matmul.ts';
import { expectLedgerShape, readWeekSpec } from '../../harness/testing/spec.ts';
import { parallelMatmul, partitionRows } from './parallel.ts';

const spec = readWeekSpec(import.meta.url);

/**
 * Every value the code under test hands to a worker thread: each Worker's workerData and every
 * worker.postMessage. worker_threads is replaced by the same module with a recording Worker, so the
 * memory check can see whether B crossed as one shared buffer or as copies.
 */
const recorder = vi.hoisted(() => {
  const sent: unknown[] = [];
  const factory = async (importOriginal: () => Promise<unknown>) => {
    const real = (await importOriginal()) as typeof import('node:worker_threads');
    class RecordingWorker extends real.Worker {
      constructor(...args: ConstructorParameters<typeof real.Worker>) {
        super(...args);
        sent.push(args[1]?.workerData);
      }
      override postMessage(value: unknown, transferList?: Parameters<InstanceType<typeof real.Worker>['postMessage']>[1]): void {
        sent.push(value);
        super.postMessage(value, transferList);
      }
    }
    return { ...real, Worker: RecordingWorker, default: { ...real, Worker: RecordingWorker } };
  };
  return { sent, factory };
});
vi.mock('node:worker_threads', (importOriginal) => recorder.factory(importOriginal));
vi.mock('worker_threads', (importOriginal) => recorder.factory(importOriginal));

const EXACT = { rtol: 1e-12, atol: 1e-12 };

function operands(M: number, K: number, N: number, seed: number): { a: Tensor; b: Tensor } {
  const rng = createRng(seed);
  return { a: randn([M, K], rng), b: randn([K, N], rng) };
}

async function expectParallel(M: number, K: number, N: number, workers: number, seed: number): Promise<void> {
  const { a, b } = operands(M, K, N, seed);
  const c = await parallelMatmul(a, b, workers);
  expectLedgerShape(spec.row('C'), { M, K, N }, c);
  expectClose(`parallelMatmul [${M}, ${K}] @ [${K}, ${N}] on ${workers} workers`, c, trustedMatmul(a, b), EXACT);
}

/** Calls f and turns a synchronous throw into a rejection, so a non-async parallelMatmul is judged the same way. */
function settle<T>(f: () => Promise<T>): Promise<T> {
  return Promise.resolve().then(f);
}

/** (M, workers) pairs: fewer rows than workers, equal, a remainder of every size, large. */
const PARTITIONS: Array<[number, number]> = [];
for (let M = 0; M <= 24; M++) for (let workers = 1; workers <= 9; workers++) PARTITIONS.push([M, workers]);
PARTITIONS.push([1000, 7], [1024, 3], [1_000_003, 64], [5, 1]);

/** Where a buffer's float64 values contain all of `values` in a row. */
function holds(buffer: ArrayBufferLike, values: Float64Array): boolean {
  const view = new Float64Array(buffer, 0, Math.floor(buffer.byteLength / 8));
  for (let start = 0; start + values.length <= view.length; start++) {
    if (view[start] !== values[0]) continue;
    if (values.every((v, i) => view[start + i] === v)) return true;
  }
  return false;
}

/** The shared buffers holding B, and the paths of anything else holding B (a copy per message). */
function whereBWent(sent: readonly unknown[], b: Float64Array): { shared: Set<SharedArrayBuffer>; copies: string[] } {
  const shared = new Set<SharedArrayBuffer>();
  const copies: string[] = [];
  let seen = new Set<unknown>();
  const visit = (value: unknown, path: string, depth: number): void => {
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > 8) return;
    seen.add(value);
    if (value instanceof SharedArrayBuffer) {
      if (holds(value, b)) shared.add(value);
    } else if (value instanceof ArrayBuffer) {
      if (holds(value, b)) copies.push(path);
    } else if (ArrayBuffer.isView(value)) {
      visit(value.buffer, `${path}.buffer`, depth + 1);
    } else if (Array.isArray(value)) {
      if (value.length === b.length && value.every((v, i) => v === b[i])) copies.push(path);
      else value.forEach((v, i) => visit(v, `${path}[${i}]`, depth + 1));
    } else {
      for (const [key, v] of Object.entries(value)) visit(v, `${path}.${key}`, depth + 1);
    }
  };
  sent.forEach((value, i) => {
    seen = new Set(); // each message is cloned on its own: the same array sent twice is two copies
    visit(value, `sent value ${i}`, 0);
  });
  return { shared, copies };
}

beforeEach(() => {
  recorder.sent.length = 0;
});

describe('shapes', { tags: ['shapes'] }, () => {
  it('parallelMatmul rejects with a ShapeError naming both shapes when the inner dims differ', async () => {
    await expect(settle(() => parallelMatmul(zeros([2, 3]), zeros([4, 5]), 2))).rejects.toThrow(ShapeError);
    await expect(settle(() => parallelMatmul(zeros([2, 3]), zeros([4, 5]), 2))).rejects.toThrow(/\[2, 3\][\s\S]*\[4, 5\]/);
  });
});

describe('memory', { tags: ['memory'] }, () => {
  // A structured clone (workerData, postMessage) copies every ArrayBuffer it meets, once per message;
  // a SharedArrayBuffer crosses as a handle to the same memory. So B must reach the workers inside
  // one SharedArrayBuffer, and nothing else sent to them may hold B's values.
  it('parallelMatmul sends B to the workers as one SharedArrayBuffer, not a copy per worker', async () => {
    const { a, b } = operands(6, 5, 7, 100);
    const c = await parallelMatmul(a, b, 3);
    expectClose('parallelMatmul [6, 5] @ [5, 7] on 3 workers', c, trustedMatmul(a, b), EXACT);
    const { shared, copies } = whereBWent(recorder.sent, b.data);
    expect(copies, 'values sent to workers that hold a copy of B (a structured clone copies them per message)').toEqual([]);
    expect(shared.size, 'SharedArrayBuffers holding B sent to the 3 workers through workerData or worker.postMessage (1: shared; 3: a copy per worker)').toBe(1);
  });
});

describe('behaviour', { tags: ['behaviour'] }, () => {
  it('partitionRows covers every row 0..M exactly once with contiguous ranges, for many (M, workers)', () => {
    for (const [M, workers] of PARTITIONS) {
      const ranges = partitionRows(M, workers);
      const where = `partitionRows(${M}, ${workers}) = ${JSON.stringify(ranges.length > 12 ? ranges.slice(0, 12) : ranges)}`;
      expect(ranges.length, `${where}: one range per worker`).toBe(workers);
      expect(ranges[0]![0], `${where}: starts at row 0`).toBe(0);
      expect(ranges[workers - 1]![1], `${where}: ends at row M`).toBe(M);
      ranges.forEach(([start, end], w) => {
        expect(end >= start, `${where}: range ${w} runs forward`).toBe(true);
        if (w > 0) expect(start, `${where}: range ${w} starts where range ${w - 1} ends`).toBe(ranges[w - 1]![1]);
      });
    }
  });

  it('partitionRows gives sizes that differ by at most one, and no empty range when M ≥ workers', () => {
    // The worked example: any valid split of its rows has the example's sizes, in some order.
    const M = spec.number('partition', 'M');
    const workers = spec.number('partition', 'workers');
    const exampleSizes = (spec.example('partition').ranges as Array<[number, number]>).map(([start, end]) => end - start);
    const bySize = (x: number, y: number) => x - y;
    const sizesOf = partitionRows(M, workers).map(([start, end]) => end - start);
    expect([...sizesOf].sort(bySize), `sizes of partitionRows(${M}, ${workers}) against the spec's ranges`).toEqual([...exampleSizes].sort(bySize));
    for (const [M, workers] of PARTITIONS) {
      const sizes = partitionRows(M, workers).map(([start, end]) => end - start);
      const where = `partitionRows(${M}, ${workers}) sizes ${JSON.stringify(sizes.length > 12 ? sizes.slice(0, 12) : sizes)}`;
      expect(Math.max(...sizes) - Math.min(...sizes), where).toBeLessThanOrEqual(1);
      if (M >= workers) expect(Math.min(...sizes), `${where}: an empty range although M ≥ workers`).toBeGreaterThan(0);
    }
  });

  it('partitionRows throws a RangeError naming the count for fewer than 1 worker or a fractional one', () => {
    expect(() => partitionRows(10, 0)).toThrow(RangeError);
    expect(() => partitionRows(10, 0)).toThrow(/0/);
    expect(() => partitionRows(10, -2)).toThrow(RangeError);
    expect(() => partitionRows(10, 1.5)).toThrow(RangeError);
  });

  it('parallelMatmul equals matmul with 1 worker', async () => {
    await expectParallel(1, 1, 1, 1, 1);
    await expectParallel(13, 17, 19, 1, 2);
  });

  it('parallelMatmul equals matmul with 2 workers', async () => {
    await expectParallel(37, 29, 41, 2, 3);
    await expectParallel(64, 64, 64, 2, 4);
  });

  it('parallelMatmul equals matmul with 3 workers, including rows that do not split evenly', async () => {
    await expectParallel(31, 7, 23, 3, 5);
    await expectParallel(1, 13, 17, 3, 6);
  });

  it('parallelMatmul equals matmul with more workers than rows', async () => {
    await expectParallel(2, 5, 3, 5, 7);
    await expectParallel(3, 1, 4, 8, 8);
  });

  it('parallelMatmul rejects fewer than 1 worker with a RangeError', async () => {
    const { a, b } = operands(4, 3, 2, 9);
    await expect(settle(() => parallelMatmul(a, b, 0))).rejects.toThrow(RangeError);
  });

  it('parallelMatmul leaves its inputs unchanged', async () => {
    const { a, b } = operands(9, 7, 5, 10);
    const before = [a, b].map((t) => Array.from(t.data));
    await parallelMatmul(a, b, 2);
    expect([a, b].map((t) => Array.from(t.data))).toEqual(before);
  });
});
