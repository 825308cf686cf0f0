/**
 * A cache model to replay a kernel's element reads and writes through (the way the GPU puzzles'
 * simulator counts global reads, or Nsight Compute reports DRAM bytes): 64-byte lines, LRU
 * replacement, write-back with write-allocate. A set-associative cache (`ways` lines per set, the
 * set chosen by the line number modulo the sets) shows conflict misses; a fully associative one of
 * the same size (one set) has none, which is the assumption of week 6's traffic model.
 * DRAM bytes = (misses + write-backs) × line: a miss reads its line in, a dirty line written back
 * when it leaves (or at the end, when the kernel's output must reach memory) writes one out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const LINE_BYTES = 64;

export type CacheGeometry = {
  /** Capacity in bytes. */
  bytes: number;
  /** Lines per set; 'full' is one set holding every line (fully associative). */
  ways: number | 'full';
  lineBytes: number;
  /** Where the numbers come from: "machine (sysfs L1d)", or a sentence saying why they were chosen. */
  source: string;
};

export type CacheStats = {
  geometry: CacheGeometry;
  reads: number;
  writes: number;
  hits: number;
  misses: number;
  /** Dirty lines evicted during the run plus those still dirty at the end (flushed: the output must reach memory). */
  writeBacks: number;
  /** (misses + writeBacks) × lineBytes. */
  dramBytes: number;
  /** hits / (reads + writes). */
  hitRate: number;
};

/**
 * One LRU cache. Each set keeps its lines in a Map in recency order (a Map iterates in insertion
 * order; re-inserting a line moves it to the end), so the least recently used line is the first key.
 */
export class CacheModel {
  readonly sets: Map<number, boolean>[];
  private readonly ways: number;
  private readonly shift: number;
  private lastLine = -1;
  reads = 0;
  writes = 0;
  hits = 0;
  misses = 0;
  writeBacks = 0;

  constructor(readonly geometry: CacheGeometry) {
    const lines = geometry.bytes / geometry.lineBytes;
    if (!Number.isInteger(lines) || lines < 1 || !Number.isInteger(Math.log2(geometry.lineBytes))) {
      throw new RangeError(`a cache needs a whole number of lines of a power-of-two size, got ${geometry.bytes} bytes in lines of ${geometry.lineBytes}`);
    }
    this.ways = geometry.ways === 'full' ? lines : geometry.ways;
    const setCount = lines / this.ways;
    if (!Number.isInteger(setCount)) throw new RangeError(`${lines} lines do not split into sets of ${this.ways} ways`);
    this.sets = Array.from({ length: setCount }, () => new Map<number, boolean>());
    this.shift = Math.log2(geometry.lineBytes);
  }

  /** One access of `size` bytes at byte `address` (an element never straddles a line: elements are aligned). */
  access(address: number, write: boolean): void {
    if (write) this.writes++;
    else this.reads++;
    const line = address >>> this.shift; // exact for addresses below 2^32
    const set = this.sets[line % this.sets.length]!;
    if (line === this.lastLine) {
      // the most recently used line: a hit that changes no order (an exact shortcut for LRU)
      this.hits++;
      if (write) set.set(line, true);
      return;
    }
    this.lastLine = line;
    const dirty = set.get(line);
    if (dirty !== undefined) {
      this.hits++;
      set.delete(line);
      set.set(line, dirty || write);
      return;
    }
    this.misses++;
    if (set.size >= this.ways) {
      const [victim, victimDirty] = set.entries().next().value as [number, boolean];
      set.delete(victim);
      if (victimDirty) this.writeBacks++;
    }
    set.set(line, write);
  }

  /** Counts so far, with the lines still dirty written back (the result must reach memory). */
  stats(): CacheStats {
    let stillDirty = 0;
    for (const set of this.sets) for (const dirty of set.values()) if (dirty) stillDirty++;
    const writeBacks = this.writeBacks + stillDirty;
    const accesses = this.reads + this.writes;
    return {
      geometry: this.geometry,
      reads: this.reads,
      writes: this.writes,
      hits: this.hits,
      misses: this.misses,
      writeBacks,
      dramBytes: (this.misses + writeBacks) * this.geometry.lineBytes,
      hitRate: accesses === 0 ? 0 : this.hits / accesses,
    };
  }
}

/** The L1d geometry stated when the machine does not say: the common 32 KiB, 8-way, 64-byte lines of x86 cores. */
export const STATED_L1D: CacheGeometry = {
  bytes: 32 * 1024,
  ways: 8,
  lineBytes: LINE_BYTES,
  source: 'stated: 32 KiB, 8-way, 64-byte lines (a common x86 L1d; this system does not say its own)',
};

/** cpu0's level-1 data cache from /sys (Linux), or the stated one. */
export function machineL1d(dir = '/sys/devices/system/cpu/cpu0/cache'): CacheGeometry {
  try {
    for (const entry of readdirSync(dir).filter((e) => /^index\d+$/.test(e))) {
      const read = (name: string) => readFileSync(join(dir, entry, name), 'utf8').trim();
      if (read('level') !== '1' || read('type') === 'Instruction') continue;
      const kib = /^(\d+)K$/i.exec(read('size'));
      const ways = Number(read('ways_of_associativity'));
      const line = Number(read('coherency_line_size'));
      if (kib && ways > 0 && line > 0) {
        return { bytes: Number(kib[1]) * 1024, ways, lineBytes: line, source: `machine: cpu0's L1d from sysfs, ${kib[1]} KiB, ${ways}-way, ${line}-byte lines` };
      }
    }
  } catch {
    // not Linux, or no cache information: the stated geometry
  }
  return STATED_L1D;
}

/** A fully associative LRU cache of `bytes`, as week 6's traffic model assumes its cache to be. */
export function fullyAssociative(bytes: number, why: string): CacheGeometry {
  return { bytes, ways: 'full', lineBytes: LINE_BYTES, source: why };
}

/** "32 KiB fully associative" / "32 KiB 8-way". */
export function describeGeometry(g: CacheGeometry): string {
  const size = g.bytes % 1024 === 0 ? `${g.bytes / 1024} KiB` : `${g.bytes} B`;
  return `${size} ${g.ways === 'full' ? 'fully associative' : `${g.ways}-way`} LRU, ${g.lineBytes}-byte lines`;
}
