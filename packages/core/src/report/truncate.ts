/**
 * Cuts Markdown to a size limit at a clean boundary: only between lines, never inside a code fence (a Mermaid
 * chart stays whole), never inside a table row; `<details>` blocks left open by the cut are closed, and a note says
 * what was cut. Nothing is cut silently.
 */

/** GitHub's limit for an issue or pull request comment body, in characters (UTF-16 code units, as JS counts). */
export const GITHUB_COMMENT_LIMIT = 65536;

export interface TruncateResult {
  markdown: string;
  truncated: boolean;
  /** Characters of the original that were kept. */
  keptChars: number;
  totalChars: number;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

export function truncateMarkdown(markdown: string, limit: number, note: (kept: number, total: number) => string): TruncateResult {
  if (markdown.length <= limit) return { markdown, truncated: false, keptChars: markdown.length, totalChars: markdown.length };
  const lines = markdown.split('\n');
  let fence: string | undefined;
  let depth = 0;
  let length = 0;
  let best: { end: number; depth: number } = { end: 0, depth: 0 };
  const noteText = (kept: number) => `\n\n${note(kept, markdown.length)}\n`;
  // Worst case for the note's digits: use the total length to size it.
  const noteBudget = noteText(markdown.length).length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    length += line.length + 1;
    const m = FENCE.exec(line);
    if (fence) {
      if (m && m[1]!.startsWith(fence[0]!) && m[1]!.length >= fence.length && line.trim() === m[1]) fence = undefined;
    } else if (m) {
      fence = m[1];
    } else {
      depth += (line.match(/<details\b/gi) ?? []).length;
      depth -= (line.match(/<\/details>/gi) ?? []).length;
      depth = Math.max(depth, 0);
    }
    if (fence) continue;
    const closers = '\n</details>'.length * depth;
    if (length + closers + noteBudget > limit) break;
    best = { end: length, depth };
  }
  let kept = markdown.slice(0, best.end).replace(/\n+$/, '');
  kept += '\n</details>'.repeat(best.depth);
  return { markdown: kept + noteText(best.end), truncated: true, keptChars: best.end, totalChars: markdown.length };
}
