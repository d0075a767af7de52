/**
 * Thin typed calls to GitLab's REST API v4: only the operations and parameters GitLab documents
 * (those in test/fixtures/gitlab/docs-extract.json), over the one HTTP client, for one project.
 *
 * - Lists page by `X-Next-Page` (offset pagination, the default on every list), or by the
 *   `Link: rel="next"` target on the endpoints that document keyset pagination; pages are bounded.
 * - Conditional requests (ETag / 304), retries and `Retry-After` waits are the client's job; the
 *   `RateLimit-*` headers seen are kept in a `GitLabRateState` shared by the phase sources.
 * - Every method takes an `AbortSignal` and passes it to every request it makes.
 * - Every failure is the one `SourceError`, with GitLab's own message when it sent one; an answer
 *   that is not the documented shape (not a list, not an object) is a `badResponse` SourceError.
 */
import { silentLogger, type Logger } from '../../core/logger';
import { SourceError } from '../../core/sourceError';
import { linkTarget } from '../../http/link';
import type { GlTestReport } from './testReport';
import type { Credential, HttpClientLike, HttpMethod, HttpResponse } from '../../http/types';
import { mergeRefusal } from './mergeRefusal';
import { GitLabRateState } from './rateState';
import type { GitLabProjectRef } from './remote';
import { gitlabError, SERVICE } from './serviceMessage';
import type {
  GlApprovals,
  GlDeployment,
  GlDiscussion,
  GlEnvironment,
  GlIssue,
  GlIteration,
  GlJob,
  GlMergeRequest,
  GlMilestone,
  GlPipeline,
  GlUser,
} from './types';

/** GitLab's documented page size limit (doc/api/rest/_index.md, "Offset-based pagination"). */
export const GITLAB_MAX_PER_PAGE = 100;
const DEFAULT_MAX_PAGES = 5;

export interface GitLabApiOptions {
  http: HttpClientLike;
  project: GitLabProjectRef;
  /** From `gitlabCredential`; absent for anonymous reads of public projects. */
  credential?: Credential;
  logger?: Logger;
  /** Most pages read for one list. Default 5 (500 items at 100 a page). */
  maxPages?: number;
  /** Shared by the phase sources of one instance; a new one when absent. */
  rate?: GitLabRateState;
}

/** Counters since the last `takeStats()`. */
export interface RequestStats {
  requests: number;
  notModified: number;
}

/** A list and whether it is whole (false when the page bound cut it). */
export interface GitLabList<T> {
  items: T[];
  complete: boolean;
}

export type JobScope =
  'created' | 'pending' | 'running' | 'failed' | 'success' | 'canceled' | 'skipped' | 'waiting_for_resource' | 'manual';
export type DeploymentStatus = 'running' | 'success' | 'failed' | 'canceled';

export interface MergeOptions {
  /** The head SHA the user reviewed: GitLab refuses (409) when the source branch moved since. */
  sha?: string;
  squash?: boolean;
  shouldRemoveSourceBranch?: boolean;
  mergeWhenPipelineSucceeds?: boolean;
  mergeCommitMessage?: string;
  squashCommitMessage?: string;
}

export interface CreateDeploymentInput {
  environment: string;
  sha: string;
  ref: string;
  /** True when `ref` is a tag. */
  tag: boolean;
  status: DeploymentStatus;
}

type Query = Record<string, string | number | boolean | undefined>;

interface SendOptions {
  query?: Query;
  body?: unknown;
  responseType?: 'json' | 'text';
  conditional?: boolean;
  signal?: AbortSignal;
  /** What a 404 says was not found; the project by default. */
  resource?: string;
}

export class GitLabApi {
  readonly project: GitLabProjectRef;
  readonly rate: GitLabRateState;
  private stats: RequestStats = { requests: 0, notModified: 0 };
  private readonly http: HttpClientLike;
  private readonly credential?: Credential;
  private readonly logger: Logger;
  private readonly maxPages: number;
  private readonly projectPath: string;
  private readonly apiUrl: URL;

  constructor(options: GitLabApiOptions) {
    this.http = options.http;
    this.project = options.project;
    this.credential = options.credential;
    this.logger = options.logger ?? silentLogger;
    this.maxPages = Math.max(1, options.maxPages ?? DEFAULT_MAX_PAGES);
    this.rate = options.rate ?? new GitLabRateState();
    this.projectPath = `/projects/${options.project.encodedPath}`;
    this.apiUrl = new URL(options.project.apiBase);
  }

  /** Returns and resets the request counters. */
  takeStats(): RequestStats {
    const stats = this.stats;
    this.stats = { requests: 0, notModified: 0 };
    return stats;
  }

  // ---- The signed-in user ----------------------------------------------------------------------

  /**
   * The credential's user (`GET /user`, doc/api/users.md "Get the current user"), for sorting what
   * is "mine". It is the instance's, not the project's: the phase sources ask it once per credential
   * (`GitLabUserCache`). A token GitLab does not accept is the `auth` SourceError (401).
   */
  async getCurrentUser(signal?: AbortSignal): Promise<GlUser> {
    const instance = this.apiUrl.host;
    const what = `read the signed-in user of ${instance}`;
    const response = await this.send<GlUser>('GET', '/user', what, { signal, resource: `the signed-in user of ${instance}` });
    return asObject<GlUser>(response.data, what);
  }

  // ---- Plan ------------------------------------------------------------------------------------

  /** The project's iterations, inherited from its groups (`include_ancestors`), e.g. the current one. */
  listIterations(
    filter: { state?: 'opened' | 'upcoming' | 'current' | 'closed' | 'all'; includeAncestors?: boolean },
    signal?: AbortSignal,
  ): Promise<GitLabList<GlIteration>> {
    return this.offsetList<GlIteration>(
      `${this.projectPath}/iterations`,
      {
        state: filter.state,
        include_ancestors: filter.includeAncestors,
      },
      `list the iterations of ${this.project.path}`,
      signal,
      1,
    );
  }

  listMilestones(filter: { state?: 'active' | 'closed' }, signal?: AbortSignal): Promise<GitLabList<GlMilestone>> {
    return this.offsetList<GlMilestone>(
      `${this.projectPath}/milestones`,
      { state: filter.state },
      `list the milestones of ${this.project.path}`,
      signal,
    );
  }

  listIssues(
    filter: {
      iterationId?: number;
      milestone?: string;
      assigneeUsername?: string;
      state?: 'opened' | 'closed';
    },
    signal?: AbortSignal,
  ): Promise<GitLabList<GlIssue>> {
    return this.offsetList<GlIssue>(
      `${this.projectPath}/issues`,
      {
        iteration_id: filter.iterationId,
        milestone: filter.milestone,
        assignee_username: filter.assigneeUsername,
        state: filter.state,
        scope: 'all',
        order_by: 'updated_at',
        sort: 'desc',
      },
      `list the issues of ${this.project.path}`,
      signal,
    );
  }

  async getIssue(iid: number, signal?: AbortSignal): Promise<GlIssue> {
    return this.object<GlIssue>(`${this.projectPath}/issues/${positive(iid)}`, {}, `read issue #${iid} of ${this.project.path}`, signal);
  }

  /** Adds and removes labels in one documented edit (`add_labels`, `remove_labels`). */
  async editIssueLabels(
    iid: number,
    change: { add?: readonly string[]; remove?: readonly string[] },
    signal?: AbortSignal,
  ): Promise<GlIssue> {
    const body: Record<string, string> = {};
    if (change.add?.length) body.add_labels = change.add.join(',');
    if (change.remove?.length) body.remove_labels = change.remove.join(',');
    const response = await this.send<GlIssue>(
      'PUT',
      `${this.projectPath}/issues/${positive(iid)}`,
      `change the labels of issue #${iid} of ${this.project.path}`,
      { body, signal },
    );
    return asObject<GlIssue>(response.data, `change the labels of issue #${iid}`);
  }

  // ---- Code ------------------------------------------------------------------------------------

  listMergeRequests(
    filter: {
      state?: 'opened' | 'closed' | 'locked' | 'merged' | 'all';
      reviewerUsername?: string;
      authorUsername?: string;
      assigneeId?: number;
      sourceBranch?: string;
    },
    signal?: AbortSignal,
    maxPages?: number,
  ): Promise<GitLabList<GlMergeRequest>> {
    return this.offsetList<GlMergeRequest>(
      `${this.projectPath}/merge_requests`,
      {
        state: filter.state ?? 'opened',
        reviewer_username: filter.reviewerUsername,
        author_username: filter.authorUsername,
        assignee_id: filter.assigneeId,
        source_branch: filter.sourceBranch,
        order_by: 'updated_at',
        sort: 'desc',
      },
      `list the merge requests of ${this.project.path}`,
      signal,
      maxPages,
    );
  }

  async getMergeRequest(iid: number, signal?: AbortSignal): Promise<GlMergeRequest> {
    return this.object<GlMergeRequest>(
      `${this.projectPath}/merge_requests/${positive(iid)}`,
      {},
      `read merge request !${iid} of ${this.project.path}`,
      signal,
    );
  }

  async getMergeRequestApprovals(iid: number, signal?: AbortSignal): Promise<GlApprovals> {
    return this.object<GlApprovals>(
      `${this.projectPath}/merge_requests/${positive(iid)}/approvals`,
      {},
      `read the approvals of merge request !${iid} of ${this.project.path}`,
      signal,
    );
  }

  async approveMergeRequest(iid: number, options: { sha?: string } = {}, signal?: AbortSignal): Promise<GlApprovals> {
    const body = options.sha ? { sha: options.sha } : {};
    const response = await this.send<GlApprovals>(
      'POST',
      `${this.projectPath}/merge_requests/${positive(iid)}/approve`,
      `approve merge request !${iid} of ${this.project.path}`,
      { body, signal },
    );
    return (response.data && typeof response.data === 'object' ? response.data : {}) as GlApprovals;
  }

  async unapproveMergeRequest(iid: number, signal?: AbortSignal): Promise<void> {
    await this.send(
      'POST',
      `${this.projectPath}/merge_requests/${positive(iid)}/unapprove`,
      `withdraw the approval of merge request !${iid} of ${this.project.path}`,
      { signal },
    );
  }

  /**
   * Merges. GitLab's refusals (405 cannot merge now, 406 on older versions, 409 head moved, 422
   * failed to merge) come back as a `rejected` SourceError that says why in words.
   */
  async mergeMergeRequest(iid: number, options: MergeOptions = {}, signal?: AbortSignal): Promise<GlMergeRequest> {
    const body: Record<string, string | boolean> = {};
    if (options.sha) body.sha = options.sha;
    if (options.squash !== undefined) body.squash = options.squash;
    if (options.shouldRemoveSourceBranch !== undefined) body.should_remove_source_branch = options.shouldRemoveSourceBranch;
    if (options.mergeWhenPipelineSucceeds !== undefined) body.merge_when_pipeline_succeeds = options.mergeWhenPipelineSucceeds;
    if (options.mergeCommitMessage !== undefined) body.merge_commit_message = options.mergeCommitMessage;
    if (options.squashCommitMessage !== undefined) body.squash_commit_message = options.squashCommitMessage;
    const what = `merge merge request !${iid} of ${this.project.path}`;
    try {
      const response = await this.send<GlMergeRequest>('PUT', `${this.projectPath}/merge_requests/${positive(iid)}/merge`, what, {
        body,
        signal,
      });
      return asObject<GlMergeRequest>(response.data, what);
    } catch (error) {
      throw error instanceof SourceError ? mergeRefusal(error, { iid, what }) : error;
    }
  }

  /** A merge request's discussions (threads, single comments, system notes), 100 a page, bounded (doc/api/discussions.md). */
  listMergeRequestDiscussions(iid: number, signal?: AbortSignal, maxPages?: number): Promise<GitLabList<GlDiscussion>> {
    return this.offsetList<GlDiscussion>(
      `${this.projectPath}/merge_requests/${positive(iid)}/discussions`,
      {},
      `list the threads of merge request !${iid} of ${this.project.path}`,
      signal,
      maxPages,
    );
  }

  /** Adds a note (a reply) to a thread of a merge request. */
  async addMergeRequestDiscussionNote(iid: number, discussionId: string, body: string, signal?: AbortSignal): Promise<void> {
    await this.send(
      'POST',
      `${this.projectPath}/merge_requests/${positive(iid)}/discussions/${discussionKey(discussionId)}/notes`,
      `reply to a thread of merge request !${iid} of ${this.project.path}`,
      { body: { body }, signal, resource: `the thread of merge request !${iid}` },
    );
  }

  /** Resolves or unresolves a thread of a merge request. */
  async resolveMergeRequestDiscussion(iid: number, discussionId: string, resolved: boolean, signal?: AbortSignal): Promise<void> {
    await this.send(
      'PUT',
      `${this.projectPath}/merge_requests/${positive(iid)}/discussions/${discussionKey(discussionId)}`,
      `${resolved ? 'resolve' : 'unresolve'} a thread of merge request !${iid} of ${this.project.path}`,
      { body: { resolved }, signal, resource: `the thread of merge request !${iid}` },
    );
  }

  // ---- Build -----------------------------------------------------------------------------------

  /** The newest pipelines of a ref (newest first), one page. */
  async listPipelines(filter: { ref?: string; perPage?: number }, signal?: AbortSignal): Promise<GlPipeline[]> {
    const list = await this.offsetList<GlPipeline>(
      `${this.projectPath}/pipelines`,
      {
        ref: filter.ref,
        order_by: 'id',
        sort: 'desc',
      },
      `list the pipelines of ${this.project.path}`,
      signal,
      1,
      Math.min(GITLAB_MAX_PER_PAGE, filter.perPage ?? 20),
    );
    return list.items;
  }

  async getPipeline(pipelineId: number, signal?: AbortSignal): Promise<GlPipeline> {
    return this.object<GlPipeline>(
      `${this.projectPath}/pipelines/${positive(pipelineId)}`,
      {},
      `read pipeline ${pipelineId} of ${this.project.path}`,
      signal,
    );
  }

  /** The pipeline's unit test report (empty suites when the pipeline uploaded none). */
  async getTestReport(pipelineId: number, signal?: AbortSignal): Promise<GlTestReport> {
    return this.object<GlTestReport>(
      `${this.projectPath}/pipelines/${positive(pipelineId)}/test_report`,
      {},
      `read the test report of pipeline ${pipelineId}`,
      signal,
    );
  }

  async listPipelineJobs(pipelineId: number, signal?: AbortSignal): Promise<GitLabList<GlJob>> {
    return this.offsetList<GlJob>(
      `${this.projectPath}/pipelines/${positive(pipelineId)}/jobs`,
      {},
      `list the jobs of pipeline ${pipelineId}`,
      signal,
    );
  }

  /**
   * The project's jobs across pipelines, newest first, paged by keyset (GitLab documents keyset
   * pagination for this list with `order_by=id`, `sort=desc`, and recommends it for consecutive pages).
   */
  listProjectJobs(filter: { scope?: readonly JobScope[]; maxPages?: number }, signal?: AbortSignal): Promise<GitLabList<GlJob>> {
    const path = withArrayParam(`${this.projectPath}/jobs`, 'scope', filter.scope ?? []);
    return this.keysetList<GlJob>(path, `list the jobs of ${this.project.path}`, signal, filter.maxPages);
  }

  /** A job's log as GitLab stores it (ANSI colours and section markers included; see `parseJobTrace`). */
  async jobTrace(jobId: number, signal?: AbortSignal): Promise<string> {
    const response = await this.send<string>(
      'GET',
      `${this.projectPath}/jobs/${positive(jobId)}/trace`,
      `download the log of job ${jobId}`,
      { responseType: 'text', conditional: false, signal },
    );
    return typeof response.data === 'string' ? response.data : '';
  }

  async retryPipeline(pipelineId: number, signal?: AbortSignal): Promise<GlPipeline> {
    const what = `retry the failed jobs of pipeline ${pipelineId}`;
    return asObject<GlPipeline>(
      (await this.send('POST', `${this.projectPath}/pipelines/${positive(pipelineId)}/retry`, what, { signal })).data,
      what,
    );
  }

  async cancelPipeline(pipelineId: number, signal?: AbortSignal): Promise<GlPipeline> {
    const what = `cancel pipeline ${pipelineId}`;
    return asObject<GlPipeline>(
      (await this.send('POST', `${this.projectPath}/pipelines/${positive(pipelineId)}/cancel`, what, { signal })).data,
      what,
    );
  }

  async retryJob(jobId: number, signal?: AbortSignal): Promise<GlJob> {
    const what = `retry job ${jobId}`;
    return asObject<GlJob>((await this.send('POST', `${this.projectPath}/jobs/${positive(jobId)}/retry`, what, { signal })).data, what);
  }

  async cancelJob(jobId: number, signal?: AbortSignal): Promise<GlJob> {
    const what = `cancel job ${jobId}`;
    return asObject<GlJob>((await this.send('POST', `${this.projectPath}/jobs/${positive(jobId)}/cancel`, what, { signal })).data, what);
  }

  // ---- Deploy ----------------------------------------------------------------------------------

  listEnvironments(filter: { states?: 'available' | 'stopping' | 'stopped' }, signal?: AbortSignal): Promise<GitLabList<GlEnvironment>> {
    return this.offsetList<GlEnvironment>(
      `${this.projectPath}/environments`,
      { states: filter.states },
      `list the environments of ${this.project.path}`,
      signal,
      1,
    );
  }

  /** The newest deployments (newest first), one page, optionally of one environment. */
  async listDeployments(filter: { environment?: string; perPage?: number }, signal?: AbortSignal): Promise<GlDeployment[]> {
    const list = await this.offsetList<GlDeployment>(
      `${this.projectPath}/deployments`,
      {
        environment: filter.environment,
        order_by: 'created_at',
        sort: 'desc',
      },
      `list the deployments of ${this.project.path}`,
      signal,
      1,
      Math.min(GITLAB_MAX_PER_PAGE, filter.perPage ?? 10),
    );
    return list.items;
  }

  async createDeployment(input: CreateDeploymentInput, signal?: AbortSignal): Promise<GlDeployment> {
    const what = `report a deployment of ${input.ref} to ${input.environment} in ${this.project.path}`;
    const response = await this.send<GlDeployment>('POST', `${this.projectPath}/deployments`, what, {
      body: { environment: input.environment, sha: input.sha, ref: input.ref, tag: input.tag, status: input.status },
      signal,
    });
    return asObject<GlDeployment>(response.data, what);
  }

  // ---- Plumbing --------------------------------------------------------------------------------

  private async object<T>(path: string, query: Query, what: string, signal: AbortSignal | undefined): Promise<T> {
    return asObject<T>((await this.send<T>('GET', path, what, { query, signal })).data, what);
  }

  /** Every page of an offset-paginated list, following `X-Next-Page`, at most `maxPages`. */
  private async offsetList<T>(
    path: string,
    query: Query,
    what: string,
    signal: AbortSignal | undefined,
    maxPages = this.maxPages,
    perPage = GITLAB_MAX_PER_PAGE,
  ): Promise<GitLabList<T>> {
    const items: T[] = [];
    let page = 1;
    for (let read = 1; read <= maxPages; read++) {
      // The first page is asked without `page`, so its URL (the conditional-cache key) is the same every poll.
      const response = await this.send<unknown>('GET', path, what, {
        query: { ...query, per_page: perPage, page: page > 1 ? page : undefined },
        signal,
      });
      items.push(...asArray<T>(response.data, what));
      const nextHeader = response.headers['x-next-page']?.trim();
      const next = nextHeader ? Number(nextHeader) : NaN;
      if (!Number.isInteger(next) || next <= page) {
        return { items, complete: true };
      }
      page = next;
    }
    if (maxPages > 1) {
      this.logger.info(`GitLab: stopped after ${maxPages} pages while trying to ${what}`);
    }
    return { items, complete: false };
  }

  /** Every page of a keyset-paginated list, following `Link: rel="next"` within the API, at most `maxPages`. */
  private async keysetList<T>(
    path: string,
    what: string,
    signal: AbortSignal | undefined,
    maxPages = this.maxPages,
  ): Promise<GitLabList<T>> {
    const items: T[] = [];
    let url: string | undefined;
    for (let read = 1; read <= maxPages; read++) {
      const response: HttpResponse<unknown> =
        url === undefined
          ? await this.send('GET', path, what, {
              query: { pagination: 'keyset', order_by: 'id', sort: 'desc', per_page: GITLAB_MAX_PER_PAGE },
              signal,
            })
          : await this.send('GET', url, what, { signal });
      items.push(...asArray<T>(response.data, what));
      const next = linkTarget(response.headers.link);
      if (!next) {
        return { items, complete: true };
      }
      // A next link outside this API would carry nothing of ours (the client checks origins), but it
      // is not GitLab paging either: stop rather than follow it.
      if (!this.isApiUrl(next)) {
        this.logger.warn(`GitLab: ignoring a next-page link outside ${this.project.apiBase} while trying to ${what}`);
        return { items, complete: false };
      }
      url = next;
    }
    this.logger.info(`GitLab: stopped after ${maxPages} pages while trying to ${what}`);
    return { items, complete: false };
  }

  private isApiUrl(target: string): boolean {
    try {
      const url = new URL(target);
      const base = this.apiUrl.pathname.replace(/\/$/, '');
      return url.origin === this.apiUrl.origin && (url.pathname === base || url.pathname.startsWith(`${base}/`));
    } catch {
      return false;
    }
  }

  /** One request; `pathOrUrl` is an API path or an absolute URL within the API (a `Link` target). */
  private async send<T>(method: HttpMethod, pathOrUrl: string, what: string, options: SendOptions = {}): Promise<HttpResponse<T>> {
    const url = /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${this.project.apiBase}${pathOrUrl}`;
    this.stats.requests++;
    let response: HttpResponse<T>;
    try {
      response = await this.http.request<T>({
        method,
        url,
        query: options.query,
        body: options.body,
        credential: this.credential,
        signal: options.signal,
        responseType: options.responseType,
        conditional: options.conditional,
        // Actions are not repeated blindly: a second merge or deployment is worse than an error.
        maxRetries: method === 'GET' ? undefined : 0,
      });
    } catch (error) {
      const failure = gitlabError(error, what, options.resource ?? this.project.path);
      this.rate.noteError(failure);
      throw failure;
    }
    if (response.notModified) {
      this.stats.notModified++;
    }
    this.rate.noteRateLimit(response.rateLimit);
    return response;
  }
}

function asArray<T>(data: unknown, what: string): T[] {
  if (!Array.isArray(data)) {
    throw new SourceError(`Could not ${what}: GitLab's answer is not a list, as its API documents.`, 'badResponse', SERVICE);
  }
  // A list of something else than objects is not GitLab's either; drop what mapping cannot read.
  return data.filter((item) => typeof item === 'object' && item !== null && !Array.isArray(item)) as T[];
}

function asObject<T>(data: unknown, what: string): T {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new SourceError(`Could not ${what}: GitLab's answer is not an object, as its API documents.`, 'badResponse', SERVICE);
  }
  return data as T;
}

/** Ids and iids are positive integers; anything else would change the path. */
function positive(n: number): number {
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new SourceError(`Not a GitLab id: ${String(n).slice(0, 40)}`, 'refused', SERVICE);
  }
  return n;
}

/** Discussion ids are hex digests; anything else would change the path. */
function discussionKey(id: string): string {
  if (typeof id !== 'string' || !/^[0-9a-f]{1,64}$/i.test(id)) {
    throw new SourceError(`Not a GitLab thread id: ${String(id).slice(0, 40)}`, 'refused', SERVICE);
  }
  return id;
}

/** `path?name[]=a&name[]=b`: GitLab's documented array syntax, which a plain query object cannot express. */
function withArrayParam(path: string, name: string, values: readonly string[]): string {
  if (values.length === 0) {
    return path;
  }
  const search = values.map((v) => `${encodeURIComponent(`${name}[]`)}=${encodeURIComponent(v)}`).join('&');
  return `${path}?${search}`;
}
