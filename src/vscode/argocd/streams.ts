import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import type { SignalHub } from '../../core/hub';
import { isSourceError } from '../../core/sourceError';
import type { ArgoCdSource } from '../../sources/argocd';

const RETRY_MS = 30_000;
const MAX_RETRY_MS = 5 * 60_000;

/**
 * Argo CD's application streams, open while the window is focused: each instance's stream brings
 * changes as they happen, and the one poll scheduler keeps polling (slower while a stream is open)
 * as the fallback. A stream that fails is opened again after a growing wait; losing focus closes
 * every stream; an expired token waits for a new one (the polls report it).
 */
export class ArgoCdStreams implements vscode.Disposable {
  private readonly running = new Map<string, AbortController>();
  private readonly open = new Set<string>();
  private sources: ArgoCdSource[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly hub: SignalHub,
    private readonly log: vscode.LogOutputChannel,
    private readonly isCurrent: (source: ArgoCdSource) => boolean,
  ) {
    this.subscription = vscode.window.onDidChangeWindowState((state) => this.update(state.focused));
  }

  /** Whether a source's stream is open now (its polls may be slower). */
  isOpen(sourceId: string): boolean {
    return this.open.has(sourceId);
  }

  setSources(sources: readonly ArgoCdSource[]): void {
    this.stopAll();
    this.sources = [...sources];
    this.update(vscode.window.state.focused);
  }

  private update(focused: boolean): void {
    if (!focused) return this.stopAll();
    for (const source of this.sources) if (!this.running.has(source.id)) void this.run(source);
  }

  private async run(source: ArgoCdSource): Promise<void> {
    const abort = new AbortController();
    this.running.set(source.id, abort);
    let wait = RETRY_MS;
    // The stream starts from a polled list (its first events are every app again, one at a time).
    while (!source.listed && !abort.signal.aborted) await sleep(1000, abort.signal);
    while (!abort.signal.aborted && this.isCurrent(source)) {
      try {
        this.open.add(source.id);
        await source.watch(abort.signal, (signals) => {
          if (this.isCurrent(source)) this.hub.replaceSource(source.id, signals);
          wait = RETRY_MS;
        });
        this.log.info(`Argo CD: the application stream of ${source.instance.key} ended; opening it again`);
      } catch (error) {
        if (abort.signal.aborted) break;
        this.log.warn(`Argo CD: application stream: ${errorMessage(error)}; polling meanwhile`);
        if (isSourceError(error) && (error.kind === 'auth' || error.kind === 'forbidden')) break;
      } finally {
        this.open.delete(source.id);
      }
      await sleep(wait, abort.signal);
      wait = Math.min(MAX_RETRY_MS, wait * 2);
    }
    if (this.running.get(source.id) === abort) this.running.delete(source.id);
  }

  private stopAll(): void {
    for (const abort of this.running.values()) abort.abort();
    this.running.clear();
  }

  dispose(): void {
    this.stopAll();
    this.subscription.dispose();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
