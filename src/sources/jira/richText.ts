/**
 * Jira's rich text as safe Markdown for the details panel: Cloud's Atlassian Document Format (ADF,
 * REST v3) and Data Center's wiki markup (REST v2). Every piece of text is escaped (no raw HTML, no
 * markup of its own can survive), links are kept only for http(s) URLs, depth and length are bounded.
 * The page renders the Markdown without raw HTML and sanitises it again (DOMPurify).
 */
import { escapeMarkdown } from '../../core/releaseNotes';

const MAX_DEPTH = 30;
const MAX_CHARS = 50_000;

interface AdfNode {
  type?: unknown;
  text?: unknown;
  content?: unknown;
  attrs?: Record<string, unknown>;
  marks?: Array<{ type?: unknown; attrs?: Record<string, unknown> }>;
}

/** Jira's description or comment body as Markdown: ADF objects and wiki strings alike; '' for none. */
export function jiraRichTextToMarkdown(body: unknown): string {
  if (typeof body === 'string') return wikiToMarkdown(body);
  if (body && typeof body === 'object') return adfToMarkdown(body);
  return '';
}

/** An ADF document as Markdown. Unknown nodes keep their text; nothing else of theirs is rendered. */
export function adfToMarkdown(doc: unknown): string {
  const out = blocks(asNode(doc)?.content, 0).join('\n\n');
  return bound(out.replace(/\n{3,}/g, '\n\n').trim());
}

function asNode(value: unknown): AdfNode | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as AdfNode) : undefined;
}

function children(content: unknown): AdfNode[] {
  return Array.isArray(content) ? content.map(asNode).filter((n): n is AdfNode => n !== undefined) : [];
}

function blocks(content: unknown, depth: number): string[] {
  if (depth > MAX_DEPTH) return [];
  return children(content)
    .map((n) => block(n, depth + 1))
    .filter((b) => b !== '');
}

function block(node: AdfNode, depth: number): string {
  switch (node.type) {
    case 'paragraph':
      return inline(node.content, depth);
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(node.attrs?.level) || 1));
      return `${'#'.repeat(level)} ${inline(node.content, depth)}`;
    }
    case 'bulletList':
    case 'orderedList':
      return children(node.content)
        .map((item, i) => {
          const marker = node.type === 'orderedList' ? `${i + 1}.` : '-';
          const text = blocks(item.content, depth).join('\n').replace(/\n/g, '\n   ');
          return `${marker} ${text}`;
        })
        .join('\n');
    case 'codeBlock':
      return fence(plain(node.content, depth));
    case 'blockquote':
    case 'panel':
      return blocks(node.content, depth)
        .join('\n\n')
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n');
    case 'rule':
      return '---';
    case 'table':
      return children(node.content)
        .map(
          (row) =>
            `| ${children(row.content)
              .map((cell) => blocks(cell.content, depth).join(' ').replace(/\n/g, ' '))
              .join(' | ')} |`,
        )
        .join('\n');
    case 'mediaSingle':
    case 'mediaGroup':
      return '_(attachment)_';
    default:
      // Unknown blocks (and inline nodes at block level): their text only.
      return node.content !== undefined ? blocks(node.content, depth).join('\n\n') : inline([node], depth);
  }
}

function inline(content: unknown, depth: number): string {
  if (depth > MAX_DEPTH) return '';
  return children(content)
    .map((n) => {
      switch (n.type) {
        case 'text':
          return marked(typeof n.text === 'string' ? n.text : '', n.marks);
        case 'hardBreak':
          return '  \n';
        case 'mention':
          return escapeMarkdown(oneLine(String(n.attrs?.text ?? '@someone')));
        case 'emoji':
          return escapeMarkdown(oneLine(String(n.attrs?.text ?? n.attrs?.shortName ?? '')));
        case 'inlineCard':
        case 'blockCard':
          return link(String(n.attrs?.url ?? ''), String(n.attrs?.url ?? ''));
        case 'status':
        case 'date':
          return escapeMarkdown(oneLine(String(n.attrs?.text ?? n.attrs?.timestamp ?? '')));
        default:
          return n.content !== undefined ? inline(n.content, depth + 1) : '';
      }
    })
    .join('');
}

function marked(text: string, marks: AdfNode['marks']): string {
  let out = escapeMarkdown(oneLine(text));
  if (!out.trim()) return out;
  let href: string | undefined;
  for (const mark of Array.isArray(marks) ? marks : []) {
    if (mark?.type === 'strong') out = `**${out}**`;
    else if (mark?.type === 'em') out = `_${out}_`;
    else if (mark?.type === 'strike') out = `~~${out}~~`;
    else if (mark?.type === 'code') out = `\`${text.replace(/`/g, "'").replace(/[\r\n]+/g, ' ')}\``;
    else if (mark?.type === 'link') href = String(mark.attrs?.href ?? '');
  }
  return href !== undefined ? link(out, href, true) : out;
}

function plain(content: unknown, depth: number): string {
  if (depth > MAX_DEPTH) return '';
  return children(content)
    .map((n) => (typeof n.text === 'string' ? n.text : n.type === 'hardBreak' ? '\n' : plain(n.content, depth + 1)))
    .join('');
}

/**
 * Wiki markup (Jira Data Center / Server) as Markdown: headings, bold, italic, monospace, links,
 * lists, quotes, code and noformat blocks, rules; the rest is text.
 */
export function wikiToMarkdown(text: string): string {
  const out: string[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const code = /^\s*\{(code|noformat)(?::[^}]*)?\}(.*)$/.exec(line);
    if (code) {
      const body: string[] = [];
      let rest = code[2];
      const close = new RegExp(`\\{${code[1]}\\}`);
      while (!close.test(rest) && i + 1 < lines.length) {
        body.push(rest);
        rest = lines[++i];
      }
      body.push(rest.split(close)[0]);
      out.push(fence(body.join('\n').replace(/^\n+|\n+$/g, '')));
      continue;
    }
    const heading = /^h([1-6])\.\s+(.*)$/.exec(line);
    if (heading) {
      out.push(`${'#'.repeat(Number(heading[1]))} ${wikiInline(heading[2])}`);
      continue;
    }
    const quote = /^bq\.\s+(.*)$/.exec(line);
    if (quote) {
      out.push(`> ${wikiInline(quote[1])}`);
      continue;
    }
    const list = /^([*#-]+)\s+(.*)$/.exec(line);
    if (list) {
      const indent = '   '.repeat(Math.min(list[1].length - 1, 5));
      out.push(`${indent}${list[1].endsWith('#') ? '1.' : '-'} ${wikiInline(list[2])}`);
      continue;
    }
    if (/^-{4,}\s*$/.test(line)) {
      out.push('---');
      continue;
    }
    out.push(wikiInline(line));
  }
  return bound(
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  );
}

/** One line of wiki text: `*bold*`, `_italic_`, `{{mono}}`, `[text|url]`, `[url]`; everything else escaped. */
function wikiInline(line: string): string {
  const parts: string[] = [];
  const re =
    /\{\{(.+?)\}\}|\[([^\]|]*)\|([^\]]*)\]|\[(https?:\/\/[^\]\s]+)\]|(?<![\w*])\*(\S(?:.*?\S)?)\*(?![\w*])|(?<![\w_])_(\S(?:.*?\S)?)_(?![\w_])/g;
  let at = 0;
  for (const m of line.matchAll(re)) {
    parts.push(escapeMarkdown(line.slice(at, m.index)));
    if (m[1] !== undefined) parts.push(`\`${m[1].replace(/`/g, "'")}\``);
    else if (m[3] !== undefined) parts.push(link(escapeMarkdown(m[2] || m[3]), m[3].trim(), true));
    else if (m[4] !== undefined) parts.push(link(escapeMarkdown(m[4]), m[4]));
    else if (m[5] !== undefined) parts.push(`**${escapeMarkdown(m[5])}**`);
    else if (m[6] !== undefined) parts.push(`_${escapeMarkdown(m[6])}_`);
    at = (m.index ?? 0) + m[0].length;
  }
  parts.push(escapeMarkdown(line.slice(at)));
  return parts.join('');
}

/** A Markdown link for http(s) URLs only; anything else (javascript:, data:, command:) stays text. */
function link(text: string, href: string, textIsEscaped = false): string {
  const shown = textIsEscaped ? text : escapeMarkdown(oneLine(text));
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return shown;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return shown;
  return `[${shown}](${url.href.replace(/[()\s<>]/g, encodeURIComponent)})`;
}

function fence(code: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}\n${code.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')}\n${ticks}`;
}

function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

function bound(text: string): string {
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}\n\n_(cut)_` : text;
}
