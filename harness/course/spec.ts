/**
 * Reading a spec.md: YAML front matter, the shape ledger tables and the worked examples.
 * The ledger and the examples are the parts of the spec that tests execute, so a malformed row or
 * block is a course error naming the file, the row and the field — never a silently smaller ledger.
 */
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { parse as parseYaml } from 'yaml';
import { CourseError } from './errors.ts';

export type SpecParts = { frontMatter: unknown; body: string };

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

function frontMatterMatch(text: string, file: string): RegExpExecArray {
  const match = FRONT_MATTER.exec(text);
  if (!match) throw new CourseError(file, 'front matter', 'the file must start with YAML front matter between --- lines');
  return match;
}

export function splitFrontMatter(text: string, file: string): SpecParts {
  const match = frontMatterMatch(text, file);
  let frontMatter: unknown;
  try {
    frontMatter = parseYaml(match[1] ?? '');
  } catch (error) {
    throw new CourseError(file, 'front matter', `is not valid YAML: ${(error as Error).message}`);
  }
  return { frontMatter, body: text.slice(match[0].length) };
}

/**
 * The body alone, its front matter left unparsed: for a week test, which reads only the ledger and
 * the examples. Parsing a spec's front matter (tens of kB of YAML) in every test worker cost more
 * than the checks of some files; loading the course (load.ts) still parses and validates it.
 */
export function specBody(text: string, file: string): string {
  return text.slice(frontMatterMatch(text, file)[0].length);
}

/** One row of a shape ledger: `| dW | [D_in, D_out] | How the loss changes with each weight. |`. */
export type LedgerRow = { symbol: string; shape: string; dims: string[]; meaning: string };
export type WorkedExample = { name: string; values: Record<string, unknown> };

const markdown = new MarkdownIt({ html: false });

/** The ledger and the examples come from one body: it is parsed once for both (the readers never change a token). */
let parsed: { body: string; tokens: Token[] } | undefined;
function tokensOf(body: string): Token[] {
  if (parsed?.body !== body) parsed = { body, tokens: markdown.parse(body, {}) };
  return parsed.tokens;
}
const LEDGER_HEADER = ['Symbol', 'Shape', 'Meaning'];

function tableRows(tokens: Token[], start: number): { rows: string[][]; end: number } {
  const rows: string[][] = [];
  let current: string[] = [];
  let i = start;
  for (; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'table_close') break;
    if (token.type === 'tr_open') current = [];
    if (token.type === 'inline') current.push(token.content.trim());
    if (token.type === 'tr_close') rows.push(current);
  }
  return { rows, end: i };
}

function stripCode(cell: string): string {
  return cell.replace(/^`(.*)`$/, '$1').trim();
}

const DIM = /^(?:[A-Za-z_][A-Za-z0-9_]*|\d+)(?:\s*[-+*/·]\s*(?:[A-Za-z_][A-Za-z0-9_]*|\d+|\(.*\)))*$|^\(.*\)$/;

/** `[B, D_in]` → ['B', 'D_in']; `[]` is a scalar. Each dim is an expression over ledger symbols. */
export function parseShapeCell(cell: string, file: string, symbol: string): string[] {
  const text = stripCode(cell);
  const match = /^\[(.*)\]$/.exec(text);
  if (!match) throw new CourseError(file, `ledger row ${symbol}`, `Shape must look like [B, D_in], got "${cell}"`);
  const inner = (match[1] ?? '').trim();
  const dims = inner === '' ? [] : inner.split(',').map((d) => d.trim());
  const bad = dims.find((d) => !DIM.test(d));
  if (bad !== undefined) throw new CourseError(file, `ledger row ${symbol}`, `Shape has a dim "${bad}" that is not a symbol, a number or arithmetic on them`);
  return dims;
}

/** Every table whose header is Symbol | Shape | Meaning, in document order. */
export function readLedger(body: string, file: string): LedgerRow[] {
  const tokens = tokensOf(body);
  const ledger: LedgerRow[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.type !== 'table_open') continue;
    const { rows, end } = tableRows(tokens, i);
    i = end;
    const [header, ...data] = rows;
    if (!header || header.map((h) => h.toLowerCase()).join('|') !== LEDGER_HEADER.join('|').toLowerCase()) continue;
    if (header.join('|') !== LEDGER_HEADER.join('|')) {
      throw new CourseError(file, 'ledger header', `is "${header.join(' | ')}": write it exactly "${LEDGER_HEADER.join(' | ')}" so the tests can read the table`);
    }
    data.forEach((row, n) => {
      const symbol = stripCode(row[0] ?? '');
      const where = `ledger row ${n + 1}${symbol ? ` (${symbol})` : ''}`;
      if (!symbol) throw new CourseError(file, where, 'Symbol is empty');
      if (!(row[2] ?? '').trim()) throw new CourseError(file, where, 'Meaning is empty');
      if (ledger.some((r) => r.symbol === symbol)) throw new CourseError(file, `ledger row ${symbol}`, 'appears twice');
      const shape = stripCode(row[1] ?? '');
      ledger.push({ symbol, shape, dims: parseShapeCell(shape, file, symbol), meaning: row[2] ?? '' });
    });
  }
  return ledger;
}

/** Fenced blocks whose info string is `example NAME`, holding YAML. */
export function readExamples(body: string, file: string): WorkedExample[] {
  const examples: WorkedExample[] = [];
  for (const token of tokensOf(body)) {
    if (token.type !== 'fence') continue;
    const [kind, name] = token.info.trim().split(/\s+/);
    if (kind !== 'example') continue;
    const line = token.map ? ` (line ${token.map[0] + 1} of the body)` : '';
    if (!name) throw new CourseError(file, `example${line}`, 'a fenced example needs a name: ```example worked');
    let values: unknown;
    try {
      values = parseYaml(token.content);
    } catch (error) {
      throw new CourseError(file, `example ${name}`, `is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      throw new CourseError(file, `example ${name}`, 'must be a YAML mapping of names to values');
    }
    if (examples.some((e) => e.name === name)) throw new CourseError(file, `example ${name}`, 'appears twice');
    examples.push({ name, values: values as Record<string, unknown> });
  }
  return examples;
}
