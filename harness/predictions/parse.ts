/**
 * Reading a prediction the way people write it: `4.5 MiB`, `1.2e9`, `2,362,368`, `150 MFLOP`,
 * `[32, 3072]`, `memory`, `×4`, `3 ms`. A value that cannot be read is a message naming what was
 * expected, never a crash. Binary units are powers of 1024 (KiB, MiB, GiB), decimal ones of 1000
 * (kB, MB, GB), as the course counts.
 */
import type { PredictionKind } from '../course/schema.ts';
import type { PredictedValue } from '../progress/document.ts';

export type Parsed = { value: PredictedValue } | { problem: string };

const EXAMPLES: Record<PredictionKind, string> = {
  shape: '[32, 3072]',
  count: '2362368, 2.36e6 or 2.36 M',
  bytes: '9 MiB, 9437184 or 9.4 MB',
  flops: '1.5e8, 150 MFLOP or 0.15 GFLOP',
  ratio: '4, x4, ×4 or 1/4',
  choice: 'one of the choices',
  seconds: '3 ms, 250 µs or 0.003 s',
};

const SI: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };
const BYTES: Record<string, number> = { b: 1, byte: 1, bytes: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };
const SECONDS: Record<string, number> = { s: 1, sec: 1, second: 1, seconds: 1, ms: 1e-3, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ns: 1e-9, min: 60, minutes: 60 };

/** A plain number as people write it: `2,362,368`, `1.2e9`, `1.2·10^9`, `1.2 × 10^9`. */
export function plainNumber(text: string): number | undefined {
  const t = text.trim().replace(/(\d),(?=\d{3}\b)/g, '$1').replace(/_/g, '');
  const power = /^([-+]?\d*\.?\d+)\s*[·*×x]\s*10\s*\^\s*([-+]?\d+)$/.exec(t);
  if (power) return Number(power[1]) * 10 ** Number(power[2]);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return undefined;
  return Number(t);
}

/** `2.36 M`, `150 MFLOP`, `1.5e8 FLOPs`, `124M` → a number; `unit` is the word allowed after the prefix (FLOP). */
function siNumber(text: string, unit?: RegExp): number | undefined {
  const plain = plainNumber(text);
  if (plain !== undefined) return plain;
  const match = /^(.*?\d)\s*([kKMGTP]?)\s*([A-Za-z]*)$/.exec(text.trim());
  if (!match) return undefined;
  const [, number, prefix, rest] = match;
  if (rest !== '' && !(unit && unit.test(rest!))) return undefined;
  const n = plainNumber(number!);
  return n === undefined ? undefined : n * SI[prefix!]!;
}

function withUnit(text: string, units: Record<string, number>): number | undefined {
  const match = /^(.*?)\s*([A-Za-zµμ]+)$/.exec(text.trim());
  if (!match) return undefined;
  const scale = units[match[2]!] ?? units[match[2]!.toLowerCase()];
  const n = plainNumber(match[1]!);
  return scale === undefined || n === undefined ? undefined : n * scale;
}

function readShape(raw: unknown): number[] | undefined {
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.trim().replace(/^[[(]|[\])]$/g, '').split(/\s*(?:,|×|x|\*)\s*/) : undefined;
  if (!list || list.length === 0) return undefined;
  const dims = list.map((d) => (typeof d === 'number' ? d : plainNumber(String(d))));
  return dims.every((d) => d !== undefined && Number.isInteger(d) && d >= 0) ? (dims as number[]) : undefined;
}

function readNumber(kind: PredictionKind, raw: unknown): number | undefined {
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  switch (kind) {
    case 'bytes':
      return plainNumber(text) ?? withUnit(text, BYTES);
    case 'seconds':
      return plainNumber(text) ?? withUnit(text, SECONDS);
    case 'flops':
      return siNumber(text, /^FLOPs?$/i);
    case 'count':
      return siNumber(text);
    case 'ratio': {
      const fraction = /^(\d*\.?\d+)\s*\/\s*(\d*\.?\d+)$/.exec(text);
      if (fraction) return Number(fraction[1]) / Number(fraction[2]);
      return plainNumber(text.replace(/^[x×]\s*|\s*[x×]$/gi, '').replace(/\s*times$/i, ''));
    }
    default:
      return undefined;
  }
}

/** The answer in predictions.yaml for one question: null or empty when not answered yet. */
export function isUnanswered(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}

export function parseAnswer(kind: PredictionKind, raw: unknown, choices: readonly string[] = []): Parsed {
  const expected = kind === 'choice' ? `one of ${choices.join(', ')}` : `${kind === 'count' ? 'a count' : kind === 'shape' ? 'a shape' : kind} such as ${EXAMPLES[kind]}`;
  const shown = typeof raw === 'string' ? `"${raw.slice(0, 80)}"` : JSON.stringify(raw)?.slice(0, 80);
  if (kind === 'shape') {
    const shape = readShape(raw);
    return shape ? { value: shape } : { problem: `expected ${expected}, got ${shown}` };
  }
  if (kind === 'choice') {
    const word = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
    const found = choices.find((c) => c.toLowerCase() === word);
    return found ? { value: found } : { problem: `expected ${expected}, got ${shown}` };
  }
  const n = readNumber(kind, raw);
  if (n === undefined || !Number.isFinite(n)) return { problem: `expected ${expected}, got ${shown}` };
  if (n < 0) return { problem: `expected a value of at least 0, got ${shown}` };
  return { value: n };
}

/** The answer as text, for the record and the page. */
export function answerText(raw: unknown): string {
  if (Array.isArray(raw)) return `[${raw.join(', ')}]`;
  return String(raw).trim();
}
