/**
 * Findings: what a tool said about lines of code (a CI annotation, a failed test, a code-quality issue,
 * a review thread). Every source reports them in this one shape, a `finding` signal whose file anchor
 * names the commit its line numbers refer to; the editor relocates them to the working tree
 * (core/lineMap) and shows them in Problems, the hover and the gutter.
 */
import { type FileAnchor, type NormalState, type Signal, signalId } from './signal';

export type FindingSeverity = 'error' | 'warning' | 'information';

/** The tool of review threads (core/reviewThread): shown with the Comments API, not in Problems. */
export const REVIEW_TOOL = 'review';
export const FINDING_SEVERITIES: readonly FindingSeverity[] = ['error', 'warning', 'information'];

export interface Finding {
  /** The tool that said it, shown as the Problems source: a check name, a test suite, `review`. */
  tool: string;
  severity: FindingSeverity;
  message: string;
  /** Repository-relative path with `/`, in `commit`. */
  path: string;
  /** 1-based, in `commit`. */
  line: number;
  /** 1-based, inclusive. */
  endLine?: number;
  /** Full SHA of the commit the lines refer to. */
  commit: string;
  /** The run, pipeline or review it belongs to (e.g. a check run id); a source drops superseded origins. */
  origin?: string;
}

export interface FindingInput extends Finding {
  /** The reporting source's id. */
  source: string;
  /** Unique within the source. */
  nativeId: string;
  /** Canonical repository identity (`anchors.repo`). */
  repo?: string;
  branch?: string;
  /** Defaults to the message's first line. */
  title?: string;
  url?: string;
  author?: string;
  parentId?: string;
  createdAt: number;
  updatedAt?: number;
  /** Defaults to `open`; a resolved review thread is `resolved`. */
  state?: NormalState;
  /** More fields for the details panel and the service's own controllers (plain JSON). */
  detail?: Record<string, unknown>;
}

/** The `finding` signal of one finding. Built field by field, without spreads: sources map thousands per run. */
export function findingSignal(input: FindingInput): Signal {
  const line = Math.max(1, Math.floor(input.line));
  const commit = input.commit.toLowerCase();
  const finding: Finding = { tool: input.tool, severity: input.severity, message: input.message, path: input.path, line, commit };
  const file: FileAnchor = { path: input.path, line, commit };
  if (input.endLine !== undefined && input.endLine > line) finding.endLine = file.endLine = Math.floor(input.endLine);
  if (input.origin !== undefined) finding.origin = input.origin;
  const detail: Record<string, unknown> = input.detail ? Object.assign({}, input.detail) : {};
  detail.finding = finding;
  const signal: Signal = {
    id: signalId(input.source, 'finding', input.nativeId),
    source: input.source,
    kind: 'finding',
    title: input.title ?? firstLine(input.message),
    state: { normal: input.state ?? 'open', native: input.severity },
    createdAt: input.createdAt,
    updatedAt: input.updatedAt ?? input.createdAt,
    labels: [input.severity],
    tags: [`tool:${input.tool}`, `severity:${input.severity}`],
    anchors: { commits: [commit], files: [file] },
    detail,
  };
  if (input.repo !== undefined) signal.anchors.repo = input.repo;
  if (input.branch !== undefined) signal.anchors.branch = input.branch;
  if (input.url !== undefined) signal.url = input.url;
  if (input.author !== undefined) signal.author = input.author;
  if (input.parentId !== undefined) signal.parentId = input.parentId;
  return signal;
}

/** The finding a signal carries, or undefined for any other signal (or a malformed snapshot entry). */
export function findingOf(signal: Signal): Finding | undefined {
  if (signal.kind !== 'finding') return undefined;
  const f = signal.detail?.finding as Partial<Finding> | undefined;
  if (
    !f ||
    typeof f.tool !== 'string' ||
    typeof f.message !== 'string' ||
    typeof f.path !== 'string' ||
    typeof f.line !== 'number' ||
    typeof f.commit !== 'string' ||
    !FINDING_SEVERITIES.includes(f.severity as FindingSeverity)
  ) {
    return undefined;
  }
  return f as Finding;
}

function firstLine(text: string): string {
  const newline = text.indexOf('\n');
  const line = (newline < 0 ? text : text.slice(0, newline)).trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
