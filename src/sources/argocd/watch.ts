/**
 * Argo CD's application stream (`GET /api/v1/stream/applications`, ApplicationService_Watch), as
 * its Swagger description documents it: each message is a `{ result: { type, application } }` or
 * `{ error }` envelope, sent as one server-sent event. The watch keeps the applications it has seen
 * (ADDED and MODIFIED replace an app, DELETED removes it) and hands the whole set on after each
 * event, so the source maps a complete list exactly as after a poll. A malformed event is skipped
 * and counted, never fatal; an `error` envelope ends the watch with Argo CD's message.
 */
import { SourceError } from '../../core/sourceError';
import { toSourceError } from '../../http/toSourceError';
import type { Credential, HttpClientLike } from '../../http/types';
import { argoMessage, SERVICE } from './api';
import type { ArgoCdInstance } from './instance';
import { appKey } from './matching';
import { SseParser } from './sse';
import type { ArgoApplication, ArgoWatchEnvelope } from './types';

export interface WatchOptions {
  http: HttpClientLike;
  instance: ArgoCdInstance;
  credential?: Credential;
  /** Every application the stream has reported so far, after each event that changed them. */
  onApps(apps: ArgoApplication[]): void;
}

export class ArgoCdWatch {
  /** Events that were not a documented envelope (skipped). */
  malformed = 0;
  readonly apps = new Map<string, ArgoApplication>();
  private readonly parser = new SseParser();

  constructor(private readonly options: WatchOptions) {}

  /** Runs until the server ends the stream (resolves) or it fails or `signal` aborts (rejects with a SourceError). */
  async run(signal: AbortSignal): Promise<void> {
    const { http, instance, credential } = this.options;
    if (!http.stream)
      throw new SourceError(`Could not watch the applications on ${instance.key}: this client cannot stream.`, 'refused', SERVICE);
    let failure: SourceError | undefined;
    const inner = new AbortController();
    const abort = () => inner.abort();
    signal.addEventListener('abort', abort, { once: true });
    try {
      await http.stream({
        url: `${instance.baseUrl}/api/v1/stream/applications`,
        headers: { accept: 'text/event-stream' },
        credential,
        signal: inner.signal,
        onText: (text) => {
          try {
            this.push(text);
          } catch (error) {
            failure = error instanceof SourceError ? error : new SourceError(String(error), 'badResponse', SERVICE);
            inner.abort();
          }
        },
      });
    } catch (error) {
      if (failure) throw failure;
      throw toSourceError(error, { service: SERVICE, what: `watch the applications on ${instance.key}`, serviceMessage: argoMessage });
    } finally {
      signal.removeEventListener('abort', abort);
    }
    if (failure) throw failure;
  }

  /** Parses a piece of the stream; exposed for tests of chunking. */
  push(text: string): void {
    let changed = false;
    for (const event of this.parser.push(text)) {
      let envelope: ArgoWatchEnvelope;
      try {
        envelope = JSON.parse(event.data) as ArgoWatchEnvelope;
      } catch {
        this.malformed++;
        continue;
      }
      if (envelope?.error && typeof envelope.error === 'object') {
        const message = typeof envelope.error.message === 'string' ? envelope.error.message.slice(0, 300) : 'stream error';
        throw new SourceError(
          `Could not watch the applications on ${this.options.instance.key}: ${SERVICE} says "${message}".`,
          envelope.error.http_code === 401 ? 'auth' : envelope.error.http_code === 403 ? 'forbidden' : 'rejected',
          SERVICE,
          { serviceMessage: message, ...(typeof envelope.error.http_code === 'number' ? { status: envelope.error.http_code } : {}) },
        );
      }
      const app = envelope?.result?.application;
      const type = envelope?.result?.type;
      if (!app || typeof app !== 'object' || typeof app.metadata?.name !== 'string' || typeof type !== 'string') {
        this.malformed++;
        continue;
      }
      if (type === 'DELETED') this.apps.delete(appKey(app));
      else this.apps.set(appKey(app), app);
      changed = true;
    }
    if (changed) this.options.onApps([...this.apps.values()]);
  }
}
