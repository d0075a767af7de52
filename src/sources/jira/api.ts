/**
 * Thin typed calls to Jira's REST APIs: only the operations and parameters Atlassian's OpenAPI
 * descriptions document (those in test/fixtures/jira/jira-api-extract.json), over the one HTTP client,
 * for one site.
 *
 * - The agile lists page by `startAt`/`maxResults` until `isLast` (or `total`); Cloud's
 *   `/rest/api/3/search/jql` pages by `nextPageToken` until `isLast`; Data Center's `/rest/api/2/search`
 *   by `startAt` until `total`. Pages are bounded (`maxPages`): a cut list says it is incomplete.
 * - Retries and `Retry-After` waits are the client's job; writes are never repeated.
 * - Every failure is the one `SourceError`, with Jira's own words (`errorMessages`, `errors`) when it
 *   sent some; an answer that is not the documented shape is a `badResponse` SourceError.
 */
import { silentLogger, type Logger } from '../../core/logger';
import { SourceError } from '../../core/sourceError';
import { toSourceError } from '../../http/toSourceError';
import type { Credential, HttpClientLike, HttpMethod } from '../../http/types';
import { platformBase, type JiraSite } from './site';
import type { JiraBoardJson, JiraIssueJson, JiraSprintJson, JiraTransitionJson, JiraUserJson } from './types';

export const SERVICE = 'Jira';
/** Jira answers at most 50 items a page on the agile API and on /search (documented default 50). */
export const JIRA_PAGE = 50;
const DEFAULT_MAX_PAGES = 60;

export interface JiraApiOptions {
  http: HttpClientLike;
  site: JiraSite;
  credential?: Credential;
  logger?: Logger;
  maxPages?: number;
}

export interface JiraList<T> {
  items: T[];
  complete: boolean;
}

type Query = Record<string, string | number | boolean | undefined>;

export class JiraApi {
  readonly site: JiraSite;
  requests = 0;
  private readonly http: HttpClientLike;
  private readonly credential?: Credential;
  private readonly logger: Logger;
  private readonly maxPages: number;

  constructor(options: JiraApiOptions) {
    this.http = options.http;
    this.site = options.site;
    this.credential = options.credential;
    this.logger = options.logger ?? silentLogger;
    this.maxPages = Math.max(1, options.maxPages ?? DEFAULT_MAX_PAGES);
  }

  /** Boards, all or those of one project (`GET /rest/agile/1.0/board`, getAllBoards). */
  boards(projectKey: string | undefined, signal?: AbortSignal): Promise<JiraList<JiraBoardJson>> {
    return this.agileList<JiraBoardJson>(
      '/rest/agile/1.0/board',
      { ...(projectKey ? { projectKeyOrId: projectKey } : {}) },
      projectKey ? `list the boards of ${projectKey}` : 'list boards',
      signal,
    );
  }

  /** The board's name and estimation field (story points), from its configuration (getConfiguration). */
  async boardConfiguration(boardId: number, signal?: AbortSignal): Promise<{ name?: string; estimationField?: string }> {
    const data = await this.get<{ name?: unknown; estimation?: { field?: { fieldId?: unknown; displayName?: unknown } } }>(
      `/rest/agile/1.0/board/${boardId}/configuration`,
      {},
      `read the configuration of board ${boardId}`,
      signal,
      `board ${boardId}`,
    );
    const config = asObject(data, 'board configuration');
    const field = config.estimation?.field;
    return {
      ...(typeof config.name === 'string' && config.name ? { name: config.name } : {}),
      ...(field && typeof field.fieldId === 'string' && field.fieldId ? { estimationField: field.fieldId } : {}),
    };
  }

  /** The board's active sprints (getAllSprints with `state=active`). */
  activeSprints(boardId: number, signal?: AbortSignal): Promise<JiraList<JiraSprintJson>> {
    return this.agileList<JiraSprintJson>(
      `/rest/agile/1.0/board/${boardId}/sprint`,
      { state: 'active' },
      `list the sprints of board ${boardId}`,
      signal,
    );
  }

  /** A sprint's issues with the named fields (getIssuesForSprint; the page is a SearchResults). */
  async sprintIssues(sprintId: number, fields: readonly string[], signal?: AbortSignal): Promise<JiraList<JiraIssueJson>> {
    return this.offsetSearch(
      `/rest/agile/1.0/sprint/${sprintId}/issue`,
      { fields: fields.join(',') },
      `list the issues of sprint ${sprintId}`,
      signal,
    );
  }

  /**
   * The issues a JQL query finds, the query sent exactly as written (no added clauses or limits):
   * Cloud's `/search/jql` (nextPageToken), Data Center's `/search` (startAt).
   */
  async search(jql: string, fields: readonly string[], signal?: AbortSignal): Promise<JiraList<JiraIssueJson>> {
    const what = 'search issues with JQL';
    if (this.site.kind === 'datacenter')
      return this.offsetSearch(`${this.platform}/search`, { jql, fields: fields.join(',') }, what, signal);
    const items: JiraIssueJson[] = [];
    let token: string | undefined;
    for (let page = 0; page < this.maxPages; page++) {
      const data = asObject(
        await this.get<{ issues?: unknown; isLast?: unknown; nextPageToken?: unknown }>(
          `${this.platform}/search/jql`,
          { jql, fields: fields.join(','), maxResults: JIRA_PAGE, ...(token ? { nextPageToken: token } : {}) },
          what,
          signal,
        ),
        what,
      );
      items.push(...asArray<JiraIssueJson>(data.issues, what));
      token = typeof data.nextPageToken === 'string' && data.nextPageToken ? data.nextPageToken : undefined;
      if (data.isLast === true || !token) return { items, complete: true };
    }
    this.logger.warn(`Jira: ${what} stopped after ${this.maxPages} pages`);
    return { items, complete: false };
  }

  /** One issue (getIssue); a 404 is an issue that was deleted, archived or is not visible. */
  async issue(key: string, fields: readonly string[], signal?: AbortSignal): Promise<JiraIssueJson> {
    const data = await this.get<JiraIssueJson>(
      `${this.platform}/issue/${encodeURIComponent(key)}`,
      { fields: fields.join(',') },
      `read ${key}`,
      signal,
      `${key} (deleted, archived or not visible to you)`,
    );
    return asObject(data, `read ${key}`) as JiraIssueJson;
  }

  async transitions(key: string, signal?: AbortSignal): Promise<JiraTransitionJson[]> {
    const what = `list the transitions of ${key}`;
    const data = await this.get<{ transitions?: unknown }>(
      `${this.platform}/issue/${encodeURIComponent(key)}/transitions`,
      {},
      what,
      signal,
      key,
    );
    return asArray<JiraTransitionJson>(asObject(data, what).transitions, what).filter((t) => typeof t?.id === 'string');
  }

  /** doTransition: 204 on success. */
  async transition(key: string, transitionId: string, signal?: AbortSignal): Promise<void> {
    await this.send(
      'POST',
      `${this.platform}/issue/${encodeURIComponent(key)}/transitions`,
      {},
      { transition: { id: transitionId } },
      `transition ${key}`,
      signal,
      key,
    );
  }

  /** assignIssue: Cloud names users by account id, Data Center by user name. */
  async assign(key: string, user: JiraUserJson, signal?: AbortSignal): Promise<void> {
    const body = this.site.kind === 'cloud' ? { accountId: user.accountId } : { name: user.name };
    await this.send('PUT', `${this.platform}/issue/${encodeURIComponent(key)}/assignee`, {}, body, `assign ${key}`, signal, key);
  }

  /** addComment: an ADF document on Cloud (REST v3), wiki-markup text on Data Center (REST v2). */
  async comment(key: string, text: string, signal?: AbortSignal): Promise<void> {
    const body =
      this.site.kind === 'cloud'
        ? {
            body: {
              type: 'doc',
              version: 1,
              content: text.split(/\n{2,}/).map((p) => ({ type: 'paragraph', content: p ? [{ type: 'text', text: p }] : [] })),
            },
          }
        : { body: text };
    await this.send('POST', `${this.platform}/issue/${encodeURIComponent(key)}/comment`, {}, body, `comment on ${key}`, signal, key);
  }

  /** getCurrentUser: the token's user, for "assign to me" and "mine". */
  async myself(signal?: AbortSignal): Promise<JiraUserJson> {
    const what = `read the signed-in user of ${this.site.identity}`;
    return asObject(await this.get<JiraUserJson>(`${this.platform}/myself`, {}, what, signal), what) as JiraUserJson;
  }

  private get platform(): string {
    return platformBase(this.site).slice(this.site.url.length);
  }

  private async agileList<T>(path: string, query: Query, what: string, signal?: AbortSignal): Promise<JiraList<T>> {
    const items: T[] = [];
    for (let page = 0; page < this.maxPages; page++) {
      const data = asObject(
        await this.get<{ values?: unknown; isLast?: unknown; total?: unknown }>(
          path,
          { ...query, startAt: items.length, maxResults: JIRA_PAGE },
          what,
          signal,
        ),
        what,
      );
      const values = asArray<T>(data.values, what);
      items.push(...values);
      const total = typeof data.total === 'number' ? data.total : undefined;
      if (data.isLast === true || values.length === 0 || (total !== undefined && items.length >= total)) return { items, complete: true };
    }
    this.logger.warn(`Jira: ${what} stopped after ${this.maxPages} pages`);
    return { items, complete: false };
  }

  /** A SearchResults list (`issues`, `startAt`, `total`), paged by `startAt`. */
  private async offsetSearch(path: string, query: Query, what: string, signal?: AbortSignal): Promise<JiraList<JiraIssueJson>> {
    const items: JiraIssueJson[] = [];
    for (let page = 0; page < this.maxPages; page++) {
      const data = asObject(
        await this.get<{ issues?: unknown; total?: unknown }>(
          path,
          { ...query, startAt: items.length, maxResults: JIRA_PAGE },
          what,
          signal,
        ),
        what,
      );
      const issues = asArray<JiraIssueJson>(data.issues, what);
      items.push(...issues);
      const total = typeof data.total === 'number' ? data.total : undefined;
      if (issues.length === 0 || total === undefined || items.length >= total) return { items, complete: true };
    }
    this.logger.warn(`Jira: ${what} stopped after ${this.maxPages} pages`);
    return { items, complete: false };
  }

  private async get<T>(path: string, query: Query, what: string, signal?: AbortSignal, resource?: string): Promise<T> {
    return this.send<T>('GET', path, query, undefined, what, signal, resource);
  }

  private async send<T>(
    method: HttpMethod,
    path: string,
    query: Query,
    body: unknown,
    what: string,
    signal?: AbortSignal,
    resource?: string,
  ): Promise<T> {
    this.requests++;
    try {
      const response = await this.http.request<T>({
        method,
        url: `${this.site.url}${path}`,
        query,
        ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}),
        credential: this.credential,
        signal,
        ...(method === 'GET' ? {} : { maxRetries: 0 }),
      });
      return response.data;
    } catch (error) {
      const failure = toSourceError(error, {
        service: SERVICE,
        what,
        resource: resource ?? this.site.identity,
        serviceMessage: jiraErrorMessage,
      });
      if (failure.kind !== 'auth') throw failure;
      // Jira answers 401 alike for a wrong, expired or revoked token (and for a wrong e-mail on Cloud).
      const which = this.site.kind === 'cloud' ? `the API token of ${this.site.account ?? 'the account'}` : 'the personal access token';
      throw new SourceError(
        `Could not ${what}: Jira at ${this.site.origin} did not accept ${which} (401); it may have expired or been revoked. Store a new one with "DevOps: Set Jira Token…".`,
        'auth',
        SERVICE,
        { status: 401, cause: failure },
      );
    }
  }
}

/** Jira's ErrorCollection: `{ errorMessages: [...], errors: { field: message } }`. */
export function jiraErrorMessage(body: string): string | undefined {
  const parsed = JSON.parse(body) as { errorMessages?: unknown; errors?: unknown };
  const messages = Array.isArray(parsed.errorMessages) ? parsed.errorMessages.filter((m): m is string => typeof m === 'string') : [];
  if (parsed.errors && typeof parsed.errors === 'object')
    for (const [field, m] of Object.entries(parsed.errors as Record<string, unknown>))
      if (typeof m === 'string') messages.push(`${field}: ${m}`);
  const text = messages.join(' ').trim();
  return text ? text.slice(0, 300) : undefined;
}

function asObject<T extends object>(value: T, what: string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SourceError(`Could not ${what}: Jira's answer is not the documented object.`, 'badResponse', SERVICE);
  return value as T;
}

function asArray<T>(value: unknown, what: string): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new SourceError(`Could not ${what}: Jira's answer is not the documented list.`, 'badResponse', SERVICE);
  return value as T[];
}
