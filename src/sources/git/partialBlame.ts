import { BlameHunk } from './blame';

/**
 * A blame under way: the hunks git has attributed so far (`git blame --incremental` gives the most
 * recent commits' lines first), so the editor can show their lenses before the oldest lines are done.
 * Several requests for one file share it.
 */
export class PartialBlame {
  readonly hunks: BlameHunk[] = [];
  private readonly listeners = new Set<() => void>();

  add(found: readonly BlameHunk[]): void {
    this.hunks.push(...found);
    for (const listener of this.listeners) listener();
  }

  /** Called after each batch; returns the unsubscribe. */
  onAdd(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
