/**
 * FLOPs and bytes from what ran: the hook every wrapped function calls (transform.ts). While a case
 * runs, each call is recorded under its op (`module.function`): how often, with which shapes, the
 * FLOPs its rule gives (a primitive's only when no primitive encloses it: its convention covers what
 * it calls), the bytes of the tensors it reads and returns (a primitive's compulsory traffic, like
 * XLA's "bytes accessed"), and the typed-array bytes allocated while it was the innermost op
 * running (its own allocations, not its callees'). Outside a case the hook only calls through.
 */
import { setAllocationSink } from './alloc.ts';
import { elements, shapeOf, type OpRule, type OpTable } from './define.ts';

/** The global the counter installs in the child, which every wrapped function calls: call(module, name, original, this, args). */
export const HOOK = '__systemsTrackProfile';

export type OpCount = {
  op: string;
  calls: number;
  /** Distinct call signatures with how many calls had each, in first-seen order (at most 6 kept). */
  shapes: { signature: string; calls: number }[];
  /** null: no FLOP convention for this op (it is not a primitive of the course, and does no arithmetic of its own that the specs count). */
  flops: number | null;
  convention: string | null;
  /** Bytes of the tensors a primitive read and returned; 0 for other ops. */
  bytesAccessed: number;
  allocatedBytes: number;
  allocations: number;
};

type Frame = { op: OpCount };

/** The op the code's own lines (outside every wrapped function) are filed under. */
export const CASE_CODE = '(the case itself)';

const MAX_SIGNATURES = 6;

function describe(value: unknown): string {
  const shape = shapeOf(value);
  if (shape) return `[${shape.join(', ')}]`;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : 'n';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return Array.isArray(value[0]) ? `[${value.length}][${(value[0] as unknown[]).length}]` : `[${value.length}]`;
  if (value instanceof Promise) return 'promise';
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value).filter(([, v]) => shapeOf(v));
    return fields.length > 0 && fields.length <= 6 ? `{ ${fields.map(([k, v]) => `${k} ${describe(v)}`).join(', ')} }` : '{…}';
  }
  return value === undefined ? '–' : typeof value;
}

function tensorBytes(value: unknown): number {
  const shape = shapeOf(value);
  const data = (value as { data?: { BYTES_PER_ELEMENT?: number } } | null)?.data;
  return shape && data ? elements(shape) * (data.BYTES_PER_ELEMENT ?? 8) : 0;
}

export class OpCounter {
  private readonly ops = new Map<string, OpCount>();
  private readonly stack: Frame[] = [];
  private primitiveDepth = 0;
  private active = false;

  constructor(private readonly rules: OpTable) {}

  /** Installs the hook on globalThis (not writable: learner code cannot replace it by accident). */
  install(): void {
    Object.defineProperty(globalThis, HOOK, { value: { call: this.call.bind(this) }, writable: false, configurable: false, enumerable: false });
  }

  private opOf(key: string, rule: OpRule | undefined): OpCount {
    let op = this.ops.get(key);
    if (!op) {
      op = { op: key, calls: 0, shapes: [], flops: rule ? 0 : null, convention: rule ? `${rule.kind === 'own' ? 'own work: ' : ''}${rule.convention}` : null, bytesAccessed: 0, allocatedBytes: 0, allocations: 0 };
      this.ops.set(key, op);
    }
    return op;
  }

  /** Counting starts: everything recorded before is dropped. */
  begin(): void {
    this.ops.clear();
    this.stack.length = 0;
    this.primitiveDepth = 0;
    this.active = true;
    this.opOf(CASE_CODE, undefined);
    setAllocationSink({
      allocated: (value, bytes) => {
        const op = this.stack[this.stack.length - 1]?.op ?? this.opOf(CASE_CODE, undefined);
        op.allocatedBytes += bytes;
        op.allocations++;
        return this.onAllocate ? this.onAllocate(value) : value;
      },
    });
  }

  /** Set by a traced run: every new array is handed to the tracer. */
  onAllocate: (<T extends object>(value: T) => T) | undefined;

  /** Counting stops; the ops in first-call order. */
  end(): OpCount[] {
    this.active = false;
    setAllocationSink(undefined);
    return [...this.ops.values()].filter((op) => op.op !== CASE_CODE || op.allocations > 0);
  }

  call(module: string, name: string, fn: (...args: unknown[]) => unknown, self: unknown, args: unknown[]): unknown {
    if (!this.active) return fn.apply(self, args);
    const key = `${module}.${name}`;
    const rule = this.rules[module]?.[name];
    const op = this.opOf(key, rule);
    const counts = this.primitiveDepth === 0; // inside a primitive, its convention already covers this call
    const signature = args.map(describe).join(', ');
    this.stack.push({ op });
    if (rule?.kind === 'primitive') this.primitiveDepth++;
    let result: unknown;
    try {
      result = fn.apply(self, args);
    } finally {
      if (rule?.kind === 'primitive') this.primitiveDepth--;
      this.stack.pop();
    }
    op.calls++;
    const full = `${signature} → ${describe(result)}`;
    const seen = op.shapes.find((s) => s.signature === full);
    if (seen) seen.calls++;
    else if (op.shapes.length < MAX_SIGNATURES) op.shapes.push({ signature: full, calls: 1 });
    if (rule && counts) {
      op.flops = (op.flops ?? 0) + rule.flops(args, result);
      if (rule.kind === 'primitive') op.bytesAccessed += args.reduce((sum: number, a) => sum + tensorBytes(a), 0) + tensorBytes(result);
    }
    return result;
  }
}
