/**
 * `npm run profile`'s command line: a week or a case that does not exist is a usage error (exit 2)
 * naming what exists; --help prints the usage.
 */
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../grade/fixtures/course.ts';
import { run } from './profile.ts';

async function quietly(args: string[]): Promise<{ code: number; err: string; out: string }> {
  const [log, error] = [console.log, console.error];
  let [out, err] = ['', ''];
  console.log = (...a: unknown[]) => void (out += `${a.join(' ')}\n`);
  console.error = (...a: unknown[]) => void (err += `${a.join(' ')}\n`);
  try {
    return { code: await run(repoRoot, args), err, out };
  } finally {
    [console.log, console.error] = [log, error];
  }
}

describe('npm run profile, the command line', () => {
  it('a week that does not exist exits 2 and lists the weeks', async () => {
    const { code, err } = await quietly(['--week', '99']);
    expect(code).toBe(2);
    expect(err).toMatch(/there is no week 99 \(the weeks are 1, 2/);
  });

  it('--help prints the usage with every option', async () => {
    const { code, out } = await quietly(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/usage: npm run profile -- \[--week N\] \[--only CASE\] \[--json\] \[--reference\]/);
  });
});
