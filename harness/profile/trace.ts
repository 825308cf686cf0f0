/**
 * Element reads and writes of typed arrays, as they happen: a traced array is a Proxy whose index
 * reads and writes are recorded, at an address made of its buffer's base and the element's byte
 * offset, into cache models and per-buffer byte counts. Buffers get bases in the order they are
 * first seen, each on a fresh 4 KiB page (as an allocator hands out large arrays), so the same run
 * replays the same addresses on every machine. Bulk methods count their ranges: `set` writes its
 * range (and reads a traced source element by element), `fill` and `copyWithin` write theirs, and
 * a view (`subarray`) is traced at its offset in the same buffer.
 */
import type { CacheModel } from './cache.ts';

type Typed = ArrayBufferView & { length: number; BYTES_PER_ELEMENT: number; [index: number]: number };

const PAGE = 4096;

export type BufferTraffic = { readBytes: number; writeBytes: number };

export class Tracer {
  private readonly bases = new Map<ArrayBufferLike, number>();
  private nextBase = PAGE;
  private readonly proxies = new WeakMap<object, Typed>();
  private readonly targets = new WeakMap<object, Typed>();
  /** Bytes read and written per buffer. */
  readonly perBuffer = new Map<ArrayBufferLike, BufferTraffic>();
  reads = 0;
  writes = 0;

  constructor(private readonly caches: readonly CacheModel[]) {}

  private base(buffer: ArrayBufferLike): number {
    let base = this.bases.get(buffer);
    if (base === undefined) {
      base = this.nextBase;
      this.bases.set(buffer, base);
      this.nextBase += Math.ceil(Math.max(buffer.byteLength, 1) / PAGE) * PAGE;
    }
    return base;
  }

  private record(array: Typed, index: number, write: boolean): void {
    if (index < 0 || index >= array.length) return;
    const size = array.BYTES_PER_ELEMENT;
    const address = this.base(array.buffer) + array.byteOffset + index * size;
    for (const cache of this.caches) cache.access(address, write);
    let counts = this.perBuffer.get(array.buffer);
    if (!counts) this.perBuffer.set(array.buffer, (counts = { readBytes: 0, writeBytes: 0 }));
    if (write) {
      this.writes++;
      counts.writeBytes += size;
    } else {
      this.reads++;
      counts.readBytes += size;
    }
  }

  private range(array: Typed, start: number, end: number, write: boolean): void {
    for (let i = start; i < end; i++) this.record(array, i, write);
  }

  /** The traced view of `array` (the same proxy each time); an already traced one is returned as is. */
  traced<T extends object>(array: T): T {
    if (this.targets.has(array) || !ArrayBuffer.isView(array) || array instanceof DataView) return array;
    const existing = this.proxies.get(array);
    if (existing) return existing as unknown as T;
    const target = array as unknown as Typed;
    const tracer = this;
    const proxy = new Proxy(target, {
      get(t, prop) {
        if (typeof prop === 'string') {
          const c = prop.charCodeAt(0);
          if (c >= 48 && c <= 57) {
            const i = Number(prop);
            tracer.record(t, i, false);
            return t[i];
          }
        }
        const value = Reflect.get(t, prop, t) as unknown;
        return typeof value === 'function' ? tracer.method(t, prop, value as (...a: unknown[]) => unknown) : value;
      },
      set(t, prop, value) {
        if (typeof prop === 'string') {
          const c = prop.charCodeAt(0);
          if (c >= 48 && c <= 57) {
            const i = Number(prop);
            tracer.record(t, i, true);
            t[i] = value as number;
            return true;
          }
        }
        return Reflect.set(t, prop, value, t);
      },
    }) as Typed;
    this.proxies.set(array, proxy);
    this.targets.set(proxy, target);
    return proxy as unknown as T;
  }

  /** The untraced array behind a traced one. */
  untraced<T>(value: T): T {
    return ((typeof value === 'object' && value !== null && this.targets.get(value)) || value) as T;
  }

  private method(t: Typed, prop: string | symbol, fn: (...a: unknown[]) => unknown): (...a: unknown[]) => unknown {
    return (...args: unknown[]) => {
      if (prop === 'set') {
        const source = args[0] as { length: number };
        const offset = Number(args[1] ?? 0);
        const result = fn.apply(t, args); // a traced source is read through its proxy, element by element
        this.range(t, offset, offset + source.length, true);
        return result;
      }
      if (prop === 'fill') {
        const result = fn.apply(t, args);
        const start = relative(args[1], t.length, 0);
        this.range(t, start, relative(args[2], t.length, t.length), true);
        return result;
      }
      const result = fn.apply(t, args.map((a) => this.untraced(a)));
      return ArrayBuffer.isView(result) ? this.traced(result) : result;
    };
  }

  /** Replaces, in place, every typed array reachable from `value` through objects and arrays by its traced view. */
  traceAll(value: unknown): void {
    const seen = new Set<object>();
    const visit = (holder: Record<string | number, unknown>, key: string | number) => {
      const v = holder[key];
      if (typeof v !== 'object' || v === null) return;
      if (ArrayBuffer.isView(v)) {
        if (!Object.isFrozen(holder)) holder[key] = this.traced(v);
        return;
      }
      walk(v);
    };
    const walk = (v: object) => {
      if (seen.has(v) || this.targets.has(v)) return;
      seen.add(v);
      for (const key of Object.keys(v)) visit(v as Record<string, unknown>, key);
    };
    if (typeof value === 'object' && value !== null) walk(value);
  }
}

function relative(value: unknown, length: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Math.trunc(Number(value));
  return n < 0 ? Math.max(length + n, 0) : Math.min(n, length);
}
