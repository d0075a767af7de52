/**
 * Tat labels → our normalised state. Tools that post to Tat say a state with a label (`success`,
 * `failed`, `deployed`, `firing`); teams pick their own words, so the map is configurable
 * (`labelStates` of an instance, over these defaults). Labels are compared case-insensitively; the
 * last label that maps wins, since Tat appends labels in the order they were added (a `resolved`
 * added to a `firing` message resolves it).
 */
import type { NormalState } from '../../core/signal';

export const DEFAULT_LABEL_STATES: Readonly<Record<string, NormalState>> = {
  success: 'success',
  succeeded: 'success',
  passed: 'success',
  ok: 'success',
  done: 'success',
  deployed: 'success',
  failed: 'failed',
  failure: 'failed',
  error: 'failed',
  ko: 'failed',
  broken: 'failed',
  running: 'running',
  building: 'running',
  deploying: 'running',
  'in-progress': 'running',
  queued: 'queued',
  pending: 'queued',
  waiting: 'queued',
  firing: 'firing',
  alert: 'firing',
  resolved: 'resolved',
  fixed: 'resolved',
  silenced: 'silenced',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  aborted: 'cancelled',
  skipped: 'skipped',
  rollback: 'rolledBack',
  'rolled-back': 'rolledBack',
  rolledback: 'rolledBack',
  open: 'open',
  closed: 'closed',
  merged: 'merged',
  draft: 'draft',
};

const NORMAL_STATES: ReadonlySet<string> = new Set<NormalState>([
  'open',
  'draft',
  'closed',
  'merged',
  'queued',
  'running',
  'success',
  'failed',
  'cancelled',
  'skipped',
  'firing',
  'silenced',
  'inhibited',
  'resolved',
  'rolledBack',
  'unknown',
]);

export function isNormalState(value: string): value is NormalState {
  return NORMAL_STATES.has(value);
}

/** The state the labels say, and the label that said it; undefined when none maps. */
export function stateFromLabels(
  labels: readonly string[],
  overrides: Readonly<Record<string, NormalState>> = {},
): { normal: NormalState; native: string } | undefined {
  for (let i = labels.length - 1; i >= 0; i--) {
    const key = labels[i].toLowerCase();
    // Own keys only: a label named `constructor` or `__proto__` is just a label.
    const normal =
      (Object.hasOwn(overrides, key) ? overrides[key] : undefined) ??
      (Object.hasOwn(DEFAULT_LABEL_STATES, key) ? DEFAULT_LABEL_STATES[key] : undefined);
    if (normal) return { normal, native: labels[i] };
  }
  return undefined;
}
