import { SignalHub } from './hub';
import { withAbortSignal } from './abortScope';
import { Logger } from './logger';
import { Source } from './source';

export interface RefreshOutcome {
  source: string;
  ok: boolean;
  count?: number;
  error?: string;
}

/**
 * Runs source refreshes into the hub. A failing source keeps its last signals (marked by its
 * health as `error`), so one bad server never empties a view or stops the others.
 */
export class Refresher {
  private readonly running = new Map<string, Promise<RefreshOutcome>>();
  private readonly queued = new Map<string, Promise<RefreshOutcome>>();

  constructor(
    private readonly hub: SignalHub,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
    /**
     * Whether a source is still wanted (registered). A refresh that ends after its source was removed
     * (a repository closed, an instance taken out of the settings) writes nothing.
     */
    private readonly isLive: (sourceId: string) => boolean = () => true,
  ) {}

  /**
   * Refreshes one source. A call made while a refresh of it runs gets a new refresh right after
   * that one (it may have read the data before the caller's change, e.g. a report just written);
   * all calls made meanwhile share that one follow-up.
   */
  refresh(source: Source, signal: AbortSignal): Promise<RefreshOutcome> {
    const inFlight = this.running.get(source.id);
    if (inFlight) {
      let next = this.queued.get(source.id);
      if (!next) {
        next = inFlight.then(() => {
          this.queued.delete(source.id);
          return this.refresh(source, signal);
        });
        this.queued.set(source.id, next);
      }
      return next;
    }
    const run = this.run(source, signal).finally(() => this.running.delete(source.id));
    this.running.set(source.id, run);
    return run;
  }

  /** Refreshes all sources, `concurrency` at a time, in the order given. */
  async refreshAll(sources: readonly Source[], signal: AbortSignal, concurrency = 4): Promise<RefreshOutcome[]> {
    const outcomes: RefreshOutcome[] = new Array(sources.length);
    let next = 0;
    const worker = async () => {
      while (next < sources.length && !signal.aborted) {
        const i = next++;
        outcomes[i] = await this.refresh(sources[i], signal);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, sources.length) }, worker));
    return outcomes.filter(Boolean);
  }

  private async run(source: Source, signal: AbortSignal): Promise<RefreshOutcome> {
    const started = this.clock();
    try {
      // Every request the refresh makes is cancelled with it, passed the signal or not (core/abortScope).
      const signals = await withAbortSignal(signal, () => source.refresh(signal));
      if (!this.isLive(source.id)) {
        this.logger.debug(`${source.label}: removed while it refreshed; result dropped`);
        return { source: source.id, ok: false, error: 'removed' };
      }
      this.hub.replaceSource(source.id, signals);
      this.hub.setHealth({ source: source.id, status: 'ok', lastSuccessAt: this.clock() });
      this.logger.debug(`${source.label}: ${signals.length} signals in ${this.clock() - started} ms`);
      return { source: source.id, ok: true, count: signals.length };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!this.isLive(source.id)) return { source: source.id, ok: false, error: message };
      const previous = this.hub.getHealth(source.id);
      this.hub.setHealth({ source: source.id, status: 'error', message, lastSuccessAt: previous?.lastSuccessAt });
      if (signal.aborted) {
        this.logger.info(`${source.label}: refresh cancelled`);
      } else {
        this.logger.error(`${source.label}: refresh failed: ${message}`);
      }
      return { source: source.id, ok: false, error: message };
    }
  }
}
