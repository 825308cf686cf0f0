/**
 * Bytes from what ran: every typed array the code allocates while a case runs, and the bytes
 * reachable from what it keeps. Installed only in the profile's child process (it replaces the
 * typed-array constructors on globalThis, which no other process of the course does):
 * - `new Float64Array(n)`, `Float64Array.from(..)`, `new Float64Array(otherArray)` and the copying
 *   methods `slice`, `map`, `filter`, `toReversed`, `toSorted`, `with` count their new bytes;
 *   `new ArrayBuffer(n)` and `new SharedArrayBuffer(n)` count theirs;
 * - a view (`subarray`, `new Float64Array(buffer, offset, length)`) counts 0 new bytes.
 * Plain JavaScript arrays are not counted (a tensor's data is a Float64Array).
 */

type TypedArrayConstructor = { new (...args: any[]): ArrayBufferView; prototype: object; BYTES_PER_ELEMENT: number };

export type AllocationSink = {
  /** A new typed array or buffer of `bytes`; returns the array to hand to the code (the tracer may wrap it). */
  allocated<T extends object>(value: T, bytes: number): T;
};

const NAMES = ['Float64Array', 'Float32Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array'] as const;
const COPYING = ['slice', 'map', 'filter', 'toReversed', 'toSorted', 'with'] as const;

let sink: AllocationSink | undefined;
let installed = false;
const OriginalArrayBuffer = ArrayBuffer;
const OriginalShared = typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : undefined;

/** Where allocations go from now on (undefined: nowhere; the code runs uncounted). */
export function setAllocationSink(next: AllocationSink | undefined): void {
  sink = next;
}

function isBuffer(value: unknown): boolean {
  return value instanceof OriginalArrayBuffer || (OriginalShared !== undefined && value instanceof OriginalShared);
}

function counted<T extends object>(value: T): T {
  if (!sink) return value;
  const bytes = isBuffer(value) ? (value as unknown as ArrayBuffer).byteLength : (value as unknown as ArrayBufferView).byteLength;
  return sink.allocated(value, bytes);
}

/** Replaces the constructors on globalThis and the copying methods, once per process. */
export function installAllocationCounter(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as unknown as Record<string, unknown>;
  for (const name of NAMES) {
    const original = g[name] as TypedArrayConstructor | undefined;
    if (typeof original !== 'function') continue;
    g[name] = new Proxy(original, {
      construct(target, args, newTarget) {
        const made = Reflect.construct(target, args, newTarget === g[name] ? target : newTarget) as ArrayBufferView;
        return isBuffer(args[0]) ? made : counted(made); // a view on a buffer allocates nothing
      },
    });
  }
  for (const [name, original] of [['ArrayBuffer', OriginalArrayBuffer], ['SharedArrayBuffer', OriginalShared]] as const) {
    if (!original) continue;
    g[name] = new Proxy(original, {
      construct(target, args, newTarget) {
        return counted(Reflect.construct(target, args, newTarget === g[name] ? target : newTarget) as object);
      },
    });
  }
  const typedArrayPrototype = Object.getPrototypeOf(Float64Array.prototype as object) as Record<string, unknown>;
  for (const method of COPYING) {
    const original = typedArrayPrototype[method];
    if (typeof original !== 'function') continue;
    Object.defineProperty(typedArrayPrototype, method, {
      configurable: true,
      writable: true,
      value: function (this: ArrayBufferView, ...args: unknown[]) {
        return counted((original as (...a: unknown[]) => object).apply(this, args));
      },
    });
  }
}

/** The ArrayBuffers reachable from `value` through objects, arrays, Maps and Sets, each once. */
export function reachableBuffers(value: unknown): Set<ArrayBufferLike> {
  const buffers = new Set<ArrayBufferLike>();
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (ArrayBuffer.isView(v) || isViewLike(v)) {
      buffers.add((v as ArrayBufferView).buffer);
      continue;
    }
    if (isBuffer(v)) {
      buffers.add(v as ArrayBuffer);
      continue;
    }
    if (v instanceof Map) for (const [k, item] of v) stack.push(k, item);
    else if (v instanceof Set) for (const item of v) stack.push(item);
    else for (const key of Object.keys(v)) stack.push((v as Record<string, unknown>)[key]);
  }
  return buffers;
}

/** A traced typed array is a Proxy: ArrayBuffer.isView says no, but it has a buffer of its own. */
function isViewLike(v: object): boolean {
  try {
    const buffer = (v as { buffer?: unknown }).buffer;
    return isBuffer(buffer) && typeof (v as { byteLength?: unknown }).byteLength === 'number';
  } catch {
    return false;
  }
}

/** Bytes held by `value`: every reachable buffer once, whole (a view keeps its whole buffer alive). */
export function heldBytes(value: unknown): number {
  let total = 0;
  for (const buffer of reachableBuffers(value)) total += buffer.byteLength;
  return total;
}
