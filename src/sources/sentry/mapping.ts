/**
 * Sentry issues and their latest event → `error` signals. The issue list gives title, level,
 * counts (`count` is a string in Sentry's API, `userCount` a number) and first/last seen; the
 * event gives the exception and its stack frames. Frames are listed in-app first, innermost
 * first; malformed parts of an event become warnings, never exceptions.
 */
import {
  mapFrameToWorkspace,
  type FrameMapping,
  type MapFrameOptions,
  type PathMapping,
  type WorkspaceFileIndex,
} from '../../core/codeMapping';
import { FileAnchor, NormalState, Signal, signalId, tag } from '../../core/signal';

export interface SentryIssue {
  id: string;
  shortId?: string;
  title: string;
  culprit?: string;
  permalink?: string;
  level: string;
  status: string;
  count: number;
  userCount: number;
  firstSeen?: string;
  lastSeen?: string;
  project?: { id?: string; slug?: string; name?: string };
  metadata?: { type?: string; value?: string; filename?: string; function?: string };
}

export interface StackFrame {
  filename?: string;
  absPath?: string;
  module?: string;
  function?: string;
  lineNo?: number;
  colNo?: number;
  inApp: boolean;
  /** Source lines around the frame: `[lineNo, text]` pairs, as Sentry sends them. */
  context?: Array<[number, string]>;
}

export interface ExceptionInfo {
  type?: string;
  value?: string;
  frames: StackFrame[];
}

/** What an event contributes to its issue's signal. */
export interface EventSummary {
  eventId?: string;
  /** Outermost (most recent, the one Sentry shows first) exception first. */
  exceptions: ExceptionInfo[];
  /** Every frame of every exception: in-app first, then innermost first. */
  frames: StackFrame[];
  tags: Record<string, string>;
  warnings: string[];
}

/** A frame and where it landed in the workspace (undefined when no mapper was given). */
export interface MappedFrame extends StackFrame {
  mapping?: FrameMapping;
}

export interface IssueMappingContext {
  /** The signal source id, e.g. `sentry:acme`. */
  source: string;
  /** Maps a frame to the workspace (see `mapFrameToWorkspace`). */
  mapFrame?: (frame: StackFrame, issue: SentryIssue) => FrameMapping | undefined;
  now: number;
}

// Bounds on what one event may contribute: hostile or runaway events stay cheap.
const MAX_EXCEPTIONS = 10;
const MAX_FRAMES = 200;
const MAX_CONTEXT_LINES = 11;
const MAX_TEXT = 2000;

/** Checks one element of an issue list ("List an Organization's Issues"); a string explains a rejection. */
export function parseIssue(raw: unknown): SentryIssue | string {
  if (!isRecord(raw)) {
    return 'issue is not an object';
  }
  const id = typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id) : undefined;
  if (!id || !/^\d{1,20}$/.test(id)) {
    return 'issue has no numeric id';
  }
  const project = isRecord(raw.project) ? raw.project : undefined;
  const metadata = isRecord(raw.metadata) ? raw.metadata : undefined;
  return {
    id,
    shortId: text(raw.shortId),
    title: text(raw.title) ?? text(metadata?.title) ?? `Issue ${id}`,
    culprit: text(raw.culprit),
    permalink: httpUrl(raw.permalink),
    level: text(raw.level)?.toLowerCase() ?? 'error',
    status: text(raw.status) ?? 'unresolved',
    count: toCount(raw.count),
    userCount: toCount(raw.userCount),
    firstSeen: text(raw.firstSeen),
    lastSeen: text(raw.lastSeen),
    project: project
      ? { id: project.id === undefined ? undefined : String(project.id), slug: text(project.slug), name: text(project.name) }
      : undefined,
    metadata: metadata
      ? { type: text(metadata.type), value: text(metadata.value), filename: text(metadata.filename), function: text(metadata.function) }
      : undefined,
  };
}

/**
 * Exceptions and frames of an event ("Retrieve an Issue Event"): `entries[]` of type `exception`
 * (`data.values[].stacktrace.frames[]`) or `stacktrace` (`data.frames[]`). Anything malformed is
 * skipped with a warning; a frame without a line keeps its place (it is listed, not dropped).
 */
export function summarizeEvent(event: unknown): EventSummary {
  const summary: EventSummary = { exceptions: [], frames: [], tags: {}, warnings: [] };
  if (!isRecord(event)) {
    summary.warnings.push('the latest event is not a JSON object');
    return summary;
  }
  summary.eventId = text(event.eventID) ?? text(event.id);
  if (Array.isArray(event.tags)) {
    for (const entry of event.tags) {
      if (isRecord(entry) && typeof entry.key === 'string' && typeof entry.value === 'string') {
        summary.tags[entry.key] = entry.value;
      }
    }
  }
  if (!Array.isArray(event.entries)) {
    summary.warnings.push('the latest event has no list of entries; no stack trace');
    return summary;
  }
  for (const entry of event.entries) {
    if (!isRecord(entry)) {
      summary.warnings.push('an event entry is not an object');
      continue;
    }
    if (entry.type === 'exception') {
      const values = isRecord(entry.data) ? entry.data.values : undefined;
      if (!Array.isArray(values)) {
        summary.warnings.push('an exception entry has no list of values');
        continue;
      }
      // Sentry lists chained exceptions oldest (cause) first; the last one is what was thrown.
      for (const value of [...values].reverse().slice(0, MAX_EXCEPTIONS)) {
        if (!isRecord(value)) {
          summary.warnings.push('an exception value is not an object');
          continue;
        }
        summary.exceptions.push({
          type: text(value.type),
          value: text(value.value),
          frames: framesOf(value.stacktrace, `exception ${text(value.type) ?? ''}`.trim(), summary.warnings),
        });
      }
    } else if (entry.type === 'stacktrace') {
      summary.exceptions.push({ frames: framesOf(entry.data, 'stack trace', summary.warnings) });
    }
  }
  summary.frames = orderFrames(summary.exceptions).slice(0, MAX_FRAMES);
  return summary;
}

/**
 * In-app frames first; within each group, the thrown exception's frames before its causes',
 * each innermost (where it was raised) first. Sentry sends each stack outermost first.
 */
export function orderFrames(exceptions: readonly ExceptionInfo[]): StackFrame[] {
  const innermostFirst = exceptions.flatMap((e) => [...e.frames].reverse());
  return [...innermostFirst.filter((f) => f.inApp), ...innermostFirst.filter((f) => !f.inApp)];
}

/**
 * Maps a Sentry frame to the workspace, trying both of its paths: `filename` (often relative or
 * `app:///…`) and `absPath` (where the file was on the server). A mapped answer beats an
 * ambiguous one, which beats unmapped.
 */
export function mapStackFrame(
  frame: StackFrame,
  index: WorkspaceFileIndex,
  mappings: readonly PathMapping[] = [],
  options: MapFrameOptions = {},
): FrameMapping {
  const rank = { mapped: 2, ambiguous: 1, unmapped: 0 };
  let best: FrameMapping | undefined;
  for (const path of new Set([frame.filename, frame.absPath])) {
    if (path) {
      const result = mapFrameToWorkspace({ path, line: frame.lineNo, column: frame.colNo }, index, mappings, options);
      if (!best || rank[result.status] > rank[best.status]) {
        best = result;
      }
    }
  }
  return best ?? { status: 'unmapped', reason: 'the frame has no file path' };
}

export function issueState(status: string): NormalState {
  switch (status) {
    case 'resolved':
      return 'resolved';
    case 'ignored':
    case 'archived':
      return 'silenced';
    default:
      return 'open';
  }
}

export function mapIssue(issue: SentryIssue, event: EventSummary | undefined, ctx: IssueMappingContext): Signal {
  const project = issue.project?.slug;
  const environment = event?.tags.environment;
  const release = event?.tags.release;
  const tags = [tag('level', issue.level)];
  if (project) tags.push(tag('project', project), tag('service', project));
  if (environment) tags.push(tag('env', environment));
  if (release) tags.push(tag('release', release));

  const frames: MappedFrame[] = (event?.frames ?? []).map((frame) => {
    const mapping = ctx.mapFrame?.(frame, issue);
    return mapping ? { ...frame, mapping } : { ...frame };
  });
  const files: FileAnchor[] = [];
  const seen = new Set<string>();
  for (const frame of frames) {
    if (frame.mapping?.status !== 'mapped') {
      continue;
    }
    const key = `${frame.mapping.path}:${frame.mapping.line ?? ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      files.push(frame.mapping.line ? { path: frame.mapping.path, line: frame.mapping.line } : { path: frame.mapping.path });
    }
  }
  const primary = event?.exceptions[0];
  const firstSeen = toEpoch(issue.firstSeen) ?? ctx.now;
  return {
    id: signalId(ctx.source, 'error', issue.id),
    source: ctx.source,
    kind: 'error',
    title: issue.title,
    state: { normal: issueState(issue.status), native: issue.status },
    url: issue.permalink,
    createdAt: firstSeen,
    updatedAt: toEpoch(issue.lastSeen) ?? firstSeen,
    labels: [issue.level],
    tags,
    anchors: {
      ...(environment ? { environment } : {}),
      ...(files.length > 0 ? { files } : {}),
    },
    detail: {
      shortId: issue.shortId,
      culprit: issue.culprit,
      level: issue.level,
      count: issue.count,
      userCount: issue.userCount,
      firstSeen: issue.firstSeen,
      lastSeen: issue.lastSeen,
      permalink: issue.permalink,
      project: issue.project,
      metadata: issue.metadata,
      eventId: event?.eventId,
      exception: primary ? { type: primary.type, value: primary.value } : undefined,
      /** The latest event's tags (`environment`, `release`, `server_name`, ...), for the details panel. */
      eventTags: event?.tags ?? {},
      frames,
      unmappedFrames: frames.filter((f) => f.mapping && f.mapping.status !== 'mapped').length,
      framesFetched: event !== undefined,
      warnings: event?.warnings ?? [],
    },
  };
}

function framesOf(stacktrace: unknown, what: string, warnings: string[]): StackFrame[] {
  if (!isRecord(stacktrace)) {
    warnings.push(`${what} has no stack trace`);
    return [];
  }
  if (!Array.isArray(stacktrace.frames)) {
    warnings.push(`${what} has no list of frames`);
    return [];
  }
  const frames: StackFrame[] = [];
  let withoutLine = 0;
  // Sentry keeps the outermost frame first; beyond the cap, the innermost (last) ones matter most.
  for (const raw of stacktrace.frames.slice(-MAX_FRAMES)) {
    if (!isRecord(raw)) {
      warnings.push(`${what}: a frame is not an object`);
      continue;
    }
    const frame: StackFrame = { inApp: raw.inApp === true };
    const filename = text(raw.filename);
    const absPath = text(raw.absPath);
    const module = text(raw.module);
    const fn = text(raw.function);
    if (filename) frame.filename = filename;
    if (absPath) frame.absPath = absPath;
    if (module) frame.module = module;
    if (fn) frame.function = fn;
    const lineNo = positiveInt(raw.lineNo);
    if (lineNo) frame.lineNo = lineNo;
    else withoutLine++;
    const colNo = positiveInt(raw.colNo);
    if (colNo) frame.colNo = colNo;
    const context = contextOf(raw.context);
    if (context) frame.context = context;
    frames.push(frame);
  }
  if (withoutLine > 0) {
    warnings.push(`${what}: ${withoutLine} frame(s) without a line number`);
  }
  return frames;
}

function contextOf(value: unknown): Array<[number, string]> | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  const lines: Array<[number, string]> = [];
  for (const pair of value.slice(0, MAX_CONTEXT_LINES)) {
    if (Array.isArray(pair) && typeof pair[0] === 'number' && typeof pair[1] === 'string') {
      lines.push([pair[0], pair[1].slice(0, MAX_TEXT)]);
    }
  }
  return lines.length > 0 ? lines : undefined;
}

/** Sentry sends `count` as a string ("1523") and `userCount` as a number; both end up numbers. */
function toCount(value: unknown): number {
  const n = typeof value === 'string' ? Number(value.trim()) : typeof value === 'number' ? value : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : 0;
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.slice(0, MAX_TEXT) : undefined;
}

function httpUrl(value: unknown): string | undefined {
  return typeof value === 'string' && /^https?:\/\//i.test(value) ? value : undefined;
}

function toEpoch(value: string | undefined): number | undefined {
  const ms = value ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
