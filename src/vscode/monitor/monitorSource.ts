/**
 * A Monitor source as the registry sees it (pure): the Alertmanager or Sentry source, with the
 * workspace file index made ready before each refresh, mapped paths relocated to their repository
 * (see relocate.ts), and the fresh signals handed to the notifier. Whoever runs the refresh (the
 * poller, `DevOps: Refresh`, a silence command) gets the same result.
 */
import type { Phase, Signal } from '../../core/signal';
import type { Source } from '../../core/source';

export interface MonitorSourceHooks {
  /** Runs before each refresh (builds the workspace file index; local only). */
  before(): Promise<void>;
  relocate(signal: Signal): Signal;
  /** Sees every successful refresh's signals (alert notifications). */
  after(sourceId: string, signals: readonly Signal[]): void;
}

export class MonitorSource<S extends Source = Source> implements Source {
  readonly id: string;
  readonly label: string;
  readonly phases: readonly Phase[];

  constructor(readonly inner: S, private readonly hooks: MonitorSourceHooks) {
    this.id = inner.id;
    this.label = inner.label;
    this.phases = inner.phases;
  }

  async refresh(signal: AbortSignal): Promise<Signal[]> {
    await this.hooks.before();
    const signals = (await this.inner.refresh(signal)).map((s) => this.hooks.relocate(s));
    this.hooks.after(this.id, signals);
    return signals;
  }
}
