/**
 * weeks/NN-slug/predictions.yaml as the course ships it: every question of the spec's front matter,
 * its text as a comment and an empty answer. The proof checks the shipped file against this.
 */
import { questionText, type Question } from '../course/schema.ts';

function wrap(text: string, width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && `${line} ${word}`.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

const UNITS: Record<Question['kind'], string> = {
  shape: 'a shape, like [32, 3072]',
  count: 'a count, like 2.36e6 or 2.36 M',
  bytes: 'bytes, like 9 MiB or 9437184',
  flops: 'FLOPs, like 1.5e8 or 150 MFLOP',
  ratio: 'a ratio, like 4 or x4',
  choice: 'one word',
  seconds: 'a time on this machine, like 3 ms',
};

export function predictionsTemplate(title: string, questions: readonly Question[]): string {
  const head = [
    `# ${title} — predictions`,
    '#',
    '# Answer each question BEFORE you write the code it is about: predict, then let your code and the clock',
    '# answer. Write values the way you would say them (4.5 MiB, 1.2e9, [32, 3072], memory, 3 ms, x4).',
    '# npm run grade keeps the first answer it sees; later edits are kept as revisions, never replacing it.',
    '# A prediction is scored once its module passes every check: within 10 % a hit, within 2x close.',
  ];
  const body = questions.flatMap((q) => [
    '',
    ...wrap(questionText(q)).map((l) => `# ${l}`),
    `# (${q.kind === 'choice' ? `one of: ${q.choices!.join(', ')}` : UNITS[q.kind]})`,
    `${q.id}:`,
  ]);
  return `${[...head, ...body].join('\n')}\n`;
}
