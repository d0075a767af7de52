import { EnvironmentStatus } from './deployStatus';
import { oneLine, relativeTime, shortSha } from './format';
import { NormalState, Signal, SignalKind } from './signal';

/**
 * What to show next to the code of one file (CodeLens, hover, gutter) — pure and synchronous.
 * Inputs are precomputed (blame hunks, per-commit environment status, the hub's signals); this is
 * the editor's hot path, so it runs no git and does O((hunks + anchors) · log) work.
 */

/** The part of a blame hunk this module reads (sources/git/blame.ts `BlameHunk` satisfies it). */
export interface BlameHunkLike {
  startLine: number;
  lineCount: number;
  commit: string;
  committed: boolean;
  author: string;
  authorTime: number;
  summary: string;
}

export interface LineFeedbackInput {
  /** Repository-relative path with `/`, as in `FileAnchor.path`. */
  path: string;
  /** When given, signals whose `anchors.repo` names another repository are ignored (any of its identities match). */
  repo?: string | readonly string[];
  /** Lines in the document (anchors beyond it are clamped, or dropped when they start after it). */
  lineCount: number;
  hunks: readonly BlameHunkLike[];
  /** Environment status per commit SHA (see sources/git/containment.ts `resolveCommitStatuses`). */
  statusByCommit: ReadonlyMap<string, readonly EnvironmentStatus[]>;
  /** Candidate signals (e.g. the hub's answer for `file: path`); ones without a matching file anchor are ignored. */
  signals: readonly Signal[];
  now: number;
}

/** One block of consecutive lines from one commit: one CodeLens. */
export interface BlockLens {
  startLine: number;
  /** Inclusive. */
  endLine: number;
  commit: string;
  committed: boolean;
  author: string;
  authorTime: number;
  summary: string;
  environments: readonly EnvironmentStatus[];
  /** Ids of signals anchored to lines of this block. */
  signalIds: string[];
  /** How many of those are still open (unresolved incidents, firing alerts, unresolved errors...). */
  openSignals: number;
  /** Ready lens title, e.g. `live in production since v1.4.2 (2 days ago) · not yet in staging`. */
  text: string;
}

/** One signal's lines in this file: a gutter mark / diagnostic range. */
export interface LineMark {
  signalId: string;
  kind: SignalKind;
  title: string;
  state: NormalState;
  open: boolean;
  /** The signal's labels (e.g. incident severity). */
  labels: readonly string[];
  startLine: number;
  endLine: number;
}

export interface LineFeedback {
  blocks: BlockLens[];
  /** Sorted by startLine. */
  marks: LineMark[];
  /** The block covering a 1-based line. */
  blockAt(line: number): BlockLens | undefined;
  /** Marks covering a 1-based line. */
  marksAt(line: number): LineMark[];
}

const CLOSED_STATES: ReadonlySet<NormalState> = new Set([
  'closed',
  'merged',
  'resolved',
  'success',
  'cancelled',
  'skipped',
  'silenced',
  'inhibited',
]);

export function computeLineFeedback(input: LineFeedbackInput): LineFeedback {
  const blocks = buildBlocks(input);
  const marks = buildMarks(input);
  for (const mark of marks) {
    let i = firstBlockEndingAtOrAfter(blocks, mark.startLine);
    for (; i < blocks.length && blocks[i].startLine <= mark.endLine; i++) {
      blocks[i].signalIds.push(mark.signalId);
      if (mark.open) {
        blocks[i].openSignals++;
      }
    }
  }
  for (const block of blocks) {
    block.text = lensText(block, input.now);
  }
  return {
    blocks,
    marks,
    blockAt(line) {
      const block = blocks[firstBlockEndingAtOrAfter(blocks, line)];
      return block && block.startLine <= line ? block : undefined;
    },
    marksAt(line) {
      const found: LineMark[] = [];
      for (const mark of marks) {
        if (mark.startLine > line) {
          break;
        }
        if (mark.endLine >= line) {
          found.push(mark);
        }
      }
      return found;
    },
  };
}

/**
 * One line about where a commit runs: `live in production since v1.4.2 (2 days ago) · not yet in staging`.
 * Empty when no environment is known.
 */
export function describeEnvironments(environments: readonly EnvironmentStatus[], now: number): string {
  return environments
    .map((env) => {
      const name = oneLine(env.environment, 40);
      if (env.live === true) {
        const since = env.since ?? env.current;
        if (!since) {
          return `live in ${name}`;
        }
        const label = since.version ? oneLine(since.version, 40) : shortSha(since.commit);
        return `live in ${name} ${env.sinceIsLowerBound ? 'at least since' : 'since'} ${label} (${relativeTime(since.at, now)})`;
      }
      if (env.live === false) {
        return `not yet in ${name}`;
      }
      return env.current ? `${name}: unknown (deployed commit not fetched)` : `${name}: nothing deployed`;
    })
    .join(' · ');
}

function lensText(block: BlockLens, now: number): string {
  const parts: string[] = [];
  if (!block.committed) {
    parts.push('not committed yet');
  } else {
    const where = describeEnvironments(block.environments, now);
    parts.push(where || `${oneLine(block.author, 40)}, ${relativeTime(block.authorTime, now)}: ${oneLine(block.summary, 60)}`);
  }
  if (block.openSignals > 0) {
    parts.push(`${block.openSignals} open ${block.openSignals === 1 ? 'issue' : 'issues'}`);
  }
  return parts.join(' · ');
}

function buildBlocks(input: LineFeedbackInput): BlockLens[] {
  const hunks = [...input.hunks].sort((a, b) => a.startLine - b.startLine);
  const blocks: BlockLens[] = [];
  for (const hunk of hunks) {
    if (hunk.lineCount < 1) {
      continue;
    }
    const endLine = hunk.startLine + hunk.lineCount - 1;
    const last = blocks[blocks.length - 1];
    if (last && last.commit === hunk.commit && last.endLine + 1 === hunk.startLine) {
      last.endLine = endLine;
      continue;
    }
    blocks.push({
      startLine: hunk.startLine,
      endLine,
      commit: hunk.commit,
      committed: hunk.committed,
      author: hunk.author,
      authorTime: hunk.authorTime,
      summary: hunk.summary,
      environments: (hunk.committed && input.statusByCommit.get(hunk.commit)) || [],
      signalIds: [],
      openSignals: 0,
      text: '',
    });
  }
  return blocks;
}

function buildMarks(input: LineFeedbackInput): LineMark[] {
  const marks: LineMark[] = [];
  for (const signal of input.signals) {
    if (
      input.repo !== undefined &&
      signal.anchors.repo !== undefined &&
      (typeof input.repo === 'string' ? signal.anchors.repo !== input.repo : !input.repo.includes(signal.anchors.repo))
    ) {
      continue;
    }
    for (const file of signal.anchors.files ?? []) {
      if (file.path !== input.path || file.line === undefined || file.line > input.lineCount) {
        continue;
      }
      const startLine = Math.max(1, file.line);
      const endLine = Math.min(input.lineCount, Math.max(startLine, file.endLine ?? startLine));
      marks.push({
        signalId: signal.id,
        kind: signal.kind,
        title: signal.title,
        state: signal.state.normal,
        open: !CLOSED_STATES.has(signal.state.normal),
        labels: signal.labels,
        startLine,
        endLine,
      });
    }
  }
  return marks.sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
}

/** Index of the first block whose endLine >= line (blocks are sorted and disjoint). */
function firstBlockEndingAtOrAfter(blocks: readonly BlockLens[], line: number): number {
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (blocks[mid].endLine < line) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}
