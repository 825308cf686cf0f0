/**
 * A learner's note is written when every prompt from the spec has an answer of some substance
 * beneath its heading in notes.md. The template ships each prompt as a "## " heading followed by
 * a placeholder line that does not count.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';

export const PLACEHOLDER = '_Your answer here._';

/** Fewer words than this beneath a prompt reads as "not answered yet". */
export const MIN_ANSWER_WORDS = 12;

export type NoteStatus = { written: boolean; unanswered: string[]; problem?: string };

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The answer text beneath each "## " heading, keyed by the normalised heading. */
export function noteSections(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  let heading: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (heading !== undefined) sections.set(normalise(heading), lines.join('\n'));
  };
  for (const line of markdown.split(/\r?\n/)) {
    const match = /^##\s+(.*)$/.exec(line);
    if (match) {
      flush();
      heading = match[1] ?? '';
      lines = [];
    } else {
      lines.push(line);
    }
  }
  flush();
  return sections;
}

function wordCount(answer: string): number {
  const withoutPlaceholder = answer.split(PLACEHOLDER).join(' ').replace(/<!--[\s\S]*?-->/g, ' ');
  return withoutPlaceholder.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

export function noteStatus(markdown: string | undefined, prompts: readonly string[]): NoteStatus {
  const sections = noteSections(markdown ?? '');
  const unanswered = prompts.filter((prompt) => wordCount(sections.get(normalise(prompt)) ?? '') < MIN_ANSWER_WORDS);
  return { written: unanswered.length === 0, unanswered };
}

/** The template a week ships: its title, then each prompt as a heading with the placeholder. */
export function noteTemplate(title: string, prompts: readonly string[]): string {
  const sections = prompts.map((prompt) => `## ${prompt}\n\n${PLACEHOLDER}\n`);
  return [`# ${title} — my notes\n`, ...sections].join('\n');
}

/** A note larger than this is refused with a message naming it: notes are untrusted input, published as pages. */
export const MAX_NOTE_BYTES = 256 * 1024;

export type NoteFile = { text?: string; problem?: string };

/** Reads a note, refusing one over MAX_NOTE_BYTES (the problem names the file and the sizes). */
export function readNoteFile(path: string, shown: string): NoteFile {
  if (!existsSync(path)) return {};
  const size = statSync(path).size;
  if (size > MAX_NOTE_BYTES) {
    return { problem: `${shown} is ${(size / 1024).toFixed(0)} KiB, over the ${MAX_NOTE_BYTES / 1024} KiB a note may be: shorten it (it is neither graded as written nor published)` };
  }
  return { text: readFileSync(path, 'utf8') };
}
