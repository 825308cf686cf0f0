/**
 * The roofline's arithmetic (week 5's lesson, on this machine's measured ceilings): a kernel takes at
 * least its FLOPs at the compute ceiling and at least its bytes at the memory bandwidth, so
 * `predicted = max(FLOPs / peak, bytes / bandwidth)`, and the larger term names the bound.
 * Pure functions, tested on round numbers.
 */

/** What the roofline needs of a machine (or of some of its cores). */
export type Ceiling = { flopsPerSecond: number; bytesPerSecond: number };

export type RooflinePoint = {
  /** FLOPs per byte moved. */
  intensity: number;
  computeSeconds: number;
  memorySeconds: number;
  /** max(computeSeconds, memorySeconds): no kernel can be faster on this machine. */
  predictedSeconds: number;
  bound: 'compute' | 'memory';
};

/** The ridge point: intensities above it are compute-bound. */
export function ridge(ceiling: Ceiling): number {
  return ceiling.flopsPerSecond / ceiling.bytesPerSecond;
}

/** The roofline at an intensity: the most FLOP/s any kernel of that intensity can reach. */
export function attainable(intensity: number, ceiling: Ceiling): number {
  return Math.min(ceiling.flopsPerSecond, intensity * ceiling.bytesPerSecond);
}

export function roofline(flops: number, bytes: number, ceiling: Ceiling): RooflinePoint {
  const computeSeconds = flops / ceiling.flopsPerSecond;
  const memorySeconds = bytes / ceiling.bytesPerSecond;
  return {
    intensity: flops / bytes,
    computeSeconds,
    memorySeconds,
    predictedSeconds: Math.max(computeSeconds, memorySeconds),
    bound: computeSeconds >= memorySeconds ? 'compute' : 'memory',
  };
}

export type Achieved = {
  /** The learner's FLOPs over the measured median. */
  flopsPerSecond: number;
  /** Of the compute ceiling. */
  ofPeak: number;
  /** Roofline time over measured time: 1 means the kernel runs at its bound, 0.1 ten times slower. */
  ofRoofline: number;
};

export function achieved(flops: number, measuredSeconds: number, point: RooflinePoint, ceiling: Ceiling): Achieved {
  const flopsPerSecond = flops / measuredSeconds;
  return { flopsPerSecond, ofPeak: flopsPerSecond / ceiling.flopsPerSecond, ofRoofline: point.predictedSeconds / measuredSeconds };
}

export type Bend =
  | { kind: 'bends'; x: number }
  | { kind: 'memory-bound throughout' }
  | { kind: 'compute-bound throughout' };

/**
 * Where a batch sweep's roofline bends from memory-bound (time nearly flat: the weights are read once
 * for the whole batch) to compute-bound (time grows with the batch): the x at which compute time
 * overtakes memory time, interpolated linearly between the two sizes that straddle it (FLOPs and
 * bytes of a batch are linear in its size, so the interpolation is exact for them).
 */
export function bend(points: readonly { x: number; flops: number; bytes: number }[], ceiling: Ceiling): Bend {
  const sorted = [...points].sort((a, b) => a.x - b.x);
  const gap = (p: { flops: number; bytes: number }) => p.flops / ceiling.flopsPerSecond - p.bytes / ceiling.bytesPerSecond;
  if (sorted.length === 0 || gap(sorted[sorted.length - 1]!) < 0) return { kind: 'memory-bound throughout' };
  if (gap(sorted[0]!) >= 0) return { kind: 'compute-bound throughout' };
  for (let i = 1; i < sorted.length; i++) {
    const [lo, hi] = [sorted[i - 1]!, sorted[i]!];
    const [gLo, gHi] = [gap(lo), gap(hi)];
    if (gLo < 0 && gHi >= 0) return { kind: 'bends', x: lo.x + ((hi.x - lo.x) * -gLo) / (gHi - gLo) };
  }
  return { kind: 'memory-bound throughout' }; // unreachable: the first gap is negative and the last is not
}
