/**
 * Messages between the details panel host (extension) and its page (webview), with run-time validators.
 * Shared by both sides: no `vscode` import and no DOM types here.
 *
 * Every message that crosses the boundary is checked on arrival; anything that does not match
 * exactly one of these shapes is dropped (typed messages checked against an allowlist).
 */
import { SIGNAL_KINDS, type NormalState, type Signal } from '../signal';

/** Longest id-like string accepted (signal ids, action ids, URLs, paths); longer means hostile or broken. */
export const MAX_ID_LENGTH = 10_000;

export interface DetailsRow {
  label: string;
  value: string;
  href?: string;
  file?: { repo?: string; path: string; line?: number };
}

export type DetailsSection =
  | { title: string; rows: DetailsRow[] }
  /** Remote markdown (e.g. a PR body): rendered without raw HTML and sanitized by the page. */
  | { title: string; markdown: string }
  /** Plain text shown as is (a log excerpt, stack frames). */
  | { title: string; code: string };

export interface DetailsAction {
  id: string;
  title: string;
}

export interface DetailsItem {
  signal: Signal;
  /** Signals shown as a list under the details, e.g. the jobs of a run or the deploys containing a commit. */
  related: Signal[];
  sections?: DetailsSection[];
  /** Buttons the host offers for this item; the host runs only these ids. */
  actions?: DetailsAction[];
}

export type HostMessage = { type: 'show'; item: DetailsItem };

export type PageMessage =
  | { type: 'ready' }
  | { type: 'openExternal'; url: string }
  | { type: 'openFile'; path: string; line?: number; repo?: string }
  | { type: 'action'; actionId: string; signalId: string };

/** What the page keeps with `setState` so the serializer can restore the panel after a reload. */
export interface PageState {
  signalId: string;
}

const NORMAL_STATES: Record<NormalState, true> = {
  open: true,
  draft: true,
  closed: true,
  merged: true,
  queued: true,
  running: true,
  success: true,
  failed: true,
  cancelled: true,
  skipped: true,
  firing: true,
  silenced: true,
  inhibited: true,
  resolved: true,
  rolledBack: true,
  unknown: true,
};

type Obj = Record<string, unknown>;

function isObject(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isString(x: unknown): x is string {
  return typeof x === 'string';
}

/** An id, path or URL: non-empty, bounded, no control characters. */
function isIdString(x: unknown): x is string {
  return typeof x === 'string' && x.length > 0 && x.length <= MAX_ID_LENGTH && !/[\u0000-\u001f\u007f]/.test(x);
}

function isOptional<T>(x: unknown, check: (v: unknown) => v is T): x is T | undefined {
  return x === undefined || check(x);
}

function isStringArray(x: unknown): x is string[] {
  return Array.isArray(x) && x.every(isString);
}

function isLine(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 1;
}

function isTime(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** Exactly these keys (some optional), nothing else: page messages are small and fixed. */
function hasOnlyKeys(x: Obj, keys: readonly string[]): boolean {
  return Object.keys(x).every((k) => keys.includes(k));
}

/** An absolute http(s) URL; everything else (javascript:, command:, file:, data:, relative) is refused. */
export function isHttpUrl(x: unknown): x is string {
  if (!isIdString(x)) {
    return false;
  }
  try {
    const url = new URL(x);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function isFileAnchor(x: unknown): boolean {
  return (
    isObject(x) && isIdString(x.path) && isOptional(x.line, isLine) && isOptional(x.endLine, isLine) && isOptional(x.commit, isIdString)
  );
}

function isAnchors(x: unknown): boolean {
  return (
    isObject(x) &&
    isOptional(x.repo, isIdString) &&
    (x.commits === undefined || (Array.isArray(x.commits) && x.commits.every(isIdString))) &&
    isOptional(x.branch, isString) &&
    isOptional(x.environment, isString) &&
    (x.files === undefined || (Array.isArray(x.files) && x.files.every(isFileAnchor)))
  );
}

/**
 * Checks the fields the page reads. Unknown extra fields are tolerated (the model may grow; the page
 * never reads them), but every known field must have its type.
 */
export function isSignal(x: unknown): x is Signal {
  return (
    isObject(x) &&
    isIdString(x.id) &&
    isString(x.source) &&
    isString(x.kind) &&
    (SIGNAL_KINDS as readonly string[]).includes(x.kind) &&
    isString(x.title) &&
    isObject(x.state) &&
    isString(x.state.normal) &&
    Object.prototype.hasOwnProperty.call(NORMAL_STATES, x.state.normal) &&
    isString(x.state.native) &&
    (x.url === undefined || isString(x.url)) &&
    isOptional(x.author, isString) &&
    isTime(x.createdAt) &&
    isTime(x.updatedAt) &&
    isStringArray(x.labels) &&
    isStringArray(x.tags) &&
    isAnchors(x.anchors) &&
    isOptional(x.parentId, isIdString) &&
    (x.detail === undefined || isObject(x.detail))
  );
}

function isRowFile(x: unknown): boolean {
  return (
    isObject(x) &&
    hasOnlyKeys(x, ['repo', 'path', 'line']) &&
    isIdString(x.path) &&
    isOptional(x.line, isLine) &&
    isOptional(x.repo, isIdString)
  );
}

function isRow(x: unknown): x is DetailsRow {
  return (
    isObject(x) &&
    hasOnlyKeys(x, ['label', 'value', 'href', 'file']) &&
    isString(x.label) &&
    isString(x.value) &&
    // A row link that is not http(s) is a bug or an attack either way: refuse the whole message.
    isOptional(x.href, isHttpUrl) &&
    (x.file === undefined || isRowFile(x.file))
  );
}

export function isSection(x: unknown): x is DetailsSection {
  if (!isObject(x) || !isString(x.title)) {
    return false;
  }
  const bodies = ['rows', 'markdown', 'code'].filter((k) => k in x);
  if (bodies.length !== 1 || !hasOnlyKeys(x, ['title', ...bodies])) {
    return false;
  }
  switch (bodies[0]) {
    case 'rows':
      return Array.isArray(x.rows) && x.rows.every(isRow);
    case 'markdown':
      return isString(x.markdown);
    default:
      return isString(x.code);
  }
}

function isAction(x: unknown): x is DetailsAction {
  return isObject(x) && hasOnlyKeys(x, ['id', 'title']) && isIdString(x.id) && isString(x.title);
}

export function isDetailsItem(x: unknown): x is DetailsItem {
  return (
    isObject(x) &&
    hasOnlyKeys(x, ['signal', 'related', 'sections', 'actions']) &&
    isSignal(x.signal) &&
    Array.isArray(x.related) &&
    x.related.every(isSignal) &&
    (x.sections === undefined || (Array.isArray(x.sections) && x.sections.every(isSection))) &&
    (x.actions === undefined || (Array.isArray(x.actions) && x.actions.every(isAction)))
  );
}

export function isHostMessage(x: unknown): x is HostMessage {
  return isObject(x) && x.type === 'show' && hasOnlyKeys(x, ['type', 'item']) && isDetailsItem(x.item);
}

export function isPageMessage(x: unknown): x is PageMessage {
  if (!isObject(x)) {
    return false;
  }
  switch (x.type) {
    case 'ready':
      return hasOnlyKeys(x, ['type']);
    case 'openExternal':
      return hasOnlyKeys(x, ['type', 'url']) && isHttpUrl(x.url);
    case 'openFile':
      return (
        hasOnlyKeys(x, ['type', 'path', 'line', 'repo']) &&
        isIdString(x.path) &&
        isOptional(x.line, isLine) &&
        isOptional(x.repo, isIdString)
      );
    case 'action':
      return hasOnlyKeys(x, ['type', 'actionId', 'signalId']) && isIdString(x.actionId) && isIdString(x.signalId);
    default:
      return false;
  }
}

export function isPageState(x: unknown): x is PageState {
  return isObject(x) && isIdString(x.signalId);
}

/** How a kind is named to people; shared by the panel title (host) and the page header. */
export const KIND_LABELS: Record<Signal['kind'], string> = {
  workItem: 'Work item',
  pullRequest: 'Pull request',
  pipelineRun: 'Pipeline run',
  job: 'Job',
  release: 'Release',
  deployment: 'Deployment',
  alert: 'Alert',
  incident: 'Incident',
  error: 'Error',
  message: 'Message',
  finding: 'Finding',
  onCall: 'On call',
};

/**
 * The item with every row link that is not http(s) removed (its text stays), so one odd URL from a
 * service does not make the whole message invalid. The host calls this before posting.
 */
export function withSafeLinks(item: DetailsItem): DetailsItem {
  if (!item.sections) {
    return item;
  }
  return {
    ...item,
    sections: item.sections.map((section) =>
      'rows' in section
        ? {
            ...section,
            rows: section.rows.map(({ href, ...row }) =>
              href === undefined || isHttpUrl(href) ? { ...row, ...(href === undefined ? {} : { href }) } : row,
            ),
          }
        : section,
    ),
  };
}

/** The files a page may ask to open for this item: its anchors and its row links, as `repo\0path`. */
export function offeredFiles(item: DetailsItem): Set<string> {
  const files = new Set<string>();
  const { anchors } = item.signal;
  for (const f of anchors.files ?? []) {
    files.add(fileKey(f.path, anchors.repo));
  }
  for (const section of item.sections ?? []) {
    if ('rows' in section) {
      for (const row of section.rows) {
        if (row.file) {
          files.add(fileKey(row.file.path, row.file.repo));
        }
      }
    }
  }
  return files;
}

export function fileKey(path: string, repo: string | undefined): string {
  return `${repo ?? ''}\u0000${path}`;
}
