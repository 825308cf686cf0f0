/** Flags shared by grade, watch and hint. Unknown flags are an error, never silently ignored. */
export type GradeArgs = { weeks?: number[]; json: boolean; reference: boolean; strict: boolean; manual: boolean; limitMs?: number; rest: string[] };

export class UsageError extends Error {}

export function parseGradeArgs(args: readonly string[], allowed: readonly string[]): GradeArgs {
  const parsed: GradeArgs = { json: false, reference: false, strict: false, manual: false, rest: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const known = (flag: string) => {
      if (!allowed.includes(flag)) throw new UsageError(`${flag} is not an option here (options: ${allowed.join(' ')})`);
    };
    const value = (flag: string): string => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (arg === '--week') {
      known(arg);
      const n = Number(value(arg));
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--week needs a week number, got "${args[i]}"`);
      (parsed.weeks ??= []).push(n);
    } else if (arg === '--limit') {
      known(arg);
      const seconds = Number(value(arg));
      if (!(seconds > 0)) throw new UsageError(`--limit needs a number of seconds, got "${args[i]}"`);
      parsed.limitMs = seconds * 1000;
    } else if (arg === '--json' || arg === '--reference' || arg === '--strict' || arg === '--manual') {
      known(arg);
      parsed[arg.slice(2) as 'json' | 'reference' | 'strict' | 'manual'] = true;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg} (options: ${allowed.join(' ')})`);
    } else {
      parsed.rest.push(arg);
    }
  }
  return parsed;
}
