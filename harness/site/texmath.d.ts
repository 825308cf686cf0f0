// markdown-it-texmath ships no types; this is the part of its API the site uses.
declare module 'markdown-it-texmath' {
  import type { MarkdownIt } from 'markdown-it';
  const texmath: (md: MarkdownIt, options?: { engine?: unknown; delimiters?: string | string[] }) => void;
  export default texmath;
}
