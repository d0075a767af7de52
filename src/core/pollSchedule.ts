/**
 * The adaptive polling policy every poller shares (polling backs off when
 * the window is unfocused or nothing changes). Pure: callers keep the previous delay and the
 * timer; this only decides how long to wait next.
 *
 * - a change, or work in progress on the server (a running pipeline) → `baseMs`;
 * - nothing changed, or the poll failed → the previous delay times `factor`, capped at `maxMs`;
 * - a server-requested wait (`Retry-After`) or minimum interval (`X-Poll-Interval`) is a floor,
 *   even above `maxMs`;
 * - unfocused → paused (undefined), unless `unfocusedMs` asks for slow polling instead.
 */

export interface PollTiming {
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
  /** Something the user waits for is under way on the server (a run, a deployment): keep the base pace. */
  inProgress?: boolean;
  /** The delay that preceded the last poll; absent for the first poll. */
  previousDelayMs?: number;
  /** The server's requested wait (`Retry-After`), in ms. */
  retryAfterMs?: number;
  /** The server's minimum interval (an `X-Poll-Interval` header), in ms. */
  minDelayMs?: number;
}

/** Milliseconds until the next poll, or undefined when none should be scheduled now. */
export function nextPollDelay(policy: PollTiming, outcome: PollOutcome): number | undefined {
  if (!outcome.focused && policy.unfocusedMs === undefined) {
    return undefined;
  }
  const base = Math.max(1, policy.baseMs);
  const max = Math.max(base, policy.maxMs);
  let delay: number;
  if (outcome.inProgress || (outcome.changed && !outcome.failed)) {
    delay = base;
  } else {
    const previous = outcome.previousDelayMs ?? base;
    delay = Math.min(max, Math.max(base, previous * (policy.factor ?? 2)));
  }
  if (!outcome.focused && policy.unfocusedMs !== undefined) {
    delay = Math.max(delay, policy.unfocusedMs);
  }
  for (const floor of [outcome.retryAfterMs, outcome.minDelayMs]) {
    if (floor !== undefined && floor > delay) {
      delay = floor;
    }
  }
  return Math.round(delay);
}

/** On regaining focus: poll at once when the last poll is at least `baseMs` old (else wait the rest). */
export function delayOnFocus(policy: PollTiming, lastPollAt: number | undefined, now: number): number {
  if (lastPollAt === undefined) {
    return 0;
  }
  return Math.max(0, lastPollAt + policy.baseMs - now);
}
