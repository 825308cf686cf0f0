/**
 * The precision an answer was written in: `9.4e8` says two significant digits, `943718400` seven
 * (trailing zeros of a whole number are read as placeholders, in the learner's favour), `4.50 MiB`
 * three. A value agrees with an answer when it rounds to the answer at that precision, in the
 * answer's own unit: 943,964,160 agrees with `9.4e8`, not with `943718400`.
 */

/** Significant digits of the first number written in `text`, or undefined when it has none (or is a fraction like 1/4). */
export function writtenDigits(text: string): number | undefined {
  const t = text.trim().replace(/(\d)[,_](?=\d)/g, '$1');
  if (/\d\s*\/\s*\d/.test(t)) return undefined;
  const match = /(\d*\.?\d+)/.exec(t);
  if (!match) return undefined;
  const mantissa = match[1]!;
  const decimal = mantissa.includes('.');
  const digits = mantissa.replace('.', '').replace(/^0+/, '');
  const significant = decimal ? digits : digits.replace(/0+$/, '');
  return Math.max(1, significant.length);
}

/** The first number written in `text`, as written (before any unit or power of ten). */
function writtenMantissa(text: string): number | undefined {
  const match = /(\d*\.?\d+)/.exec(text.trim().replace(/(\d)[,_](?=\d)/g, '$1'));
  return match ? Number(match[1]) : undefined;
}

/**
 * Whether `value` rounds to the answer (`answer`, read from `text`) at the precision `text` was
 * written in. A text with no readable precision (a fraction) asks for three significant digits.
 */
export function agreesAtPrecision(value: number, answer: number, text: string): boolean {
  if (answer === 0 || value === 0) return answer === value;
  const digits = writtenDigits(text) ?? 3;
  const written = writtenMantissa(text);
  // The answer's unit and power of ten: 9.4e8 is 9.4 × 1e8; 4.5 MiB is 4.5 × 2^20.
  const scale = written && writtenDigits(text) !== undefined ? answer / written : 1;
  const inUnit = (x: number) => Number((x / scale).toPrecision(digits));
  return inUnit(value) === inUnit(answer);
}
