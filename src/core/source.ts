import { Phase, Signal } from './signal';

/**
 * What every service adapter offers the hub. A source knows how to fetch and map; it never
 * touches UI and gets its HTTP client, credentials and logger injected.
 * The signals it returns are ready for the hub: their `source` is this source's `id`.
 */
export interface Source {
  /** Equals the `source` field of every signal it reports, e.g. `git:/home/me/repo`. */
  readonly id: string;
  /** Human name for messages and tooltips, e.g. `git · my-repo`. */
  readonly label: string;
  /** Phases whose views it feeds; the Timeline shows everything anyway. */
  readonly phases: readonly Phase[];
  /**
   * The complete current set of signals of this source. Throws on failure (a `SourceError` for
   * service failures). `signal` aborts every request the refresh makes.
   */
  refresh(signal: AbortSignal): Promise<Signal[]>;
  /** What the poll scheduler should know after the last refresh; sources without one poll at the base pace. */
  pollHints?(): PollHints;
}

/** A source's say in when it is polled next (see core/pollScheduler). */
export interface PollHints {
  /** Something it reports is in progress (a pipeline of HEAD's branch): poll at the fast pace. */
  active?: boolean;
  /** The service asked for at least this interval between polls (`X-Poll-Interval`), in ms. */
  minIntervalMs?: number;
  /** Epoch ms before which no request should be sent (a spent rate limit, `Retry-After`). */
  notBefore?: number;
}
