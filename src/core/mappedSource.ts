/**
 * A source whose signals point into the workspace through stack frames or file references (a
 * monitoring service), as the registry sees it (pure): the workspace file index is made ready before
 * each refresh, mapped paths are relocated to their repository (relocate.ts), and the fresh signals
 * are handed on (to the alert notifier). Whoever runs the refresh (the poll scheduler,
 * `DevOps: Refresh`, a silence command) gets the same result.
 */
import type { Phase, Signal } from './signal';
import type { PollHints, Source } from './source';

export interface MappedSourceHooks {
  /** Runs before each refresh (builds the workspace file index; local only). */
  before(): Promise<void>;
  relocate(signal: Signal): Signal;
  /** Sees every successful refresh's signals (alert notifications). */
  after(sourceId: string, signals: readonly Signal[]): void;
}

export class MappedSource<S extends Source = Source> implements Source {
  readonly id: string;
  readonly label: string;
  readonly phases: readonly Phase[];

  constructor(
    readonly inner: S,
    private readonly hooks: MappedSourceHooks,
  ) {
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

  pollHints(): PollHints {
    return this.inner.pollHints?.() ?? {};
  }
}
