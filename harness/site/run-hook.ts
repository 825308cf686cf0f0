/**
 * The child process's side of collecting a week's results: load the week's spec, give its hook a
 * context, run each part on its own so one failing part (a learner's function that throws) leaves
 * the others on the page, and return plain data.
 */
import { join } from 'node:path';
import { loadWeek } from '../course/load.ts';
import { readExamples, readLedger } from '../course/spec.ts';
import { importModule, type HookContext, type LedgerRun, type Tree, type WeekHook } from './hook.ts';
import { emptyResults, type LedgerResult, type WeekResults } from './results.ts';

export type HookRequest = { root: string; tree: Tree; slug: string; outDir: string; hookFile: string };

function createContext(request: HookRequest): HookContext {
  const week = loadWeek(request.root, request.slug);
  const file = `weeks/${request.slug}/spec.md`;
  const ledger = readLedger(week.body, file);
  const examples = readExamples(week.body, file);
  const example = (name: string) => {
    const found = examples.find((e) => e.name === name);
    if (!found) throw new Error(`${file} has no worked example named "${name}"`);
    return found.values;
  };
  const dims = (keys: readonly string[]) => {
    const found = examples.find((e) => keys.every((k) => typeof e.values[k] === 'number'));
    if (!found) throw new Error(`${file} has no worked example with numbers for ${keys.join(', ')}`);
    return { example: found.name, dims: Object.fromEntries(keys.map((k) => [k, found.values[k] as number])) };
  };
  const fn = async <F extends (...args: never[]) => unknown>(module: string, name: string, slug = request.slug): Promise<F> => {
    const path = join(request.root, request.tree, slug, `${module}.ts`);
    const value = (await importModule(path))[name];
    if (typeof value !== 'function') throw new Error(`${request.tree}/${slug}/${module}.ts does not export a function ${name}`);
    return value as F;
  };
  return { root: request.root, tree: request.tree, slug: request.slug, outDir: request.outDir, ledger, examples, example, dims, fn };
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

export async function runHook(request: HookRequest): Promise<WeekResults> {
  const results = emptyResults();
  const attempt = async (part: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      results.problems.push({ part, message: message(error) });
    }
  };
  let ctx: HookContext | undefined;
  let hook: WeekHook | undefined;
  await attempt('setup', async () => {
    ctx = createContext(request);
    hook = (await importModule(request.hookFile)).default as WeekHook;
  });
  if (!ctx || !hook) return results;
  const [c, h] = [ctx, hook];
  if (h.ledger) await attempt('ledger', async () => void (results.ledger = toLedgerResult(await h.ledger!(c))));
  if (h.tables) await attempt('tables', async () => void results.tables.push(...(await h.tables!(c))));
  for (const figure of h.figures ?? []) {
    await attempt(`figure ${figure.id}`, async () => {
      const computed = await figure.compute(c);
      if (computed) results.figures.push({ id: figure.id, title: figure.title, ...computed });
    });
  }
  return results;
}
