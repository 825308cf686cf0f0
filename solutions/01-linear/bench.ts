/**
 * Week 1 on the clock (`npm run bench`): your matmul as n doubles, and your linear layer forward and
 * backward as the batch doubles, against the FLOPs your linearFlops predicts and the bytes week 5's
 * matmulIntensity implies. Author material (solutions/), like the mutants: the bench passes in your modules (or the
 * reference with --reference).
 */
import { createRng, randn, type Tensor } from '../../harness/runtime/index.ts';
import { defineBench } from '../../harness/author.ts';
import type * as linear from './linear.ts';
import type * as scale from '../05-model-scale/scale.ts';

type Modules = { linear: typeof linear; scale: typeof scale };

/** Bytes of [B, D] @ [D, F] with both inputs read and the output written once, fp64: its FLOPs over its intensity. */
const matmulBytes = (m: Modules, B: number, D: number, F: number): number => (2 * B * D * F) / m.scale.matmulIntensity({ B, D, F }, 'fp64');
const FROM_INTENSITY = '2·B·D·F / matmulIntensity, fp64 (week 5)';

type LinearInputs = { x: Tensor; w: Tensor; b: Tensor; dy: Tensor };

function linearInputs(B: number, D_in: number, D_out: number): LinearInputs {
  const rng = createRng(B + D_in + D_out);
  return { x: randn([B, D_in], rng), w: randn([D_in, D_out], rng), b: randn([D_out], rng), dy: randn([B, D_out], rng) };
}

const D_IN = 256;
const D_OUT = 256;

export default defineBench<Modules>({
  matmul: {
    title: 'square matmuls [n, n] @ [n, n]: FLOPs ×8 per doubling of n, bytes ×4',
    bytes: 'both inputs read and the output written once, fp64 (2·n³ / matmulIntensity, week 5)',
    cases: (kernel) =>
      [32, 64, 128, 256].map((n) =>
        kernel({
          id: `matmul-${n}`,
          series: 'matmul',
          label: `matmul n=${n}`,
          x: n,
          xName: 'n',
          flops: { from: 'linearFlops({ B: n, D_in: n, D_out: n }).forward (week 1; includes a bias add of n²)', value: (m) => m.linear.linearFlops({ B: n, D_in: n, D_out: n }).forward },
          bytes: { from: FROM_INTENSITY, value: (m) => matmulBytes(m, n, n, n) },
          setup: () => ({ a: randn([n, n], createRng(n)), b: randn([n, n], createRng(n + 1)) }),
          run: (m, { a, b }) => m.linear.matmul(a, b),
        }),
      ),
  },
  linear: {
    title: `a linear layer ${D_IN} → ${D_OUT} as the batch B doubles: forward and backward FLOPs both ×2`,
    bytes: 'each matmul reads its inputs and writes its output once, fp64 (matmulIntensity, week 5): X @ W forward; the two matmuls of the backward pass',
    cases: (kernel) =>
      [32, 64, 128].flatMap((B) => {
        const dims = { B, D_in: D_IN, D_out: D_OUT };
        const common = { x: B, xName: 'B', setup: () => linearInputs(B, D_IN, D_OUT) };
        return [
          kernel({
            ...common,
            id: `linear-forward-${B}`,
            series: 'linear forward',
            label: `linear forward B=${B}`,
            flops: { from: 'linearFlops(dims).forward (week 1)', value: (m) => m.linear.linearFlops(dims).forward },
            bytes: { from: FROM_INTENSITY, value: (m) => matmulBytes(m, B, D_IN, D_OUT) },
            run: (m, { x, w, b }) => m.linear.linearForward(x, w, b),
          }),
          kernel({
            ...common,
            id: `linear-backward-${B}`,
            series: 'linear backward',
            label: `linear backward B=${B}`,
            flops: { from: 'linearFlops(dims).backward (week 1)', value: (m) => m.linear.linearFlops(dims).backward },
            // each of the backward pass's two matmuls moves as many bytes as the forward one
            bytes: { from: `2 × ${FROM_INTENSITY}`, value: (m) => 2 * matmulBytes(m, B, D_IN, D_OUT) },
            run: (m, { x, w, dy }) => m.linear.linearBackward(x, w, dy),
          }),
        ];
      }),
  },
});
