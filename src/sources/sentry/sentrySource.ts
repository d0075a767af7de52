/**
 * Sentry as a source: the unresolved issues of the configured organization (or projects) as
 * `error` signals, each with the exception and frames of its latest event, mapped to the
 * workspace when a frame mapper is given. The latest event is fetched for the most recent
 * issues only, and again only when an issue's `lastSeen` moved.
 */
import { silentLogger, type Logger } from '../../core/logger';
import { SourceError, type SourceErrorKind } from '../../core/sourceError';
import { sourceErrorKind } from '../../http/toSourceError';
import type { FrameMapping } from '../../core/codeMapping';
import type { Phase, Signal } from '../../core/signal';
import type { Source } from '../../core/source';
import type { Credential, HttpClientLike } from '../../http/types';
import { SentryApi, SentryConfigError, type SentryConfig } from './api';
import { mapIssue, parseIssue, summarizeEvent, type EventSummary, type SentryIssue, type StackFrame } from './mapping';

export interface SentrySourceOptions {
  /** The auth token as a credential (see `sentryCredential`). */
  credential?: Credential;
  /** Pages of issues per query. Default 5 (Sentry pages hold up to 100 issues). */
  maxPages?: number;
  /** Issues whose latest event (with frames) is fetched per refresh. Default 25. */
  maxEventFetches?: number;
  /** Latest-event requests in flight at once. Default 4. */
  eventConcurrency?: number;
  mapFrame?: (frame: StackFrame, issue: SentryIssue) => FrameMapping | undefined;
  logger?: Logger;
  clock?: () => number;
}

export interface SentrySnapshot {
  signals: Signal[];
  warnings: string[];
  /** More issues existed than the page bound allowed. */
  truncated: boolean;
  fetchedAt: number;
}

interface CachedEvent {
  lastSeen: string | undefined;
  summary: EventSummary;
}

export class SentrySource implements Source {
  readonly id: string;
  readonly label: string;
  readonly phases: readonly Phase[] = ['monitor'];
  private readonly api: SentryApi;
  private readonly logger: Logger;
  private readonly clock: () => number;
  private events = new Map<string, CachedEvent>();

  /** Throws `SentryConfigError` for a bad URL, organization or project, or a token bound to another origin. */
  constructor(
    http: HttpClientLike,
    readonly config: SentryConfig,
    private readonly options: SentrySourceOptions = {},
  ) {
    this.api = new SentryApi(http, config, options.credential, options.maxPages ?? 5);
    this.id = `sentry:${config.organization}`;
    this.label = `Sentry · ${config.organization}`;
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? Date.now;
  }

  async refresh(signal: AbortSignal): Promise<Signal[]> {
    return (await this.fetch(signal)).signals;
  }

  async fetch(signal?: AbortSignal): Promise<SentrySnapshot> {
    const warnings: string[] = [];
    let page;
    try {
      page = await this.api.listIssues(signal);
    } catch (error) {
      throw this.wrap('list issues', error);
    }
    const issues: SentryIssue[] = [];
    for (const raw of page.issues) {
      const issue = parseIssue(raw);
      if (typeof issue === 'string') {
        warnings.push(`${this.label}: skipped an issue: ${issue}`);
      } else {
        issues.push(issue);
      }
    }
    if (page.truncated) {
      warnings.push(`${this.label}: more issues than the page limit; showing the first ${issues.length}`);
    }

    const events = await this.latestEvents(issues.slice(0, this.options.maxEventFetches ?? 25), warnings, signal);
    const now = this.clock();
    const signals = issues.map((issue) =>
      mapIssue(issue, events.get(issue.id), {
        source: this.id,
        mapFrame: this.options.mapFrame,
        now,
      }),
    );
    for (const warning of warnings) {
      this.logger.warn(warning);
    }
    return { signals, warnings, truncated: page.truncated, fetchedAt: now };
  }

  /** Latest events, reused while an issue's `lastSeen` is unchanged; one failure spoils only its issue. */
  private async latestEvents(issues: SentryIssue[], warnings: string[], signal?: AbortSignal): Promise<Map<string, EventSummary>> {
    const fresh = new Map<string, CachedEvent>();
    const queue = [...issues];
    const worker = async () => {
      for (let issue = queue.shift(); issue; issue = queue.shift()) {
        const cached = this.events.get(issue.id);
        if (cached && cached.lastSeen === issue.lastSeen) {
          fresh.set(issue.id, cached);
          continue;
        }
        try {
          const summary = summarizeEvent(await this.api.latestEvent(issue.id, signal));
          fresh.set(issue.id, { lastSeen: issue.lastSeen, summary });
          for (const warning of summary.warnings) {
            warnings.push(`${this.label}: ${issue.shortId ?? issue.id}: ${warning}`);
          }
        } catch (error) {
          if (signal?.aborted) {
            throw this.wrap('fetch the latest events', error);
          }
          warnings.push(this.wrap(`fetch the latest event of ${issue.shortId ?? issue.id}`, error).message);
          if (cached) {
            // An older event's frames beat none.
            fresh.set(issue.id, cached);
          }
        }
      }
    };
    const workers = Math.max(1, Math.min(this.options.eventConcurrency ?? 4, issues.length));
    await Promise.all(Array.from({ length: workers }, worker));
    this.events = fresh;
    return new Map([...fresh].map(([id, cached]) => [id, cached.summary]));
  }

  private wrap(what: string, error: unknown): Error {
    if (error instanceof SentryConfigError) {
      return error;
    }
    // The one error type, with what to check on Sentry in the message.
    const kind = sourceErrorKind(error);
    const hint = HINTS[kind];
    const message = error instanceof Error ? error.message : String(error);
    return new SourceError(`${this.label}: could not ${what}: ${message}${hint ? ` (${hint})` : ''}`, kind, 'Sentry', { cause: error });
  }
}

const HINTS: Partial<Record<SourceErrorKind, string>> = {
  auth: 'Sentry rejected the auth token; check it and that it has the event:read scope',
  forbidden: 'the auth token may not read this organization or project',
  notFound: 'check the organization and project slugs and the Sentry URL',
  offline: 'is the Sentry URL right and the server reachable?',
  tls: "is the Sentry server's certificate trusted by this machine?",
  rateLimited: 'Sentry rate limit reached; the next refresh will try again',
};
