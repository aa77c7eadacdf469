/**
 * Untrusted text (metric, column, file and branch names, file contents) must render as plain text in GitHub and
 * GitLab Markdown: no raw HTML, no @mention that pings anyone, no `#123` cross-reference, nothing that breaks out of
 * a table cell or a code fence.
 */

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * Escapes text for inline Markdown, including inside a table cell: HTML characters become entities, Markdown
 * punctuation is backslash-escaped, pipes are escaped (GFM splits cells on them even in code spans), newlines become
 * spaces, and `@name` gets a zero-width space after the `@` (as Renovate does) so it never pings.
 */
export function escapeText(text: string): string {
  return text
    .replace(/[\r\n\t\v\f\u2028\u2029]+/g, ' ')
    // Control characters would be invisible in the report.
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[&<>"]/g, (c) => ENTITY[c]!)
    .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`)
    // Setext/list/quote markers only matter at the start of a line; a cell never starts one, but a paragraph can.
    // Escape the marker character itself: `1\.` renders as "1.", while `\1.` would show the backslash.
    .replace(/^([-=])/, '\\$1')
    .replace(/^(\d+)\./, '$1\\.')
    .replace(/@/g, '@&#8203;');
}

/** Text shown in an HTML code element (not a Markdown code span, where backticks and pipes cannot be escaped). */
export function escapeCode(text: string): string {
  return `<code>${text
    .replace(/[\r\n\t\v\f\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[&<>"]/g, (c) => ENTITY[c]!)
    .replace(/\|/g, '&#124;')
    .replace(/`/g, '&#96;')
    .replace(/@/g, '@&#8203;')}</code>`;
}

/** A label for a Mermaid chart: letters, digits and a few safe marks, at most `max` characters. */
export function mermaidLabel(text: string, max = 24): string {
  const clean = text.replace(/[^A-Za-z0-9 ._:/%-]/g, '_');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** Escapes text for an HTML attribute or element body (the hidden marker, <summary>). */
export function escapeHtml(text: string): string {
  return text
    .replace(/[\r\n\t\v\f\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[&<>"'`|]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/@/g, '@&#8203;');
}
