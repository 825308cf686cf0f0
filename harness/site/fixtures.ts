/**
 * Progress documents for tests and previews that do not grade: every week of a course marked
 * complete (or not started), with one passing check per category its spec hints at. The real
 * documents come from the grader; these only have to satisfy the same zod schema.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Course, Week } from '../course/load.ts';
import { CATEGORIES, type Category } from '../course/schema.ts';
import { Progress, type WeekProgress } from '../progress/document.ts';

function weekProgress(week: Week, complete: boolean): WeekProgress {
  const categories = CATEGORIES.filter((c) => week.hints.some((h) => h.check.startsWith(`${c} >`)));
  const used: Category[] = categories.length > 0 ? categories : ['behaviour'];
  const checks = used.map((category) => ({
    week: week.number,
    file: `weeks/${week.slug}/${week.spec.modules[0]}.test.ts`,
    id: `${category} > works`,
    name: `${category} works`,
    category,
    status: complete ? ('passed' as const) : ('not started' as const),
  }));
  const tally = { passed: complete ? used.length : 0, total: used.length };
  return {
    number: week.number,
    slug: week.slug,
    title: week.spec.title,
    status: complete ? 'complete' : 'not started',
    noteWritten: complete,
    categories: Object.fromEntries(used.map((c) => [c, { passed: complete ? 1 : 0, total: 1 }])),
    tally,
    checks,
    predictions: [],
  };
}

export function syntheticProgress(course: Course, tree: Progress['tree'], complete: (week: Week) => boolean): Progress {
  const weeks = course.weeks.map((week) => weekProgress(week, complete(week)));
  const passed = weeks.reduce((n, w) => n + w.tally.passed, 0);
  const total = weeks.reduce((n, w) => n + w.tally.total, 0);
  return Progress.parse({ version: 2, tree, weeks, overall: { passed, total } });
}

/** The hostile note's prompts: the fixture spec uses them, so the note counts as written and is published. */
export const HOSTILE_PROMPTS = ["Why is <b>this</b> prompt full of <script>alert('prompt')</script>?", 'What about entities &amp; math?'];

/** A note full of hostile input, with a huge table appended (500 rows of 30 columns). */
export function hostileNote(): string {
  const text = readFileSync(new URL('./fixtures/hostile-note.md', import.meta.url), 'utf8');
  const header = `| ${Array.from({ length: 30 }, (_, i) => `c${i}`).join(' | ')} |`;
  const rule = `|${'---|'.repeat(30)}`;
  const rows = Array.from({ length: 500 }, (_, r) => `| ${Array.from({ length: 30 }, (_, c) => (c === 0 ? `<b onmouseover=x>${r}</b>` : `${r * c}`)).join(' | ')} |`);
  return `${text}\n## Appendix\n\n${[header, rule, ...rows].join('\n')}\n`;
}

export type FixtureWeek = { slug: string; title: string; prompts?: string[]; note?: string; body?: string };

function fixtureSpec(week: FixtureWeek, number: number): string {
  const prompts = week.prompts ?? ['What did this week teach?'];
  const yamlString = (s: string) => JSON.stringify(s);
  return [
    '---',
    `week: ${number}`,
    `title: ${yamlString(week.title)}`,
    `summary: ${yamlString(`Summary of ${week.title} with <script>window.__hostile = 'summary'</script> & more.`)}`,
    'modules: [thing]',
    'prompts:',
    ...prompts.map((p) => `  - ${yamlString(p)}`),
    '---',
    '',
    week.body ?? `# Week ${number}\n\nInline math $a^2 + b^2$ and a ledger.\n\n| Symbol | Shape | Meaning |\n|---|---|---|\n| X | [B, D] | The input. |\n\n\`\`\`example worked\nB: 2\nD: 3\n\`\`\`\n`,
  ].join('\n');
}

/** A small course on disk (weeks/ and the hints in solutions/): enough for loadCourse and buildSite with tree "weeks". */
export function writeFixtureCourse(root: string, weeks: readonly FixtureWeek[]): void {
  weeks.forEach((week, i) => {
    const dir = join(root, 'weeks', week.slug);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'spec.md'), fixtureSpec(week, i + 1));
    writeFileSync(join(dir, 'thing.ts'), 'export const thing = 1;\n');
    writeFileSync(join(dir, 'thing.test.ts'), '// never run: the fixture only has to exist for loadCourse\n');
    if (week.note !== undefined) writeFileSync(join(dir, 'notes.md'), week.note);
    mkdirSync(join(root, 'solutions', week.slug), { recursive: true });
    writeFileSync(join(root, 'solutions', week.slug, 'hints.yaml'), '- check: "behaviour >"\n  tiers: [Read the spec., Read it again.]\n');
  });
}
