import type { SignalHub } from './hub';
import type { Logger } from './logger';
import { delayOnFocus, nextPollDelay, type PollTiming } from './pollSchedule';
import type { Refresher } from './refresher';
import type { Source } from './source';

/**
 * The one poll timer of the extension: every polled source of every service refreshes through the
 * Refresher (so health rows, stale marks and `DevOps: Refresh` agree) on the shared policy of
 * pollSchedule.ts: the base pace after a change or while something runs (`pollHints().active`),
 * backing off while nothing changes or a poll fails, never sooner than the service asks
 * (`minIntervalMs`, `notBefore`), paused while the window is unfocused. "Changed" means the hub
 * changed for that source, whatever the wire said. Pure: timers only, no `vscode`.
 */

export type PollReason = 'new' | 'changed' | 'active' | 'idle' | 'failed' | 'waiting' | 'unfocused';

export interface PollDecision {
  /** Epoch ms of the next poll; undefined while paused. */
  at?: number;
  delayMs?: number;
  reason: PollReason;
}

interface Polled {
  source: Source;
  timing: () => PollTiming;
  timer?: ReturnType<typeof setTimeout>;
  previousDelayMs?: number;
  lastPollAt?: number;
  decision?: PollDecision;
}

export interface PollSchedulerOptions {
  focused: boolean;
  logger: Logger;
  clock?: () => number;
}

export class PollScheduler {
  private readonly polled = new Map<string, Polled>();
  private readonly changes = new Map<string, number>();
  private readonly abort = new AbortController();
  private readonly subscription: { dispose(): void };
  private focused: boolean;
  private readonly clock: () => number;
  private readonly logger: Logger;

  constructor(
    private readonly refresher: Refresher,
    hub: SignalHub,
    options: PollSchedulerOptions,
  ) {
    this.focused = options.focused;
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger;
    // Counts hub changes per source: a poll that changed nothing backs off.
    this.subscription = hub.onDidChange((change) => {
      const sources = new Set<string>();
      for (const list of [change.added, change.updated, change.removed]) for (const s of list) sources.add(s.source);
      for (const source of sources) this.changes.set(source, (this.changes.get(source) ?? 0) + 1);
    });
  }

  /**
   * The polled sources of one owner (a service family prefix, `<family>:`): new and replaced ones
   * are polled at once (even unfocused: the user just configured them), removed ones stop.
   */
  setSources(owner: string, sources: ReadonlyArray<{ source: Source; timing: () => PollTiming }>): void {
    const next = new Map(sources.map((s) => [s.source.id, s]));
    for (const [id, p] of this.polled) {
      if (id.startsWith(owner) && next.get(id)?.source !== p.source) {
        clearTimeout(p.timer);
        this.polled.delete(id);
      }
    }
    for (const { source, timing } of sources) {
      if (this.polled.has(source.id)) continue;
      const p: Polled = { source, timing, decision: { reason: 'new', delayMs: 0, at: this.clock() } };
      this.polled.set(source.id, p);
      this.schedule(p, 0);
    }
  }

  /** Polls now; `reset` returns to the base pace (after the user acted, or HEAD moved to another branch). */
  pollNow(sourceId: string, reset = true): Promise<void> {
    const p = this.polled.get(sourceId);
    if (!p) return Promise.resolve();
    if (reset) p.previousDelayMs = undefined;
    clearTimeout(p.timer);
    return this.poll(p);
  }

  /** The next poll of a source and why, for view messages ("next refresh at …"). */
  decision(sourceId: string): PollDecision | undefined {
    return this.polled.get(sourceId)?.decision;
  }

  setFocused(focused: boolean): void {
    // Window state events also fire for other changes (activity); only a focus change reschedules.
    if (focused === this.focused) return;
    this.focused = focused;
    const now = this.clock();
    for (const p of this.polled.values()) {
      clearTimeout(p.timer);
      p.timer = undefined;
      if (!focused) {
        p.decision = { reason: 'unfocused' };
        continue;
      }
      p.previousDelayMs = undefined;
      const wait = waitFor(p.source, now);
      this.schedule(p, wait ?? delayOnFocus(p.timing(), p.lastPollAt, now));
    }
  }

  dispose(): void {
    this.abort.abort();
    this.subscription.dispose();
    for (const p of this.polled.values()) clearTimeout(p.timer);
    this.polled.clear();
  }

  private schedule(p: Polled, delayMs: number | undefined): void {
    clearTimeout(p.timer);
    p.timer = delayMs === undefined ? undefined : setTimeout(() => void this.poll(p), delayMs);
  }

  private async poll(p: Polled): Promise<void> {
    p.timer = undefined;
    const before = this.changes.get(p.source.id) ?? 0;
    const outcome = await this.refresher.refresh(p.source, this.abort.signal);
    if (this.abort.signal.aborted || this.polled.get(p.source.id) !== p) return;
    const now = this.clock();
    p.lastPollAt = now;
    const hints = p.source.pollHints?.() ?? {};
    const changed = (this.changes.get(p.source.id) ?? 0) !== before;
    const retryAfterMs = waitFor(p.source, now);
    const delay = nextPollDelay(p.timing(), {
      focused: this.focused,
      changed,
      failed: !outcome.ok,
      inProgress: hints.active === true,
      previousDelayMs: p.previousDelayMs,
      retryAfterMs,
      minDelayMs: hints.minIntervalMs,
    });
    p.previousDelayMs = delay ?? p.previousDelayMs;
    const reason: PollReason =
      delay === undefined
        ? 'unfocused'
        : retryAfterMs !== undefined && delay === Math.round(retryAfterMs)
          ? 'waiting'
          : hints.active
            ? 'active'
            : !outcome.ok
              ? 'failed'
              : changed
                ? 'changed'
                : 'idle';
    p.decision = delay === undefined ? { reason } : { reason, delayMs: delay, at: now + delay };
    if (delay !== undefined) this.logger.debug(`${p.source.label}: next poll in ${Math.round(delay / 1000)} s (${reason})`);
    this.schedule(p, delay);
  }
}

/** How long the source asks us to wait before its next request, if at all. */
function waitFor(source: Source, now: number): number | undefined {
  const notBefore = source.pollHints?.().notBefore;
  return notBefore !== undefined && notBefore > now ? notBefore - now : undefined;
}
