/**
 * When to poll GitHub next: a pure policy, so the UI layer only owns the timer.
 * - every 10 s while a run of the current branch is in progress;
 * - otherwise 10 s after a change, then doubling on each unchanged poll up to 5 min;
 * - paused while the window is unfocused (the caller polls once on focus, then resumes);
 * - never sooner than GitHub's `X-Poll-Interval`;
 * - after a rate limit: not before `Retry-After` (secondary limit) or `x-ratelimit-reset` (primary).
 */

export const ACTIVE_DELAY_MS = 10_000;
export const MAX_IDLE_DELAY_MS = 5 * 60_000;

export interface PollObservation {
  /** Epoch ms now (injected so tests and the bench control the clock). */
  now: number;
  /** A workflow run of the current branch is queued or in progress. */
  inProgress: boolean;
  /** The last poll brought anything new (any 200 among the answers). */
  changed: boolean;
  /** The window is focused. */
  focused: boolean;
  /** `X-Poll-Interval` in seconds, when GitHub sent one. */
  pollIntervalSeconds?: number;
  /** Remaining quota and its reset time (epoch ms) from `x-ratelimit-*`. */
  rateLimit?: { remaining?: number; resetAt?: number };
  /** From `Retry-After` on a 403/429, in ms from now. */
  retryAfterMs?: number;
}

export type PollReason = 'inProgress' | 'changed' | 'idle' | 'unfocused' | 'rateLimited' | 'retryAfter';

export interface PollDecision {
  /** Milliseconds until the next poll; undefined when paused. */
  delayMs?: number;
  /** Epoch ms of the next poll; undefined when paused. */
  at?: number;
  reason: PollReason;
  /** One short sentence for the status bar / log ("Rate limited by GitHub; next try at 12:04:10"). */
  message: string;
}

/** Remembers the previous delay so unchanged polls back off; otherwise stateless. */
export class PollPolicy {
  private previousIdleMs = 0;

  next(o: PollObservation): PollDecision {
    const floor = Math.max(0, (o.pollIntervalSeconds ?? 0) * 1000);
    if (o.retryAfterMs !== undefined && o.retryAfterMs > 0) {
      const delayMs = Math.max(o.retryAfterMs, floor);
      return this.decide(o.now, delayMs, 'retryAfter', `GitHub asked to slow down; waiting until ${clock(o.now + delayMs)}.`);
    }
    const rl = o.rateLimit;
    if (rl?.remaining === 0 && rl.resetAt !== undefined && rl.resetAt > o.now) {
      // One second past the reset, as GitHub's clock and ours differ slightly.
      const delayMs = Math.max(rl.resetAt - o.now + 1000, floor);
      return this.decide(o.now, delayMs, 'rateLimited', `GitHub rate limit reached; waiting until ${clock(o.now + delayMs)}.`);
    }
    if (!o.focused) {
      return { reason: 'unfocused', message: 'Paused while the window is not focused.' };
    }
    if (o.inProgress) {
      this.previousIdleMs = 0;
      return this.decide(o.now, Math.max(ACTIVE_DELAY_MS, floor), 'inProgress', 'A run of this branch is in progress.');
    }
    if (o.changed || this.previousIdleMs === 0) {
      this.previousIdleMs = ACTIVE_DELAY_MS;
      return this.decide(o.now, Math.max(ACTIVE_DELAY_MS, floor), 'changed', 'Recent changes; polling often.');
    }
    this.previousIdleMs = Math.min(this.previousIdleMs * 2, MAX_IDLE_DELAY_MS);
    return this.decide(o.now, Math.max(this.previousIdleMs, floor), 'idle', 'Nothing changed; polling less often.');
  }

  /** Back to the fast pace, e.g. after the user acted (merge, re-run) or the window regained focus. */
  reset(): void {
    this.previousIdleMs = 0;
  }

  private decide(now: number, delayMs: number, reason: PollReason, message: string): PollDecision {
    return { delayMs, at: now + delayMs, reason, message };
  }
}

function clock(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 19) + ' UTC';
}
