/**
 * Sentry's web API (`/api/0/`), the calls the Monitor view needs: unresolved issues of an
 * organization or of named projects, and the latest event of an issue. Lists are paged with
 * cursors in the `Link` header (docs: "Paginating Results"); pages are bounded.
 */
import { bearerCredential } from '../../http/credentials';
import { redactUrlSecrets } from '../../http/redact';
import { parseLinkHeader } from '../../http/link';
import { checkServerUrl } from '../../http/serverUrl';
import type { Credential, HttpClientLike } from '../../http/types';

export interface SentryConfig {
  /** `https://sentry.io` (default), an org domain, or a self-hosted server (a sub-path is allowed). */
  baseUrl?: string;
  /** Organization id or slug. */
  organization: string;
  /**
   * Numeric project ids (one organization-wide query) or project slugs (one query per project).
   * Empty: every project the token can see.
   */
  projects?: readonly string[];
  /** Sentry search query. Default `is:unresolved`. */
  query?: string;
  environment?: string;
}

export class SentryConfigError extends Error {
  override readonly name = 'SentryConfigError';
}

export interface IssuePage {
  issues: unknown[];
  /** True when more pages existed than `maxPages` allowed. */
  truncated: boolean;
}

const DEFAULT_BASE = 'https://sentry.io';
/** Sentry's own rate-limit headers (`x-sentry-rate-limit-limit`, `-remaining`, `-reset`). */
const RATE_LIMIT_HEADERS = 'x-sentry-rate-limit-';
const SLUG = /^[A-Za-z0-9_.-]{1,100}$/;

/** The API root (`…/api/0`) of a Sentry base URL; refuses non-HTTP URLs and URLs with credentials. */
export function sentryApiRoot(baseUrl: string = DEFAULT_BASE): { apiRoot: string; origin: string } {
  const checked = checkServerUrl(baseUrl, 'the token');
  if ('error' in checked) throw new SentryConfigError(`Sentry: ${checked.error}`);
  const url = checked.url;
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/0(\/.*)?$/, '');
  return { apiRoot: `${url.origin}${path}/api/0`, origin: url.origin };
}

/** A bearer credential (auth token) bound to the Sentry server's origin. */
export function sentryCredential(baseUrl: string | undefined, token: string): Credential {
  return bearerCredential(sentryApiRoot(baseUrl).origin, token);
}

export class SentryApi {
  readonly apiRoot: string;
  readonly origin: string;
  private readonly organization: string;

  constructor(
    private readonly http: HttpClientLike,
    readonly config: SentryConfig,
    private readonly credential?: Credential,
    private readonly maxPages = 5,
  ) {
    ({ apiRoot: this.apiRoot, origin: this.origin } = sentryApiRoot(config.baseUrl));
    if (!SLUG.test(config.organization ?? '')) {
      throw new SentryConfigError(`"${config.organization}" is not an organization slug or id`);
    }
    for (const project of config.projects ?? []) {
      if (!SLUG.test(project)) {
        throw new SentryConfigError(`"${project}" is not a project slug or id`);
      }
    }
    if (credential && credential.origin !== this.origin) {
      throw new SentryConfigError(`the Sentry token is for ${credential.origin}, not ${this.origin}`);
    }
    this.organization = encodeURIComponent(config.organization);
  }

  /**
   * The issues matching the configured query ("List an Organization's Issues", or "List a
   * Project's Issues" per slug), following `rel="next"` while `results="true"`, at most `maxPages`
   * pages per query.
   */
  async listIssues(signal?: AbortSignal): Promise<IssuePage> {
    const projects = this.config.projects ?? [];
    const ids = projects.filter((p) => /^\d+$/.test(p));
    const slugs = projects.filter((p) => !/^\d+$/.test(p));
    const queries: string[] = [];
    if (slugs.length === 0 || ids.length > 0) {
      const params = this.baseParams();
      for (const id of ids) {
        params.append('project', id);
      }
      queries.push(`${this.apiRoot}/organizations/${this.organization}/issues/?${params}`);
    }
    for (const slug of slugs) {
      queries.push(`${this.apiRoot}/projects/${this.organization}/${encodeURIComponent(slug)}/issues/?${this.baseParams()}`);
    }
    const pages = await Promise.all(queries.map((url) => this.collect(url, signal)));
    const seen = new Set<unknown>();
    const issues: unknown[] = [];
    for (const page of pages) {
      for (const issue of page.issues) {
        const id = typeof issue === 'object' && issue !== null ? (issue as { id?: unknown }).id : undefined;
        if (id === undefined || !seen.has(id)) {
          seen.add(id);
          issues.push(issue);
        }
      }
    }
    return { issues, truncated: pages.some((p) => p.truncated) };
  }

  /** The latest event of an issue ("Retrieve an Issue Event" with `latest`). */
  async latestEvent(issueId: string, signal?: AbortSignal): Promise<unknown> {
    if (!/^\d{1,20}$/.test(issueId)) {
      throw new SentryConfigError(`"${issueId}" is not an issue id`);
    }
    const params = new URLSearchParams();
    if (this.config.environment) {
      params.set('environment', this.config.environment);
    }
    const query = params.toString();
    const response = await this.http.request<unknown>({
      url: `${this.apiRoot}/organizations/${this.organization}/issues/${issueId}/events/latest/${query ? `?${query}` : ''}`,
      credential: this.credential,
      signal,
      rateLimitHeaders: RATE_LIMIT_HEADERS,
    });
    return response.data;
  }

  private baseParams(): URLSearchParams {
    const params = new URLSearchParams();
    params.set('query', this.config.query ?? 'is:unresolved');
    if (this.config.environment) {
      params.set('environment', this.config.environment);
    }
    return params;
  }

  private async collect(firstUrl: string, signal?: AbortSignal): Promise<IssuePage> {
    const issues: unknown[] = [];
    let url = firstUrl;
    for (let page = 1; ; page++) {
      const response = await this.http.request<unknown>({ url, credential: this.credential, signal, rateLimitHeaders: RATE_LIMIT_HEADERS });
      if (!Array.isArray(response.data)) {
        throw new Error(`${redactUrlSecrets(url)}: expected a JSON array of issues`);
      }
      issues.push(...response.data);
      // Sentry's documented `Link` entries carry `results="true"` and `cursor="…"` ("Paginating Results").
      const next = parseLinkHeader(response.headers.link).find((l) => l.rel === 'next');
      const cursor = next?.params.cursor;
      if (!next || next.params.results !== 'true' || !cursor) {
        return { issues, truncated: false };
      }
      if (page >= this.maxPages) {
        return { issues, truncated: true };
      }
      // The cursor goes into our own URL: the token never follows a link to another host.
      const nextUrl = new URL(firstUrl);
      nextUrl.searchParams.set('cursor', cursor);
      url = nextUrl.href;
    }
  }
}
