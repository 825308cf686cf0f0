/**
 * A spec's ```example NAME``` block holds YAML the tests read back; on the page it becomes a table
 * a reader can scan: one row per name, numbers grouped by thousands, vectors inline, matrices as
 * small grids and per-dtype maps as a header row over a value row.
 */
import { parse as parseYaml } from 'yaml';
import { escapeHtml, formatNumber } from './html.ts';

type Plain = Record<string, unknown>;

function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumberList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number');
}

function isMatrix(value: unknown): value is number[][] {
  return Array.isArray(value) && value.length > 0 && value.every(isNumberList) && value.every((row) => row.length === (value[0] as number[]).length);
}

function renderScalar(value: unknown): string {
  if (typeof value === 'number') return `<span class="num">${escapeHtml(formatNumber(value))}</span>`;
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'boolean' || value === null) return `<code>${escapeHtml(String(value))}</code>`;
  return `<code>${escapeHtml(JSON.stringify(value))}</code>`;
}

function renderMatrix(rows: number[][]): string {
  const body = rows.map((row) => `<tr>${row.map((v) => `<td>${renderScalar(v)}</td>`).join('')}</tr>`).join('');
  return `<table class="matrix"><tbody>${body}</tbody></table>`;
}

function renderMap(map: Plain): string {
  const keys = Object.keys(map);
  const head = keys.map((k) => `<th scope="col">${escapeHtml(k)}</th>`).join('');
  const cells = keys.map((k) => `<td>${renderScalar(map[k])}</td>`).join('');
  return `<table class="map"><thead><tr>${head}</tr></thead><tbody><tr>${cells}</tbody></table>`;
}

/** One value of an example, shown by its form; anything unusual falls back to escaped JSON. */
export function renderExampleValue(value: unknown): string {
  if (isMatrix(value)) return renderMatrix(value);
  if (isNumberList(value)) return `<span class="vector">[${value.map(renderScalar).join(', ')}]</span>`;
  if (isPlainObject(value) && Object.values(value).every((v) => !isPlainObject(v) && !Array.isArray(v))) return renderMap(value);
  return renderScalar(value);
}

function fallback(name: string, content: string, problem: string): string {
  return `<figure class="example"><figcaption>Worked example <code>${escapeHtml(name)}</code> (${escapeHtml(problem)})</figcaption><pre><code>${escapeHtml(content)}</code></pre></figure>`;
}

export function renderExampleBlock(name: string, content: string): string {
  let values: unknown;
  try {
    values = parseYaml(content);
  } catch {
    return fallback(name, content, 'not valid YAML, shown as written');
  }
  if (!isPlainObject(values)) return fallback(name, content, 'not a YAML mapping, shown as written');
  const rows = Object.entries(values)
    .map(([key, value]) => `<tr><th scope="row"><code>${escapeHtml(key)}</code></th><td>${renderExampleValue(value)}</td></tr>`)
    .join('\n');
  return (
    `<figure class="example" id="example-${escapeHtml(name.replace(/[^A-Za-z0-9_-]/g, '-'))}">` +
    `<figcaption>Worked example <code>${escapeHtml(name)}</code></figcaption>` +
    `<div class="table-wrap"><table class="example-table"><tbody>\n${rows}\n</tbody></table></div></figure>\n`
  );
}
