/**
 * The only way text reaches a page: every interpolated value goes through `escapeHtml` (or
 * `attr`), so notes, front matter and learner output can never become markup.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A quoted attribute value; the same escaping, named for where it is used. */
export function attr(value: unknown): string {
  return `"${escapeHtml(value)}"`;
}

/**
 * Integers grouped by thousands with commas, done by hand rather than with toLocaleString so the
 * output does not depend on the machine's locale. Non-integers keep up to 6 significant digits.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) {
    const sign = value < 0 ? '-' : '';
    return sign + String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e9)) return value.toExponential(3);
  return String(Number(value.toPrecision(6)));
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** An identifier for a table cell, breakable between its words ("position|Embedding", "ln1.|gain", "T_|max"); "dW" stays whole. */
export function identifierHtml(name: string): string {
  return escapeHtml(name).replace(/(?<=[a-z0-9]{2})(?=[A-Z])|(?<=[._])/g, '<wbr>');
}

/** 9449472 → "9.0 MiB" (powers of 1024, as the course defines them). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${formatNumber(value)} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** "Which dimension cancels in X @ W?" → "which-dimension-cancels-in-x-w": a heading's id. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, 64) || 'section';
}
