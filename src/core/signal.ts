/**
 * The one shape for everything a source reports.
 * Pure data: plain JSON-serialisable objects, so the hub can snapshot them as they are.
 */

export type SignalKind =
  | 'workItem'
  | 'pullRequest'
  | 'pipelineRun'
  | 'job'
  | 'release'
  | 'deployment'
  | 'alert'
  | 'incident'
  | 'error'
  | 'message'
  | 'finding'
  | 'onCall';

export const SIGNAL_KINDS: readonly SignalKind[] = [
  'workItem',
  'pullRequest',
  'pipelineRun',
  'job',
  'release',
  'deployment',
  'alert',
  'incident',
  'error',
  'message',
  'finding',
  'onCall',
];

/** The five phase views; the Timeline shows every kind. */
export type Phase = 'plan' | 'code' | 'build' | 'deploy' | 'monitor';
export const PHASES: readonly Phase[] = ['plan', 'code', 'build', 'deploy', 'monitor'];

const PHASE_OF_KIND: Record<SignalKind, Phase | undefined> = {
  workItem: 'plan',
  pullRequest: 'code',
  pipelineRun: 'build',
  job: 'build',
  release: 'deploy',
  deployment: 'deploy',
  alert: 'monitor',
  incident: 'monitor',
  error: 'monitor',
  message: undefined,
  // What a tool said about lines of code (core/finding): shown next to the code and in Problems, not in a phase view.
  finding: undefined,
  // Who is on call for an escalation policy, now and next (an operate fact shown in the Monitor view).
  onCall: 'monitor',
};

export function phaseOf(kind: SignalKind): Phase | undefined {
  return PHASE_OF_KIND[kind];
}

/**
 * Normalised states shared by every service; the service's own word is kept in `SignalState.native`.
 * Views pick icons and colours from these, never from native strings.
 */
export type NormalState =
  | 'open' // issue, PR, incident not yet resolved
  | 'draft'
  | 'closed'
  | 'merged'
  | 'queued'
  | 'running'
  | 'success'
  | 'failed'
  | 'cancelled'
  | 'skipped'
  | 'firing'
  | 'silenced'
  | 'inhibited'
  | 'resolved'
  | 'rolledBack'
  | 'unknown';

export interface SignalState {
  normal: NormalState;
  /** The service's own state word, as it sent it (e.g. `in_progress`, `active`, `FAILURE`). */
  native: string;
}

/** A place in the code a signal points at. Paths are relative to the repository root, with `/`. */
export interface FileAnchor {
  path: string;
  /** 1-based first line, when known. */
  line?: number;
  /** 1-based last line (inclusive), when the anchor is a range. */
  endLine?: number;
  /** The commit the line numbers refer to, when known. */
  commit?: string;
}

/** What ties a signal to code and places; every field is optional and indexed by the hub. */
export interface Anchors {
  /**
   * The canonical identity of the repository (core/remoteUrl): host and path of its remote,
   * `forge.example.com/owner/name`, `git.example.com/group/sub/project`; a repository without a remote is
   * known by its folder path. The workspace maps every identity of a folder's remotes to that folder.
   */
  repo?: string;
  /** Full commit SHAs (lower case). */
  commits?: string[];
  branch?: string;
  environment?: string;
  files?: FileAnchor[];
}

export interface Signal {
  /** Stable id: `source:kind:native-id`. */
  id: string;
  /** The source instance that reported it: its family, a colon, then the instance (`git:/home/me/repo`). */
  source: string;
  kind: SignalKind;
  title: string;
  state: SignalState;
  url?: string;
  author?: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  /** Tat labels: states and qualities (`success`, `critical`, `draft`). */
  labels: string[];
  /** Tat tags: what it is about, `key:value` (`branch:main`, `env:production`, `service:api`). */
  tags: string[];
  anchors: Anchors;
  /** Parent signal id, e.g. the pipeline run of a job. */
  parentId?: string;
  /** Service-specific fields for the details panel; plain JSON only. */
  detail?: Record<string, unknown>;
}

export function signalId(source: string, kind: SignalKind, nativeId: string | number): string {
  return `${source}:${kind}:${nativeId}`;
}

/** A `key:value` tag; values are kept as given, keys are lower case. */
export function tag(key: string, value: string | number): string {
  return `${key.toLowerCase()}:${value}`;
}

/** The value of the first tag with this key, e.g. `tagValue(s, 'env')`. */
export function tagValue(signal: Signal, key: string): string | undefined {
  const prefix = `${key.toLowerCase()}:`;
  for (const t of signal.tags) {
    if (t.startsWith(prefix)) {
      return t.slice(prefix.length);
    }
  }
  return undefined;
}
