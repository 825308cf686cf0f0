/**
 * The one command-line parser: every command declares its options and positionals here, and
 * `node:util`'s parseArgs reads them in strict mode. An unknown flag, a missing value or a value
 * that does not parse is a UsageError, which the CLI turns into exit 2 with the command's usage;
 * `--help` prints the usage on every command.
 */
import { parseArgs } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Flag = { type: 'boolean'; help: string };
type Valued<T> = { type: 'string'; help: string; value: string; parse(text: string): T; multiple?: boolean };
export type OptionSpec = Flag | Valued<unknown>;

export type CommandSpec = {
  /** `npm run <name>`. */
  name: string;
  summary: string;
  options: Record<string, OptionSpec>;
  /** Names of positional arguments, e.g. ['WEEK', 'MODULE?']; a trailing ? marks an optional one. */
  positionals?: string[];
};

type ValueOf<O> = O extends Flag ? boolean : O extends Valued<infer T> ? (O extends { multiple: true } ? T[] : T | undefined) : never;
export type Parsed<S extends CommandSpec> = {
  values: { [K in keyof S['options']]: ValueOf<S['options'][K]> };
  positionals: string[];
  help: boolean;
};

/** A value parser: a whole number at least `min`. */
export function integer(min: number): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isInteger(n) || n < min) throw new UsageError(`expected a whole number ≥ ${min}, got "${text}"`);
    return n;
  };
}

/** A value parser: a number greater than 0. */
export function positive(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !(n > 0) || !Number.isFinite(n)) throw new UsageError(`expected a number greater than 0, got "${text}"`);
  return n;
}

/** A value parser: one of the given words. */
export function oneOf(words: readonly string[]): (text: string) => string {
  return (text) => {
    if (!words.includes(text)) throw new UsageError(`expected one of ${words.join(', ')}, got "${text}"`);
    return text;
  };
}

export function usage(spec: CommandSpec): string {
  const flags = Object.entries(spec.options).map(([name, o]) => (o.type === 'boolean' ? `[--${name}]` : `[--${name} ${o.value}]`));
  const positionals = (spec.positionals ?? []).map((p) => (p.endsWith('?') ? `[${p.slice(0, -1)}]` : p));
  const line = `usage: npm run ${spec.name}${flags.length + positionals.length > 0 ? ' --' : ''} ${[...positionals, ...flags].join(' ')}`.trimEnd();
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const left = o.type === 'boolean' ? `--${name}` : `--${name} ${o.value}`;
    return `  ${left.padEnd(22)} ${o.help}`;
  });
  return [spec.summary, line, ...(rows.length > 0 ? ['options:', ...rows, '  --help                 this text'] : ['  --help  this text'])].join('\n');
}

function arity(spec: CommandSpec): { min: number; max: number } {
  const names = spec.positionals ?? [];
  return { min: names.filter((p) => !p.endsWith('?')).length, max: names.length };
}

/** Reads `args` against `spec`; throws a UsageError naming what is wrong. */
export function parseCommandArgs<S extends CommandSpec>(spec: S, args: readonly string[]): Parsed<S> {
  const options: Record<string, { type: 'boolean' | 'string'; multiple?: boolean }> = { help: { type: 'boolean' } };
  for (const [name, o] of Object.entries(spec.options)) options[name] = { type: o.type, ...(o.type === 'string' && o.multiple ? { multiple: true } : {}) };
  let raw: { values: Record<string, unknown>; positionals: string[] };
  try {
    raw = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const values: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(spec.options)) {
    const given = raw.values[name];
    if (o.type === 'boolean') {
      values[name] = given === true;
      continue;
    }
    const read = (text: string) => {
      try {
        return o.parse(text);
      } catch (error) {
        throw new UsageError(`--${name}: ${(error as Error).message}`);
      }
    };
    values[name] = Array.isArray(given) ? given.map((t) => read(String(t))) : given === undefined ? (o.multiple ? [] : undefined) : read(String(given));
  }
  const help = raw.values.help === true;
  const { min, max } = arity(spec);
  if (!help && raw.positionals.length > max) throw new UsageError(`unexpected argument "${raw.positionals[max]}"`);
  if (!help && raw.positionals.length < min) throw new UsageError(`missing ${(spec.positionals ?? [])[raw.positionals.length]}`);
  return { values, positionals: raw.positionals, help } as Parsed<S>;
}

/** Parses `args` for `spec` and runs `body`: a usage error prints the message and the usage and exits 2; --help prints the usage. */
export async function withArgs<S extends CommandSpec>(spec: S, args: readonly string[], body: (parsed: Parsed<S>) => Promise<number>): Promise<number> {
  let parsed: Parsed<S>;
  try {
    parsed = parseCommandArgs(spec, args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${usage(spec)}`);
    return 2;
  }
  if (parsed.help) {
    console.log(usage(spec));
    return 0;
  }
  try {
    return await body(parsed);
  } catch (error) {
    // A value only the command can judge (a week that does not exist, a measurement name) is a usage error too.
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${usage(spec)}`);
    return 2;
  }
}
