import type * as vscode from 'vscode';
import { ACTIVE_DELAY_MS, PollPolicy, type PollDecision } from '../../sources/github';
import type { PhaseOutcome, PhaseSource } from './connection';

/**
 * The timer of one repository's phase. The schedule is the core's `PollPolicy`; this class only owns
 * the timer. It reschedules after every refresh of its source, whoever started it (its own timer,
 * `DevOps: Refresh`, an action), so the two never race: the Refresher joins a refresh in flight.
 */
export class PhasePoller implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly policy = new PollPolicy();
  private lastRefreshAt = 0;
  private disposed = false;
  /** The last decision, for the view message ("next refresh at …"). */
  decision: PollDecision | undefined;

  constructor(
    readonly source: PhaseSource,
    private readonly run: (source: PhaseSource) => Promise<unknown>,
    private readonly focused: () => boolean,
  ) {}

  /** Polls at once; `reset` returns to the fast pace (after the user acted, or a branch switch). */
  pollNow(reset = false): void {
    if (this.disposed) return;
    if (reset) this.policy.reset();
    this.clear();
    void this.run(this.source);
  }

  /** Called with every outcome of this poller's source. */
  observe(outcome: PhaseOutcome): void {
    if (this.disposed) return;
    this.lastRefreshAt = outcome.at;
    const c = this.source.connection;
    const now = Date.now();
    this.decision = this.policy.next({
      now,
      focused: this.focused(),
      inProgress: this.source.phase === 'build' && c.lastBuild?.inProgress === true,
      changed: outcome.result?.changed ?? false,
      pollIntervalSeconds: outcome.result?.pollIntervalSeconds ?? c.source.api.pollIntervalSeconds,
      rateLimit: c.gate.rateLimit,
      retryAfterMs: waitMs(c.gate.waitUntil(now), now),
    });
    this.schedule(this.decision.delayMs);
  }

  /** Paused while the window is not focused; on focus, polls (no sooner than the fast pace allows). */
  setFocused(focused: boolean): void {
    if (this.disposed) return;
    if (!focused) {
      this.clear();
      this.decision = { reason: 'unfocused', message: 'Paused while the window is not focused.' };
      return;
    }
    this.policy.reset();
    const now = Date.now();
    const wait = waitMs(this.source.connection.gate.waitUntil(now), now);
    if (wait !== undefined) {
      this.schedule(wait);
      return;
    }
    const since = now - this.lastRefreshAt;
    if (since >= ACTIVE_DELAY_MS) this.pollNow();
    else this.schedule(ACTIVE_DELAY_MS - since);
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
  }

  private schedule(delayMs: number | undefined): void {
    this.clear();
    if (delayMs === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run(this.source);
    }, delayMs);
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function waitMs(until: number | undefined, now: number): number | undefined {
  return until !== undefined && until > now ? until - now : undefined;
}
