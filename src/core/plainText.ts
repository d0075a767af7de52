/**
 * Remote text (a server's error, an alert's title, a branch name) made safe for the places where
 * VS Code renders markup in strings: notifications turn `[label](command:...)` into a clickable
 * link that runs any command with any arguments, and status-bar texts, quick picks and view
 * messages render `$(icon)` syntax. Everything shown there goes through here: one line, no control
 * or bidirectional-override characters, no link brackets, no icon syntax, no command scheme.
 * Pure; hovers and webviews have their own escaping (untrusted MarkdownString, DOMPurify).
 */

// C0/C1 controls, DEL, line/paragraph separators, bidi embeddings/overrides/isolates, zero-width characters.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b-\u200f\u061c\ufeff]+/g;

export function plainText(text: string, max = 500): string {
  const flat = String(text)
    .replace(INVISIBLE, ' ')
    .replace(/\[/g, '(')
    .replace(/\]/g, ')')
    .replace(/\$\(/g, '$ (')
    .replace(/\b(command|vscode|vscode-insiders)\s*:/gi, '$1 :')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, Math.max(1, max - 1))}…` : flat;
}

/** Several lines of remote text (a tooltip), each made plain; at most `maxLines`. */
export function plainLines(text: string, maxLines = 20, maxPerLine = 300): string {
  return String(text)
    .split(/\r?\n/)
    .slice(0, maxLines)
    .map((line) => plainText(line, maxPerLine))
    .join('\n');
}

/**
 * A label that may start with one codicon of ours (`$(tag) v1.2.0`): the icon is kept, the rest is
 * remote text and made plain.
 */
export function plainLabel(label: string, max = 200): string {
  const icon = /^\$\([a-z0-9-]+(?:~spin)?\) /.exec(label)?.[0] ?? '';
  return icon + plainText(label.slice(icon.length), max);
}
