import { Phase, Signal } from './signal';

/**
 * What every service adapter offers the hub. A source knows how to fetch and map; it never
 * touches UI and gets its HTTP client, credentials and logger injected (DESIGN.md, "Sources").
 */
export interface Source {
  /** Equals the `source` field of every signal it reports, e.g. `git:/home/me/repo`. */
  readonly id: string;
  /** Human name for messages and tooltips, e.g. `git · my-repo`. */
  readonly label: string;
  /** Phases whose views it feeds; the Timeline shows everything anyway. */
  readonly phases: readonly Phase[];
  /** The complete current set of signals of this source. Throws on failure. */
  refresh(signal: AbortSignal): Promise<Signal[]>;
}
