/**
 * Evaluating a ledger dim such as `D_in`, `2`, `n_heads * d_head` or `D / n_heads` for concrete
 * dims. A tiny parser, never `eval`: the spec is course input, not code.
 */
export type Dims = Record<string, number>;

type Cursor = { tokens: string[]; at: number; expr: string };

function tokenize(expr: string): string[] {
  const tokens = expr.match(/[A-Za-z_][A-Za-z0-9_]*|\d+|[-+*/·()]/g) ?? [];
  if (tokens.join('') !== expr.replace(/\s+/g, '')) throw new Error(`cannot read the dim "${expr}"`);
  return tokens;
}

function primary(c: Cursor, dims: Dims): number {
  const token = c.tokens[c.at++];
  if (token === undefined) throw new Error(`the dim "${c.expr}" ends too early`);
  if (token === '(') {
    const value = sum(c, dims);
    if (c.tokens[c.at++] !== ')') throw new Error(`the dim "${c.expr}" has an unclosed (`);
    return value;
  }
  if (/^\d+$/.test(token)) return Number(token);
  const value = dims[token];
  if (value === undefined) throw new Error(`the dim "${c.expr}" uses ${token}, which has no value here (known: ${Object.keys(dims).join(', ')})`);
  return value;
}

function product(c: Cursor, dims: Dims): number {
  let value = primary(c, dims);
  for (let op = c.tokens[c.at]; op === '*' || op === '·' || op === '/'; op = c.tokens[c.at]) {
    c.at++;
    const right = primary(c, dims);
    if (op === '/') {
      if (value % right !== 0) throw new Error(`the dim "${c.expr}" divides ${value} by ${right}, which is not a whole number`);
      value /= right;
    } else {
      value *= right;
    }
  }
  return value;
}

function sum(c: Cursor, dims: Dims): number {
  let value = product(c, dims);
  for (let op = c.tokens[c.at]; op === '+' || op === '-'; op = c.tokens[c.at]) {
    c.at++;
    value = op === '+' ? value + product(c, dims) : value - product(c, dims);
  }
  return value;
}

export function evalDim(expr: string, dims: Dims): number {
  const cursor: Cursor = { tokens: tokenize(expr), at: 0, expr };
  const value = sum(cursor, dims);
  if (cursor.at !== cursor.tokens.length) throw new Error(`cannot read the dim "${expr}" past "${cursor.tokens[cursor.at]}"`);
  return value;
}
