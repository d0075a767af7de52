/**
 * Review threads as findings (core/finding): a thread of a pull or merge request's review is a
 * `finding` with `tool: 'review'`, severity `information`, state `open` or `resolved`, its comments
 * in `detail.reviewThread` (plain JSON), and whatever the forge needs to act on it (reply, resolve)
 * in the forge's own detail fields. The editor's comment controller reads them through
 * `reviewThreadOf`; nothing here names a forge.
 */
import { findingOf, findingSignal, REVIEW_TOOL, type Finding, type FindingInput } from './finding';
import type { GroupNode } from './phaseTree';
import type { Signal } from './signal';

/** Comments kept per thread, and characters per comment body (a thread is shown, not archived). */
export const MAX_THREAD_COMMENTS = 100;
export const MAX_COMMENT_CHARS = 20_000;

export interface ReviewComment {
  /** The forge's id of the comment (a note, a review comment). */
  id: string;
  author: string;
  /** Markdown as the author wrote it: render with `safeMarkdown` in an untrusted MarkdownString. */
  body: string;
  createdAt: number;
  url?: string;
}

export interface ReviewThread {
  /** Oldest first; the first one opened the thread. */
  comments: ReviewComment[];
  /** The forge says the commented line is not on the pull request's current diff. */
  outdated: boolean;
  /** The forge lets this thread be resolved and unresolved (through the service's `reviewThreads`). */
  resolvable: boolean;
  /** The pull or merge request's signal id (the Code view counts unresolved threads per request). */
  request: string;
  /** `#12`, `!7`: how the request is named in messages. */
  requestLabel: string;
}

export interface ReviewThreadInput extends Omit<FindingInput, 'tool' | 'severity' | 'message' | 'state' | 'title' | 'parentId'> {
  thread: ReviewThread;
  resolved: boolean;
}

/** The finding signal of a review thread; its message is the first comment. */
export function reviewThreadSignal(input: ReviewThreadInput): Signal {
  const { thread, resolved, ...rest } = input;
  const comments = thread.comments.slice(0, MAX_THREAD_COMMENTS).map((c) => ({ ...c, body: boundBody(c.body) }));
  const first = comments[0];
  const s = findingSignal({
    ...rest,
    tool: REVIEW_TOOL,
    severity: 'information',
    message: first?.body ?? '',
    title: `Review thread on ${rest.path}:${rest.line}${first ? ` (${first.author})` : ''}`,
    state: resolved ? 'resolved' : 'open',
    parentId: thread.request,
    ...(first && rest.author === undefined ? { author: first.author } : {}),
    detail: { ...rest.detail, reviewThread: { ...thread, comments } },
  });
  if (thread.outdated) s.labels.push('outdated');
  return s;
}

/** A review thread signal's finding and thread, or undefined for any other signal (or a malformed snapshot entry). */
export function reviewThreadOf(signal: Signal): { finding: Finding; thread: ReviewThread; resolved: boolean } | undefined {
  const finding = findingOf(signal);
  if (!finding || finding.tool !== REVIEW_TOOL) return undefined;
  const t = signal.detail?.reviewThread as Partial<ReviewThread> | undefined;
  if (!t || !Array.isArray(t.comments) || typeof t.request !== 'string' || typeof t.requestLabel !== 'string') return undefined;
  const comments = t.comments.filter(
    (c): c is ReviewComment =>
      typeof c === 'object' &&
      c !== null &&
      typeof c.id === 'string' &&
      typeof c.author === 'string' &&
      typeof c.body === 'string' &&
      typeof c.createdAt === 'number',
  );
  return {
    finding,
    thread: {
      comments,
      outdated: t.outdated === true,
      resolvable: t.resolvable === true,
      request: t.request,
      requestLabel: t.requestLabel,
    },
    resolved: signal.state.normal === 'resolved',
  };
}

/** Unresolved review threads per request signal id. */
export function unresolvedThreadCounts(signals: Iterable<Signal>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of signals) {
    const t = s.kind === 'finding' ? reviewThreadOf(s) : undefined;
    if (t && !t.resolved) counts.set(t.thread.request, (counts.get(t.thread.request) ?? 0) + 1);
  }
  return counts;
}

const WEB_SCHEMES = /^(https?:|mailto:|#)/i;
// C0/C1 controls except tab and newline, bidi embeddings/overrides/isolates.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u061c\ufeff]/g;
/** Fenced blocks and inline code spans: shown as written, so nothing in them is rewritten. */
const CODE = /(```[\s\S]*?(?:```|$)|~~~[\s\S]*?(?:~~~|$)|`[^`\n]*`)/;

/**
 * Remote Markdown made safe to render in an untrusted `MarkdownString` (supportHtml off): links and
 * images whose target is not a web address (`command:`, `vscode:`, `file:`, `javascript:`, a relative
 * path) keep their text and lose the target; reference definitions to such targets are escaped;
 * HTML tags and autolinks (`<script>`, `<command:x>`) are escaped so they show as text; control and
 * bidi characters are dropped. Code spans and blocks are left as written. The untrusted
 * MarkdownString would not run a command link anyway: this keeps one from even looking like a link.
 */
export function safeMarkdown(text: string, max = MAX_COMMENT_CHARS): string {
  return boundBody(String(text), max)
    .replace(INVISIBLE, '')
    .split(CODE)
    .map((part, i) => (i % 2 === 1 ? part : safeProse(part)))
    .join('');
}

function safeProse(s: string): string {
  return (
    s
      // Inline links and images: [text](target "title"), ![alt](target).
      .replace(/!?\[((?:[^\]\\\n]|\\.)*)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g, (all, label: string, target: string) =>
        WEB_SCHEMES.test(target) ? all : label,
      )
      // Reference definitions: [id]: target
      .replace(/^( {0,3})\[([^\]\n]+)\]:[ \t]*<?(\S+?)>?(?=\s|$)/gm, (all, indent: string, id: string, target: string) =>
        WEB_SCHEMES.test(target) ? all : `${indent}\\[${id}\\]: ${target.replace(/:/g, '\\:')}`,
      )
      // Raw HTML, comments and autolinks become text.
      .replace(/<(?=[a-z/!?])/gi, '&lt;')
  );
}

function boundBody(body: string, max = MAX_COMMENT_CHARS): string {
  return body.length > max ? `${body.slice(0, max)}\n\n… (${body.length - max} more characters)` : body;
}

/** How many review threads a request has, and how many are unresolved. */
export interface ReviewThreadCount {
  total: number;
  unresolved: number;
}

export function countThreads(signals: Iterable<Signal>): ReviewThreadCount {
  const count = { total: 0, unresolved: 0 };
  for (const s of signals) {
    const t = reviewThreadOf(s);
    if (!t) continue;
    count.total++;
    if (!t.resolved) count.unresolved++;
  }
  return count;
}

/**
 * The Code view's row "Review threads: N unresolved" under a pull or merge request's node (a group
 * the VS Code layer makes open the threads); none when the request has no thread read.
 */
export function reviewThreadsRow(parentNodeId: string, request: Signal, count: ReviewThreadCount | undefined): GroupNode[] {
  if (!count || count.total === 0) return [];
  return [
    {
      type: 'group',
      id: `${parentNodeId}/reviewThreads`,
      label: `Review threads: ${count.unresolved} unresolved`,
      ...(count.total > count.unresolved ? { description: `${count.total - count.unresolved} resolved` } : {}),
      groupBy: REVIEW_THREADS_GROUP,
      signalId: request.id,
      children: [],
    },
  ];
}

/** The `groupBy` of that row (its tree item runs the reveal command). */
export const REVIEW_THREADS_GROUP = 'reviewThreads';

/**
 * A repository-relative path as a forge should send it (`src/a.ts`): not empty, not absolute, no `..`
 * or `.` segment, no backslash, no control character. A thread on any other path is dropped: it could
 * only point outside the repository.
 */
export function isRepositoryPath(path: string): boolean {
  return (
    typeof path === 'string' &&
    path.length > 0 &&
    path.length <= 4096 &&
    !path.startsWith('/') &&
    !/[\\\u0000-\u001f]/.test(path) &&
    !/^[a-z]:/i.test(path) &&
    path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
  );
}
