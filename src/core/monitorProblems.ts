/**
 * Problems-panel entries for Monitor signals whose frames or annotations landed in the workspace:
 * one entry per signal at its first mapped location (the innermost in-app frame of a stack trace),
 * the other locations as related information. Error for fatal/critical, warning otherwise.
 * Pure data; the VS Code layer turns entries into Diagnostics.
 */
import { severityRank } from './alertNoise';
import { timeText, whenText } from './format';
import { Signal, tagValue } from './signal';

export interface ProblemLocation {
  /** Workspace-relative path with `/`. */
  path: string;
  /** 1-based; 1 when the frame had no line. */
  line: number;
  endLine?: number;
}

export interface ProblemEntry extends ProblemLocation {
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
  signalId: string;
  related: ProblemLocation[];
}

const CLOSED_STATES = new Set(['resolved', 'closed', 'merged', 'success', 'cancelled', 'skipped']);
const MUTED_STATES = new Set(['silenced', 'inhibited']);

/** What a silenced or inhibited alert becomes in Problems (`devops.monitor.silencedInProblems`). */
export type MutedProblems = 'hide' | 'hint';

export interface ProblemOptions {
  /** Epoch ms the relative times are counted from. */
  now?: number;
  /** Silenced and inhibited alerts: left out, or kept as a hint that says by whom and until when. Default `hint`. */
  muted?: MutedProblems;
}

/** The Problems entry of one signal, or undefined when it has no file anchor, is over, or is muted and hidden. */
export function problemFor(signal: Signal, options: ProblemOptions = {}): ProblemEntry | undefined {
  const files = signal.anchors.files ?? [];
  if (
    (signal.kind !== 'error' && signal.kind !== 'alert' && signal.kind !== 'incident') ||
    files.length === 0 ||
    CLOSED_STATES.has(signal.state.normal)
  ) {
    return undefined;
  }
  const muted = MUTED_STATES.has(signal.state.normal);
  if (muted && options.muted === 'hide') return undefined;
  const [first, ...rest] = files.map((f): ProblemLocation => {
    const location: ProblemLocation = { path: f.path, line: f.line && f.line >= 1 ? f.line : 1 };
    if (f.endLine !== undefined) {
      location.endLine = f.endLine;
    }
    return location;
  });
  const level = tagValue(signal, 'level') ?? tagValue(signal, 'severity') ?? signal.labels[0];
  const now = options.now ?? Date.now();
  return {
    ...first,
    severity: muted ? 'hint' : problemSeverity(signal, level),
    message: messageOf(signal, now),
    signalId: signal.id,
    related: rest,
  };
}

export function problemsFor(signals: Iterable<Signal>, options: ProblemOptions = {}): ProblemEntry[] {
  const entries: ProblemEntry[] = [];
  for (const signal of signals) {
    const entry = problemFor(signal, options);
    if (entry) {
      entries.push(entry);
    }
  }
  return entries;
}

/** Error for fatal/critical; for incidents, minor ones are information; unknown and info levels too. */
function problemSeverity(signal: Signal, level: string | undefined): ProblemEntry['severity'] {
  const rank = severityRank(level);
  if (rank >= severityRank('critical')) return 'error';
  if (rank === severityRank('info') || (signal.kind === 'incident' && level === 'minor')) return 'information';
  return 'warning';
}

function messageOf(signal: Signal, now: number): string {
  const detail = signal.detail ?? {};
  if (signal.kind === 'error') {
    const count = typeof detail.count === 'number' ? detail.count : undefined;
    const users = typeof detail.userCount === 'number' ? detail.userCount : undefined;
    const counts = [
      count !== undefined ? `${count} ${count === 1 ? 'event' : 'events'}` : undefined,
      users !== undefined ? `${users} ${users === 1 ? 'user' : 'users'}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    const shortId = typeof detail.shortId === 'string' ? `${detail.shortId}: ` : '';
    return `${shortId}${signal.title}${counts ? ` (${counts})` : ''}`;
  }
  if (signal.kind === 'incident') {
    const severity = tagValue(signal, 'severity') ?? signal.labels[0] ?? 'incident';
    return `Incident (${severity}): ${signal.title} — reported ${whenText(signal.createdAt, now)}${signal.author ? ` by ${signal.author}` : ''}`;
  }
  if (signal.state.normal === 'silenced' || signal.state.normal === 'inhibited') {
    return `${signal.title} (${mutedText(signal, now)})`;
  }
  return `${signal.title} (${signal.state.normal} since ${whenText(signal.createdAt, now)})`;
}

/** "silenced by ada until 14:30", from the silences the source put in `detail.silences` (the one ending last). */
function mutedText(signal: Signal, now: number): string {
  if (signal.state.normal === 'inhibited') return 'inhibited by another alert';
  const silences = Array.isArray(signal.detail?.silences) ? (signal.detail.silences as Array<Record<string, unknown>>) : [];
  const last = silences.filter((s) => typeof s?.endsAt === 'number').sort((a, b) => (b.endsAt as number) - (a.endsAt as number))[0];
  if (!last) return 'silenced';
  const by = typeof last.createdBy === 'string' && last.createdBy ? last.createdBy : 'someone';
  return `silenced by ${by} until ${timeText(last.endsAt as number, now)}`;
}

/** A stack frame's source lines, as the error tracker sent them with the event. */
export interface FrameContext {
  function?: string;
  /** `[lineNo, text]` pairs around the frame's line. */
  lines: Array<[number, string]>;
}

/**
 * The context lines of the error's frame that maps to `path:line` (its `detail.frames[].mapping`,
 * paths as in `anchors.files`), for the hover next to the code; undefined when none has any.
 */
export function frameContextAt(signal: Signal, path: string, line: number): FrameContext | undefined {
  const frames = signal.kind === 'error' && Array.isArray(signal.detail?.frames) ? signal.detail.frames : [];
  for (const frame of frames as Array<Record<string, unknown>>) {
    const mapping = frame?.mapping as { status?: string; path?: string; line?: number } | undefined;
    if (mapping?.status !== 'mapped' || mapping.path !== path || mapping.line !== line || !Array.isArray(frame.context)) {
      continue;
    }
    const lines = (frame.context as unknown[]).filter(
      (pair): pair is [number, string] => Array.isArray(pair) && typeof pair[0] === 'number' && typeof pair[1] === 'string',
    );
    if (lines.length > 0) {
      return { function: typeof frame.function === 'string' ? frame.function : undefined, lines };
    }
  }
  return undefined;
}
