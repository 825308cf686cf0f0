/**
 * One thread of the ceiling measurement (see ceilings.ts): warms up the compute kernel, sizes a pass
 * to last at least passSeconds, allocates the triad's arrays, says it is ready, then runs a pass of
 * whichever kernel it is told to and reports its seconds and its work (FLOPs or bytes).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FLOPS_PER_STEP, multiplyAdd4x4, STEPS, triad, TRIAD_BYTES_PER_ELEMENT } from './kernels.ts';
import type { ThreadCommand, ThreadData, ThreadMessage } from './ceilings.ts';

const data = workerData as ThreadData;
const port = parentPort!;
const send = (message: ThreadMessage) => port.postMessage(message);

const a = new Float64Array(4 * STEPS).map((_, i) => 1 + (i % 7) * 1e-3);
const b = new Float64Array(4 * STEPS).map((_, i) => 1 - (i % 5) * 1e-3);
let sink = 0;

function secondsOf(work: () => void): number {
  const start = performance.now();
  work();
  return (performance.now() - start) / 1000;
}

// Warm up, then double the repetitions until one pass lasts passSeconds.
let reps = 64;
const warmupEnd = performance.now() + data.warmupSeconds * 1000;
do sink += multiplyAdd4x4(a, b, STEPS, reps);
while (performance.now() < warmupEnd);
while (secondsOf(() => (sink += multiplyAdd4x4(a, b, STEPS, reps))) < data.passSeconds) reps *= 2;

const n = data.triadElements;
const x = new Float64Array(n);
const y = new Float64Array(n).fill(1);
const z = new Float64Array(n).fill(2);
triad(x, y, z, 3); // first touch: the pages are mapped now, not during a timed pass
let sweeps = 1;
while (secondsOf(() => { for (let i = 0; i < sweeps; i++) triad(x, y, z, 3); }) < data.passSeconds) sweeps *= 2;

send({ type: 'ready' });

port.on('message', (command: ThreadCommand) => {
  if (command.type === 'compute') {
    const seconds = secondsOf(() => (sink += multiplyAdd4x4(a, b, STEPS, reps)));
    send({ type: 'done', seconds, work: reps * STEPS * FLOPS_PER_STEP });
  } else {
    const seconds = secondsOf(() => { for (let i = 0; i < sweeps; i++) triad(x, y, z, 3 + (sink > 0 ? 0 : 1)); });
    send({ type: 'done', seconds, work: sweeps * n * TRIAD_BYTES_PER_ELEMENT });
  }
});
