/**
 * One word for "how are the checks of this commit": GitHub shows check runs (Actions, apps) and
 * commit statuses (older CI integrations) side by side; the roll-up combines both.
 * Order of precedence: any failure → failed; else anything still going → running;
 * else at least one success → success; else none.
 */
import type { GhCheckRun, GhStatus } from './types';

export type ChecksState = 'success' | 'failed' | 'running' | 'none';

export interface ChecksRollup {
  state: ChecksState;
  total: number;
  succeeded: number;
  failed: number;
  running: number;
  /** Neutral, skipped, stale: finished and neither good nor bad. */
  neutral: number;
  /** Names of failed checks and status contexts, for the tooltip. */
  failedNames: string[];
}

// Conclusions GitHub documents for check runs.
const FAILED_CONCLUSIONS = new Set(['failure', 'timed_out', 'cancelled', 'action_required', 'startup_failure']);
const NEUTRAL_CONCLUSIONS = new Set(['neutral', 'skipped', 'stale']);

export function checksRollup(checkRuns: readonly GhCheckRun[], statuses: readonly GhStatus[]): ChecksRollup {
  const result: ChecksRollup = { state: 'none', total: 0, succeeded: 0, failed: 0, running: 0, neutral: 0, failedNames: [] };
  for (const run of checkRuns) {
    result.total++;
    if (run.status !== 'completed') {
      result.running++;
    } else if (run.conclusion === 'success') {
      result.succeeded++;
    } else if (run.conclusion && FAILED_CONCLUSIONS.has(run.conclusion)) {
      result.failed++;
      result.failedNames.push(run.name);
    } else if (!run.conclusion || NEUTRAL_CONCLUSIONS.has(run.conclusion)) {
      result.neutral++;
    } else {
      result.neutral++;
    }
  }
  for (const status of latestStatuses(statuses)) {
    result.total++;
    if (status.state === 'success') {
      result.succeeded++;
    } else if (status.state === 'pending') {
      result.running++;
    } else {
      result.failed++;
      result.failedNames.push(status.context ?? 'status');
    }
  }
  if (result.failed > 0) {
    result.state = 'failed';
  } else if (result.running > 0) {
    result.state = 'running';
  } else if (result.succeeded > 0) {
    result.state = 'success';
  }
  return result;
}

/**
 * The combined-status endpoint already returns the latest status per context, but a raw status list
 * may hold several per context: keep the most recent of each.
 */
function latestStatuses(statuses: readonly GhStatus[]): GhStatus[] {
  const byContext = new Map<string, GhStatus>();
  for (const status of statuses) {
    const key = status.context ?? '';
    const previous = byContext.get(key);
    if (!previous || (status.updated_at ?? '') > (previous.updated_at ?? '')) {
      byContext.set(key, status);
    }
  }
  return [...byContext.values()];
}
