/**
 * Escaping of untrusted text (CVE titles, resource names, test names, file paths) before it lands in a
 * comment or job summary. GitHub renders HTML inside markdown and turns `@user` and `#123` into pings and
 * cross-references, so tool output could notify strangers or inject markup unless neutralised.
 */

// U+200B ZERO WIDTH SPACE: invisible, but breaks GitHub's mention and reference autolinking.
const ZWSP = '\u200b';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Neutralises `@mention`, `#123`, `GH-123` and `owner/repo#123` so rendering pings and links nobody. */
export function neutraliseReferences(text: string): string {
  return text
    .replace(/@(?=[A-Za-z0-9])/g, `@${ZWSP}`)
    .replace(/#(?=\d)/g, `#${ZWSP}`)
    .replace(/\bGH-(?=\d)/gi, (m) => `${m.slice(0, 2)}${ZWSP}-`);
}

/** Escapes HTML and markdown emphasis/link syntax, and neutralises references, for inline text. */
export function escapeText(text: string): string {
  const html = text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c] ?? c);
  const md = html.replace(/([\\`*_[\]|~])/g, '\\$1');
  return neutraliseReferences(md);
}

/** Escapes text for one table cell: as {@link escapeText}, and keeps the cell on one line. */
export function escapeCell(text: string): string {
  return escapeText(text).replace(/\r?\n/g, '<br>');
}

/**
 * Inline code that survives backticks in the value: the fence is one backtick longer than the longest run
 * inside. Code spans do not render HTML or mentions, so no other escaping is needed.
 */
export function code(text: string): string {
  const single = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...Array.from(single.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = single.startsWith('`') || single.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${single}${pad}${fence}`;
}

/**
 * A fenced code block whose fence cannot be closed early by the content. Content inside a fence is
 * shown literally, but a line of backticks in it would end the block, so the fence grows to outlast it.
 */
export function codeBlock(text: string, language = ''): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/^`{3,}/gm), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/** A link whose text is escaped; only http(s) URLs are linked, anything else is shown as escaped text. */
export function link(text: string, url: string): string {
  if (!/^https?:\/\//i.test(url)) return escapeText(text);
  return `[${escapeText(text)}](${url.replace(/[()\s]/g, encodeURIComponent)})`;
}
