/**
 * Week 6: one matmul on every core. The rows of C are split across worker threads that read the same
 * A and B from shared memory (SharedArrayBuffer): B is copied once into shared memory, never per worker.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import { formatShape, KiB, ShapeError, type Tensor } from '../../harness/runtime/index.ts';
import { largestTile } from './traffic.ts';

/** This machine's L2 cache per core (lscpu; /sys/devices/system/cpu/cpu0/cache/index2/size). */
const L2_BYTES = 512 * KiB;

/** Contiguous half-open row ranges, one per worker: range w starts where range w − 1 ends, sizes differ by at most one. */
export function partitionRows(M: number, workers: number): Array<[start: number, end: number]> {
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`partitionRows needs a whole number of workers ≥ 1, got ${workers}`);
  if (!Number.isInteger(M) || M < 0) throw new RangeError(`partitionRows needs a whole number of rows M ≥ 0, got ${M}`);
  const ranges: Array<[number, number]> = [];
  for (let w = 0; w < workers; w++) ranges.push([Math.floor((w * M) / workers), Math.floor(((w + 1) * M) / workers)]);
  return ranges;
}

/**
 * What a worker runs. Plain JavaScript in a string, because a worker thread starts outside the
 * TypeScript toolchain (like a CUDA kernel handed to the driver as source). The kernel is
 * matmulBlocked's, restricted to rows start..end and writing straight into the shared C.
 */
const WORKER_SOURCE = String.raw`
const { parentPort } = require('node:worker_threads');

function rows(A, B, C, K, N, start, end, tile) {
  for (let i0 = start; i0 < end; i0 += tile) {
    const i1 = Math.min(i0 + tile, end);
    for (let j0 = 0; j0 < N; j0 += tile) {
      const j1 = Math.min(j0 + tile, N);
      for (let k0 = 0; k0 < K; k0 += tile) {
        const k1 = Math.min(k0 + tile, K);
        let i = i0;
        for (; i + 4 <= i1; i += 4) {
          let j = j0;
          for (; j + 4 <= j1; j += 4) block4x4(A, B, C, K, N, i, j, k0, k1);
          ikj(A, B, C, K, N, i, i + 4, j, j1, k0, k1);
        }
        ikj(A, B, C, K, N, i, i1, j0, j1, k0, k1);
      }
    }
  }
}

function ikj(A, B, C, K, N, i0, i1, j0, j1, k0, k1) {
  for (let i = i0; i < i1; i++) {
    for (let k = k0; k < k1; k++) {
      const aik = A[i * K + k];
      for (let j = j0; j < j1; j++) C[i * N + j] += aik * B[k * N + j];
    }
  }
}

function block4x4(A, B, C, K, N, i, j, k0, k1) {
  const r0 = i * N + j, r1 = r0 + N, r2 = r1 + N, r3 = r2 + N;
  const a0 = i * K, a1 = a0 + K, a2 = a1 + K, a3 = a2 + K;
  let c00 = C[r0], c01 = C[r0 + 1], c02 = C[r0 + 2], c03 = C[r0 + 3];
  let c10 = C[r1], c11 = C[r1 + 1], c12 = C[r1 + 2], c13 = C[r1 + 3];
  let c20 = C[r2], c21 = C[r2 + 1], c22 = C[r2 + 2], c23 = C[r2 + 3];
  let c30 = C[r3], c31 = C[r3 + 1], c32 = C[r3 + 2], c33 = C[r3 + 3];
  for (let k = k0; k < k1; k++) {
    const bk = k * N + j;
    const b0 = B[bk], b1 = B[bk + 1], b2 = B[bk + 2], b3 = B[bk + 3];
    let x = A[a0 + k];
    c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
    x = A[a1 + k];
    c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
    x = A[a2 + k];
    c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
    x = A[a3 + k];
    c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
  }
  C[r0] = c00; C[r0 + 1] = c01; C[r0 + 2] = c02; C[r0 + 3] = c03;
  C[r1] = c10; C[r1 + 1] = c11; C[r1 + 2] = c12; C[r1 + 3] = c13;
  C[r2] = c20; C[r2 + 1] = c21; C[r2 + 2] = c22; C[r2 + 3] = c23;
  C[r3] = c30; C[r3 + 1] = c31; C[r3 + 2] = c32; C[r3 + 3] = c33;
}

// A task names the shared buffers (views on them cost nothing) and the port to answer on.
parentPort.on('message', (task) => {
  try {
    rows(new Float64Array(task.a), new Float64Array(task.b), new Float64Array(task.c), task.K, task.N, task.start, task.end, task.tile);
    task.port.postMessage({ done: true });
  } catch (error) {
    task.port.postMessage({ error: String((error && error.stack) || error) });
  }
  task.port.close();
});
`;

/**
 * Workers are kept between calls: starting one costs tens of milliseconds and its kernel must warm up
 * in the JIT again, as long as a whole 512 × 512 matmul takes. unref() lets the process exit with an
 * idle pool, and Node ends the workers with the thread that started them.
 */
const pool: Worker[] = [];

function poolWorker(index: number): Worker {
  while (pool.length <= index) {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('error', () => {}); // an idle worker's crash must not crash the caller; a busy one's fails its task
    worker.once('exit', () => {
      const at = pool.indexOf(worker);
      if (at >= 0) pool.splice(at, 1);
    });
    pool.push(worker);
  }
  return pool[index]!;
}

type Task = { a: SharedArrayBuffer; b: SharedArrayBuffer; c: SharedArrayBuffer; K: number; N: number; start: number; end: number; tile: number };

/** Posts one task and waits for its answer on a port of its own; a worker that crashes or exits fails the task. */
function runTask(worker: Worker, task: Task): Promise<void> {
  return new Promise((resolve, reject) => {
    const { port1, port2 } = new MessageChannel();
    const onError = (error: Error) => reject(error);
    const onExit = (code: number) => reject(new Error(`a matmul worker exited with code ${code} before finishing rows ${task.start}..${task.end}`));
    worker.once('error', onError);
    worker.once('exit', onExit);
    port1.once('message', (reply: { error?: string }) => {
      worker.off('error', onError);
      worker.off('exit', onExit);
      port1.close();
      if (reply.error) reject(new Error(`a matmul worker failed on rows ${task.start}..${task.end}: ${reply.error}`));
      else resolve();
    });
    worker.postMessage({ ...task, port: port2 }, [port2]);
  });
}

/** One copy of a tensor's values into shared memory, which every worker then reads in place. */
function share(values: Float64Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(values.byteLength);
  new Float64Array(buffer).set(values);
  return buffer;
}

/** [M, K] @ [K, N] -> [M, N], rows split by partitionRows across `workers` threads. */
export async function parallelMatmul(a: Tensor, b: Tensor, workers: number): Promise<Tensor> {
  if (a.shape.length !== 2 || b.shape.length !== 2 || a.shape[1] !== b.shape[0]) {
    throw new ShapeError(`parallelMatmul needs A [M, K] @ B [K, N], got A ${formatShape(a.shape)} @ B ${formatShape(b.shape)}`);
  }
  const [M, K] = a.shape as [number, number];
  const N = b.shape[1]!;
  const ranges = partitionRows(M, workers).filter(([start, end]) => end > start);
  const shared = { a: share(a.data), b: share(b.data), c: new SharedArrayBuffer(M * N * Float64Array.BYTES_PER_ELEMENT) };
  const tile = largestTile(L2_BYTES, 'fp64');
  await Promise.all(ranges.map(([start, end], w) => runTask(poolWorker(w), { ...shared, K, N, start, end, tile })));
  return { shape: [M, N], data: new Float64Array(shared.c) };
}
