import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadCourse } from './load.ts';
import { noteStatus, noteTemplate } from './notes.ts';

const prompts = ['Why is dW shaped like W?', 'Why sum db over the batch?'];
const answer = 'Because each weight gets exactly one partial derivative, so the gradient has one entry per weight in the same layout.';

describe('notes', () => {
  it('a fresh template is not written, and names every unanswered prompt', () => {
    expect(noteStatus(noteTemplate('Week', prompts), prompts)).toEqual({ written: false, unanswered: prompts });
  });

  it('is written when every prompt has an answer of some substance', () => {
    const note = `# Mine\n\n## ${prompts[0]}\n\n${answer}\n\n## ${prompts[1]}\n\n${answer}\n`;
    expect(noteStatus(note, prompts)).toEqual({ written: true, unanswered: [] });
  });

  it('a one-line answer, the placeholder or an HTML comment does not count', () => {
    const note = `## ${prompts[0]}\n\n${answer}\n\n## ${prompts[1]}\n\nbecause.\n_Your answer here._\n<!-- ${answer} -->\n`;
    expect(noteStatus(note, prompts)).toEqual({ written: false, unanswered: [prompts[1]] });
  });

  it('a missing notes.md is not written', () => {
    expect(noteStatus(undefined, prompts).written).toBe(false);
  });

  it('every exemplar note in solutions/ answers all of its week\'s prompts', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    for (const week of loadCourse(root).weeks) {
      const exemplar = join(root, 'solutions', week.slug, 'notes.md');
      expect(existsSync(exemplar), exemplar).toBe(true);
      expect(noteStatus(readFileSync(exemplar, 'utf8'), week.spec.prompts).unanswered, exemplar).toEqual([]);
    }
  });
});
