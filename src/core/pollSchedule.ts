/**
 * The adaptive polling policy every poller shares (DESIGN.md, "Targets": polling backs off when
 * the window is unfocused or nothing changes). Pure: callers keep the previous delay and the
 * timer; this only decides how long to wait next.
 *
 * - a change (or the first poll) → back to `baseMs`;
 * - nothing changed, or the poll failed → the previous delay times `factor`, capped at `maxMs`;
 * - a server-requested wait (`Retry-After`) is a floor, even above `maxMs`;
 * - unfocused → paused (undefined), unless `unfocusedMs` asks for slow polling instead;
 * - a poll still in flight → undefined: its completion schedules the next one.
 */

export interface PollPolicy {
  /** Delay after a poll that saw changes, e.g. 30 000. */
  baseMs: number;
  /** Longest delay backing off reaches, e.g. 300 000. */
  maxMs: number;
  /** Growth per unchanged or failed poll. Default 2. */
  factor?: number;
  /** When set, unfocused windows poll at least this far apart instead of pausing. */
  unfocusedMs?: number;
}

export interface PollOutcome {
  focused: boolean;
  /** The last poll brought new or changed data. */
  changed: boolean;
  failed?: boolean;
  /** A poll is running right now. */
  inProgress?: boolean;
  /** The delay that preceded the last poll; absent for the first poll. */
  previousDelayMs?: number;
  /** The server's requested wait, in ms. */
  retryAfterMs?: number;
}

/** Milliseconds until the next poll, or undefined when none should be scheduled now. */
export function nextPollDelay(policy: PollPolicy, outcome: PollOutcome): number | undefined {
  if (outcome.inProgress) {
    return undefined;
  }
  if (!outcome.focused && policy.unfocusedMs === undefined) {
    return undefined;
  }
  const base = Math.max(1, policy.baseMs);
  const max = Math.max(base, policy.maxMs);
  let delay: number;
  if (outcome.changed && !outcome.failed) {
    delay = base;
  } else {
    const previous = outcome.previousDelayMs ?? base;
    delay = Math.min(max, Math.max(base, previous * (policy.factor ?? 2)));
  }
  if (!outcome.focused && policy.unfocusedMs !== undefined) {
    delay = Math.max(delay, policy.unfocusedMs);
  }
  if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > delay) {
    delay = outcome.retryAfterMs;
  }
  return Math.round(delay);
}

/** On regaining focus: poll at once when the last poll is at least `baseMs` old (else wait the rest). */
export function delayOnFocus(policy: PollPolicy, lastPollAt: number | undefined, now: number): number {
  if (lastPollAt === undefined) {
    return 0;
  }
  return Math.max(0, lastPollAt + policy.baseMs - now);
}
