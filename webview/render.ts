/**
 * Builds the details DOM for one item. Remote strings only ever reach the DOM as text
 * (`textContent`, `createTextNode`) or through the markdown sanitizer; never as HTML.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import type { Signal } from '../src/core/signal';
import { KIND_LABELS, type DetailsItem, type DetailsRow, type DetailsSection } from '../src/core/details/protocol';
import { externalLink, messageLink } from './links';
import { renderMarkdown } from './markdown';
import { absoluteTime, clip, clipList, isoTime, MAX_CODE, MAX_MARKDOWN, MAX_TITLE, MAX_VALUE, relativeTime } from './text';
import { post } from './vscodeApi';

type Child = Node | string;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    node.setAttribute(name, value);
  }
  // Strings are appended as text nodes by `append`: never parsed as HTML.
  node.append(...children);
  return node;
}

function note(text: string): HTMLElement {
  return el('span', { class: 'note' }, text);
}

/** Text bounded to `max` characters, with a visible "(truncated)" note when cut. */
function boundedText(text: string, max = MAX_VALUE): Child[] {
  const c = clip(text, max);
  return c.truncated ? [c.text, ' ', note(`(truncated, ${text.length.toLocaleString()} characters)`)] : [c.text];
}

function stateBadge(signal: Signal): HTMLElement {
  const { normal, native } = signal.state;
  const text = native && native !== normal ? `${normal} (${clip(native, 80).text})` : normal;
  return el('vscode-badge', { class: `state state-${normal}`, title: 'State' }, text);
}

function time(ms: number): Child[] {
  const rel = relativeTime(ms);
  const abs = absoluteTime(ms);
  if (rel === undefined || abs === undefined) {
    return [note('unknown')];
  }
  return [el('time', { datetime: isoTime(ms) ?? '' }, rel), ' ', el('span', { class: 'muted' }, `(${abs})`)];
}

function chips(values: readonly string[]): Child[] {
  const { items, truncated } = clipList(values);
  const out: Child[] = items.map((v) => el('span', { class: 'chip' }, ...boundedText(v, 200)));
  if (truncated) {
    out.push(note(`(truncated, ${values.length} in all)`));
  }
  return out;
}

function fileLink(path: string, line: number | undefined, repo: string | undefined): HTMLAnchorElement {
  const where = line === undefined ? path : `${path}:${line}`;
  const message = { type: 'openFile' as const, path, ...(line === undefined ? {} : { line }), ...(repo === undefined ? {} : { repo }) };
  return messageLink(clip(where, MAX_VALUE).text, message, repo === undefined ? where : `${repo}: ${where}`);
}

function metaTable(rows: Array<[string, Child[]]>): HTMLTableElement {
  const body = el('tbody');
  for (const [label, value] of rows) {
    if (value.length > 0) {
      body.append(el('tr', {}, el('th', { scope: 'row' }, label), el('td', {}, ...value)));
    }
  }
  return el('table', { class: 'meta' }, body);
}

function signalMeta(signal: Signal): HTMLTableElement {
  const { anchors } = signal;
  const commits = clipList(anchors.commits ?? []);
  const files = clipList(anchors.files ?? []);
  const rows: Array<[string, Child[]]> = [
    ['Source', boundedText(signal.source)],
    ['Author', signal.author ? boundedText(signal.author) : []],
    ['Created', time(signal.createdAt)],
    ['Updated', signal.updatedAt !== signal.createdAt ? time(signal.updatedAt) : []],
    ['Labels', chips(signal.labels)],
    ['Tags', chips(signal.tags)],
    ['Repository', anchors.repo ? boundedText(anchors.repo) : []],
    [
      'Commits',
      [
        ...commits.items.map((sha) => el('code', { class: 'chip', title: sha }, sha.slice(0, 7))),
        ...(commits.truncated ? [note(`(truncated, ${anchors.commits?.length} in all)`)] : []),
      ],
    ],
    ['Branch', anchors.branch ? [el('code', {}, ...boundedText(anchors.branch, 500))] : []],
    ['Environment', anchors.environment ? boundedText(anchors.environment) : []],
    [
      'Files',
      [
        ...files.items.flatMap((f, i) => [...(i > 0 ? [el('br')] : []), fileLink(f.path, f.line, anchors.repo)]),
        ...(files.truncated ? [el('br'), note(`(truncated, ${anchors.files?.length} in all)`)] : []),
      ],
    ],
    ['Link', signal.url ? [externalLink(clip(signal.url, 500).text, signal.url)] : []],
  ];
  return metaTable(rows);
}

function rowValue(row: DetailsRow): Child[] {
  if (row.file) {
    return [fileLink(row.file.path, row.file.line, row.file.repo)];
  }
  const text = clip(row.value, MAX_VALUE);
  const value: Child = row.href ? externalLink(text.text, row.href) : text.text;
  return text.truncated ? [value, ' ', note('(truncated)')] : [value];
}

function sectionBody(section: DetailsSection): HTMLElement {
  if ('rows' in section) {
    const { items, truncated } = clipList(section.rows);
    const table = metaTable(items.map((r) => [clip(r.label, 200).text, rowValue(r)]));
    return el('div', { class: 'section-body' }, table, ...(truncated ? [note(`(truncated, ${section.rows.length} rows in all)`)] : []));
  }
  if ('markdown' in section) {
    const text = clip(section.markdown, MAX_MARKDOWN);
    const body = el('div', { class: 'section-body markdown' }, renderMarkdown(text.text));
    if (text.truncated) {
      body.append(el('p', {}, note('(truncated)')));
    }
    return body;
  }
  const text = clip(section.code, MAX_CODE);
  // textContent: a log line with markup stays text.
  const pre = el('pre', { class: 'code' }, el('code', {}, text.text));
  return el('div', { class: 'section-body' }, pre, ...(text.truncated ? [note('(truncated)')] : []));
}

function collapsible(heading: string, body: HTMLElement): HTMLElement {
  const c = el('vscode-collapsible', {}, body);
  // Lit renders the heading as text.
  c.heading = clip(heading, 200).text;
  c.open = true;
  return c;
}

function relatedList(related: readonly Signal[]): HTMLElement {
  const { items, truncated } = clipList(related);
  const list = el('ul', { class: 'related' });
  for (const s of items) {
    const title = clip(s.title, 300).text;
    list.append(
      el('li', {}, stateBadge(s), el('span', { class: 'muted' }, KIND_LABELS[s.kind]), s.url ? externalLink(title, s.url) : title),
    );
  }
  const body = el('div', { class: 'section-body' }, list);
  if (truncated) {
    body.append(note(`(truncated, ${related.length} in all)`));
  }
  return body;
}

function actionButtons(item: DetailsItem): HTMLElement {
  const bar = el('div', { class: 'actions' });
  for (const action of item.actions ?? []) {
    const button = el('vscode-button', {}, clip(action.title, 100).text);
    button.addEventListener('click', () => post({ type: 'action', actionId: action.id, signalId: item.signal.id }));
    bar.append(button);
  }
  return bar;
}

export function renderItem(item: DetailsItem): Node[] {
  const { signal } = item;
  const header = el(
    'header',
    {},
    el('div', { class: 'badges' }, el('vscode-badge', { class: 'kind', title: 'Kind' }, KIND_LABELS[signal.kind]), stateBadge(signal)),
    el('h1', {}, ...boundedText(signal.title, MAX_TITLE)),
  );
  const nodes: Node[] = [header, actionButtons(item), signalMeta(signal)];
  for (const section of item.sections ?? []) {
    nodes.push(collapsible(section.title, sectionBody(section)));
  }
  if (item.related.length > 0) {
    nodes.push(collapsible(`Related (${item.related.length})`, relatedList(item.related)));
  }
  return nodes;
}
