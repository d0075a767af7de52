/**
 * Polls the Monitor sources through the Refresher (so health, error rows and stale marks are
 * recorded as for any refresh): every `pollSeconds` while the window is focused, backing off
 * while nothing changes or a source fails (core/pollSchedule), paused while unfocused, and
 * resumed on focus at once when the last poll is old enough. Pure: no `vscode` import.
 */
import type { SignalHub } from '../../core/hub';
import type { Logger } from '../../core/logger';
import { delayOnFocus, nextPollDelay, type PollTiming } from '../../core/pollSchedule';
import type { Refresher } from '../../core/refresher';
import type { Source } from '../../core/source';

interface PollState {
  source: Source;
  timer?: ReturnType<typeof setTimeout>;
  delayMs?: number;
  lastPollAt?: number;
}

export class MonitorPoller {
  private readonly states = new Map<string, PollState>();
  private readonly changes = new Map<string, number>();
  private readonly abort = new AbortController();
  private readonly subscription: { dispose(): void };
  private focused: boolean;

  constructor(
    private readonly refresher: Refresher,
    hub: SignalHub,
    private readonly timing: () => PollTiming,
    focused: boolean,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {
    this.focused = focused;
    // Counts hub changes per source: a poll that changed nothing backs off.
    this.subscription = hub.onDidChange((change) => {
      const sources = new Set<string>();
      for (const list of [change.added, change.updated, change.removed]) for (const s of list) sources.add(s.source);
      for (const source of sources) this.changes.set(source, (this.changes.get(source) ?? 0) + 1);
    });
  }

  /** The sources to poll; new ones (and replaced ones) are polled right away, removed ones stop. */
  setSources(sources: readonly Source[]): void {
    const next = new Map(sources.map((s) => [s.id, s]));
    for (const [id, state] of this.states) {
      if (next.get(id) !== state.source) {
        clearTimeout(state.timer);
        this.states.delete(id);
      }
    }
    for (const source of sources) {
      if (!this.states.has(source.id)) {
        const state: PollState = { source };
        this.states.set(source.id, state);
        // A newly configured source is read once even while unfocused: the user just asked for it.
        this.schedule(state, 0);
      }
    }
  }

  setFocused(focused: boolean): void {
    // Window state events also fire for other changes (e.g. activity); only a focus change reschedules.
    if (focused === this.focused) return;
    this.focused = focused;
    for (const state of this.states.values()) {
      clearTimeout(state.timer);
      state.timer = undefined;
      if (focused) this.schedule(state, delayOnFocus(this.timing(), state.lastPollAt, this.clock()));
    }
  }

  dispose(): void {
    this.abort.abort();
    this.subscription.dispose();
    for (const state of this.states.values()) clearTimeout(state.timer);
    this.states.clear();
  }

  private schedule(state: PollState, delayMs: number | undefined): void {
    clearTimeout(state.timer);
    state.timer = delayMs === undefined ? undefined : setTimeout(() => void this.poll(state), delayMs);
  }

  private async poll(state: PollState): Promise<void> {
    state.timer = undefined;
    const before = this.changes.get(state.source.id) ?? 0;
    const outcome = await this.refresher.refresh(state.source, this.abort.signal);
    if (this.abort.signal.aborted || this.states.get(state.source.id) !== state) return;
    state.lastPollAt = this.clock();
    const changed = (this.changes.get(state.source.id) ?? 0) !== before;
    const delay = nextPollDelay(this.timing(), {
      focused: this.focused,
      changed,
      failed: !outcome.ok,
      previousDelayMs: state.delayMs,
    });
    state.delayMs = delay ?? state.delayMs;
    if (delay !== undefined) this.logger.debug(`${state.source.label}: next poll in ${Math.round(delay / 1000)} s`);
    this.schedule(state, delay);
  }
}
