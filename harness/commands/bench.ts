/** `npm run bench`: not built yet (see the open issues). */
export async function run(_root: string, _args: string[]): Promise<number> {
  console.error('npm run bench is not built yet.');
  return 2;
}
