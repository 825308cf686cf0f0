/**
 * What a test reads from its week's spec.md: the shape ledger and the worked examples.
 * Tests call `readWeekSpec(import.meta.url)`; the spec sits beside the test file.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestRunner } from 'vitest';
import { formatShape, sameShape, type Tensor } from '../runtime/index.ts';
import { readExamples, readLedger, specBody, type LedgerRow, type WorkedExample } from '../course/spec.ts';

const F64 = Float64Array;

/** "Array" for number[], "undefined", ...: what a learner returned instead of a Float64Array. */
export function kindOf(value: unknown): string {
  return typeof value === 'object' && value !== null ? (value.constructor?.name ?? 'object') : typeof value;
}
import { evalDim, type Dims } from '../course/dims.ts';

export type WeekSpec = {
  ledger: LedgerRow[];
  /** The ledger row for a symbol; throws naming the spec if the row is missing. */
  row(symbol: string): LedgerRow;
  /** A worked example's values by name; throws naming the spec if it is missing. */
  example(name: string): Record<string, unknown>;
  /** A number from a worked example; throws if it is missing or not a number. */
  number(example: string, key: string): number;
};

export function readWeekSpec(testFileUrl: string): WeekSpec {
  const specPath = join(dirname(fileURLToPath(testFileUrl)), 'spec.md');
  const shown = relative(process.cwd(), specPath);
  const body = specBody(readFileSync(specPath, 'utf8'), shown);
  const ledger = readLedger(body, shown);
  const examples: WorkedExample[] = readExamples(body, shown);
  const example = (name: string): Record<string, unknown> => {
    const found = examples.find((e) => e.name === name);
    if (!found) throw new Error(`${shown} has no worked example named "${name}" (a fenced block: \`\`\`example ${name})`);
    return found.values;
  };
  return {
    ledger,
    row(symbol) {
      const found = ledger.find((r) => r.symbol === symbol);
      if (!found) throw new Error(`${shown} has no ledger row for ${symbol}`);
      return found;
    },
    example,
    number(name, key) {
      const value = example(name)[key];
      if (typeof value !== 'number') throw new Error(`${shown}: example ${name} needs a number "${key}", got ${JSON.stringify(value)}`);
      return value;
    },
  };
}

/** The concrete shape a ledger row predicts for these dims. */
export function ledgerShape(row: LedgerRow, dims: Dims): number[] {
  return row.dims.map((d) => evalDim(d, dims));
}

/** Throws unless `t` has the shape its ledger row predicts; the message names the row and every dim. */
export function expectLedgerShape(row: LedgerRow, dims: Dims, t: Tensor | undefined): void {
  try {
    checkLedgerShape(row, dims, t);
  } catch (error) {
    // The row travels to the grader as a field of the check, not as words in the message.
    const test = TestRunner.getCurrentTest();
    if (test) test.meta.ledger = { symbol: row.symbol, shape: row.shape, meaning: row.meaning };
    throw error;
  }
}

function checkLedgerShape(row: LedgerRow, dims: Dims, t: Tensor | undefined): void {
  const expected = ledgerShape(row, dims);
  const dimsText = Object.entries(dims).map(([k, v]) => `${k}=${v}`).join(', ');
  if (!t || !Array.isArray(t.shape)) {
    throw new Error(`ledger row ${row.symbol}: expected a tensor of shape ${row.shape} = ${formatShape(expected)}, got ${t === undefined ? 'nothing' : JSON.stringify(t)}`);
  }
  if (!sameShape(t.shape, expected)) {
    throw new Error(
      `ledger row ${row.symbol}: expected ${row.shape} = ${formatShape(expected, row.dims)}, got ${formatShape(t.shape)} (dims ${dimsText})`,
    );
  }
  const n = expected.reduce((a, b) => a * b, 1);
  if (!(t.data instanceof F64) || t.data.length !== n) {
    throw new Error(`ledger row ${row.symbol}: shape ${formatShape(t.shape)} needs a Float64Array of ${n} values, got ${t.data instanceof F64 ? `${t.data.length} values` : `data that is not a Float64Array (${kindOf(t.data)})`}`);
  }
}
