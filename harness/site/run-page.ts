/**
 * The child process's side of collecting a week's results: load the week's spec and its modules from
 * the published tree, give its page a context, run each part on its own so one failing part (a
 * learner's function that throws) leaves the others on the page, and return plain data.
 */
import { join } from 'node:path';
import { loadWeek } from '../course/load.ts';
import type { Tree } from '../progress/document.ts';
import { importModule, type LedgerRun, type PageContext, type WeekPage } from './page.ts';
import { emptyResults, type LedgerResult, type WeekResults } from './results.ts';

export type PageRequest = { root: string; tree: Tree; slug: string; pageFile: string };

async function createContext(request: PageRequest): Promise<PageContext<Record<string, unknown>>> {
  const week = loadWeek(request.root, request.slug);
  const file = `weeks/${request.slug}/spec.md`;
  const modules: Record<string, unknown> = {};
  for (const name of week.spec.modules) modules[name] = await importModule(join(request.root, request.tree, request.slug, `${name}.ts`));
  const example = (name: string) => {
    const found = week.examples.find((e) => e.name === name);
    if (!found) throw new Error(`${file} has no worked example named "${name}"`);
    return found.values;
  };
  const dims = <K extends string>(keys: readonly K[]) => {
    const found = week.examples.find((e) => keys.every((k) => typeof e.values[k] === 'number'));
    if (!found) throw new Error(`${file} has no worked example with numbers for ${keys.join(', ')}`);
    return { example: found.name, dims: Object.fromEntries(keys.map((k) => [k, found.values[k] as number])) as Record<K, number> };
  };
  return { modules, root: request.root, tree: request.tree, slug: request.slug, ledger: week.ledger, examples: week.examples, example, dims };
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

export async function runPage(request: PageRequest): Promise<WeekResults> {
  const results = emptyResults();
  const attempt = async (part: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      results.problems.push({ part, message: message(error) });
    }
  };
  let ctx: PageContext<Record<string, unknown>> | undefined;
  let page: WeekPage<Record<string, unknown>> | undefined;
  await attempt('setup', async () => {
    ctx = await createContext(request);
    page = (await importModule(request.pageFile)).default as WeekPage<Record<string, unknown>>;
  });
  if (!ctx || !page) return results;
  const [c, p] = [ctx, page];
  if (p.ledger) await attempt('ledger', async () => void (results.ledger = toLedgerResult(await p.ledger!(c))));
  if (p.tables) await attempt('tables', async () => void results.tables.push(...(await p.tables!(c))));
  for (const figure of p.figures ?? []) {
    await attempt(`figure ${figure.id}`, async () => {
      const computed = await figure.compute(c);
      if (computed) results.figures.push({ id: figure.id, title: figure.title, ...computed });
    });
  }
  return results;
}
