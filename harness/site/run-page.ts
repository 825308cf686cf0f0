/**
 * The child process's side of collecting a week's results (run by harness/sandbox/run.ts): given the
 * week's modules from the published tree and its page, build a context from the spec data the parent
 * sends, run each part on its own so one failing part (a learner's function that throws) leaves the
 * others on the page, and return plain data, which the parent validates.
 */
import type { LedgerRow, WorkedExample } from '../course/spec.ts';
import type { Tree } from '../progress/document.ts';
import type { LedgerRun, PageContext, WeekPage } from './page.ts';
import { emptyResults, type LedgerResult, type WeekResults } from './results.ts';

export type PageInput = { root: string; tree: Tree; slug: string; ledger: LedgerRow[]; examples: WorkedExample[]; modules: string[] };

function createContext(imported: Record<string, unknown>, input: PageInput): PageContext<Record<string, unknown>> {
  const file = `weeks/${input.slug}/spec.md`;
  const modules = Object.fromEntries(input.modules.map((name) => [name, imported[name]]));
  const example = (name: string) => {
    const found = input.examples.find((e) => e.name === name);
    if (!found) throw new Error(`${file} has no worked example named "${name}"`);
    return found.values;
  };
  const dims = <K extends string>(keys: readonly K[]) => {
    const found = input.examples.find((e) => keys.every((k) => typeof e.values[k] === 'number'));
    if (!found) throw new Error(`${file} has no worked example with numbers for ${keys.join(', ')}`);
    return { example: found.name, dims: Object.fromEntries(keys.map((k) => [k, found.values[k] as number])) as Record<K, number> };
  };
  return { modules, root: input.root, tree: input.tree, slug: input.slug, ledger: input.ledger, examples: input.examples, example, dims };
}

function isShape(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((d) => typeof d === 'number' && Number.isInteger(d));
}

/** Keep only the shapes: tensors hold megabytes of data the page does not need. */
function toLedgerResult(run: LedgerRun): LedgerResult {
  const shapes: Record<string, number[]> = {};
  for (const [name, tensor] of Object.entries(run.tensors)) {
    if (isShape(tensor?.shape)) shapes[name] = [...tensor.shape];
  }
  return { example: run.example, dims: run.dims, shapes };
}

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The program's entry: `imported['#page']` is the week's page module, the others its modules. */
export async function main(imported: Record<string, unknown>, input: PageInput): Promise<WeekResults> {
  const results = emptyResults();
  const attempt = async (part: string, work: () => unknown) => {
    try {
      await work();
    } catch (error) {
      results.problems.push({ part, message: message(error) });
    }
  };
  const ctx = createContext(imported, input);
  const page = (imported['#page'] as { default?: WeekPage<Record<string, unknown>> }).default;
  if (!page) return { ...results, problems: [{ part: 'setup', message: `solutions/${input.slug}/page.ts has no default export (definePage({...}))` }] };
  if (page.ledger) await attempt('ledger', async () => void (results.ledger = toLedgerResult(await page.ledger!(ctx))));
  if (page.tables) await attempt('tables', async () => void results.tables.push(...(await page.tables!(ctx))));
  for (const figure of page.figures ?? []) {
    await attempt(`figure ${figure.id}`, async () => {
      const computed = await figure.compute(ctx);
      if (computed) results.figures.push({ id: figure.id, title: figure.title, ...computed });
    });
  }
  return results;
}
