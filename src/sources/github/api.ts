/**
 * Thin typed calls to GitHub's REST API (the operations listed in
 * test/fixtures/github/extract-openapi.mjs), over the shared HTTP client. Lists page through
 * `Link: rel="next"` 100 at a time up to a bounded page count; conditional requests, retries and
 * rate-limit waits are the client's job. Counts requests and 304s so a caller can tell whether a
 * refresh changed anything, and keeps the last rate-limit and `X-Poll-Interval` seen.
 */
import { silentLogger, type Logger } from '../../core/logger';
import { bearerCredential } from '../../http/credentials';
import type { Credential, HttpClientLike, HttpMethod, HttpResponse, RateLimit } from '../../http/types';
import { SourceError } from '../../core/sourceError';
import { linkTarget } from '../../http/link';
import { toGitHubError } from './errors';
import type { GitHubRepoRef } from './remote';
import type {
  GhAnnotation,
  GhCheckRunList,
  GhCombinedStatus,
  GhDeployment,
  GhDeploymentState,
  GhDeploymentStatus,
  GhEnvironmentList,
  GhIssue,
  GhJobList,
  GhMergeResult,
  GhMilestone,
  GhPullRequest,
  GhPullRequestFile,
  GhRepository,
  GhReview,
  GhReviewComment,
  GhReviewThreadState,
  GhSearchResult,
  GhUser,
  GhWorkflowRunList,
} from './types';

export const GITHUB_API_VERSION = '2022-11-28';
const PER_PAGE = 100;
const DEFAULT_MAX_PAGES = 10;
/** GitHub lists at most 3000 files of a pull request (documented on "List pull requests files"). */
export const GITHUB_MAX_PULL_REQUEST_FILES = 3000;
const MAX_FILE_PAGES = GITHUB_MAX_PULL_REQUEST_FILES / PER_PAGE;

export interface GitHubApiOptions {
  http: HttpClientLike;
  repo: GitHubRepoRef;
  credential?: Credential;
  logger?: Logger;
  /** Most pages read for one list (100 items each). Default 10. */
  maxPages?: number;
}

/** Counters since the last `takeStats()`. */
export interface RequestStats {
  requests: number;
  notModified: number;
}

export type MergeMethod = 'merge' | 'squash' | 'rebase';

/** A pull request's changed files; `complete` is false when GitHub's 3000-file cap (or our page bound) cut the list. */
export interface PullRequestFileList {
  files: GhPullRequestFile[];
  complete: boolean;
}

export interface CreateDeploymentInput {
  ref: string;
  environment: string;
  description?: string;
  task?: string;
  /** False skips GitHub's required-status-contexts check (an empty `required_contexts`). */
  requireContexts?: boolean;
  autoMerge?: boolean;
  productionEnvironment?: boolean;
  payload?: Record<string, unknown>;
}

export interface CreateDeploymentStatusInput {
  state: GhDeploymentState;
  description?: string;
  logUrl?: string;
  environmentUrl?: string;
  environment?: string;
  autoInactive?: boolean;
}

/**
 * The credential for a repository's API: bound to the API origin only (`https://api.github.com`
 * or the GHES host), so it never follows a redirect to log storage or any other origin.
 */
export function githubCredential(repo: GitHubRepoRef, token: string): Credential {
  return bearerCredential(new URL(repo.apiBase).origin, token);
}

export class GitHubApi {
  /** The last rate-limit headers seen (remaining quota for the status bar). */
  rateLimit?: RateLimit;
  /** The last `X-Poll-Interval` seen, in seconds. */
  pollIntervalSeconds?: number;
  private stats: RequestStats = { requests: 0, notModified: 0 };
  private readonly http: HttpClientLike;
  private readonly credential?: Credential;
  private readonly logger: Logger;
  private readonly maxPages: number;
  readonly repo: GitHubRepoRef;
  private readonly repoPath: string;

  constructor(options: GitHubApiOptions) {
    this.http = options.http;
    this.repo = options.repo;
    this.credential = options.credential;
    this.logger = options.logger ?? silentLogger;
    this.maxPages = Math.max(1, options.maxPages ?? DEFAULT_MAX_PAGES);
    this.repoPath = `/repos/${encodeURIComponent(options.repo.owner)}/${encodeURIComponent(options.repo.repo)}`;
  }

  get fullName(): string {
    return `${this.repo.owner}/${this.repo.repo}`;
  }

  /** Returns and resets the request counters. */
  takeStats(): RequestStats {
    const stats = this.stats;
    this.stats = { requests: 0, notModified: 0 };
    return stats;
  }

  // ---- Reads -------------------------------------------------------------------------------

  getAuthenticatedUser(): Promise<GhUser> {
    return this.get<GhUser>('/user', {}, 'read the signed-in GitHub user');
  }

  getRepository(): Promise<GhRepository> {
    return this.get<GhRepository>(this.repoPath, {}, `read ${this.fullName}`);
  }

  /** Issues only: GitHub's issue list also returns pull requests, which are dropped here. */
  async listIssues(filter: { milestone?: string; assignee?: string; state?: 'open' | 'closed' | 'all' }): Promise<GhIssue[]> {
    const items = await this.list<GhIssue>(
      `${this.repoPath}/issues`,
      {
        milestone: filter.milestone,
        assignee: filter.assignee,
        state: filter.state ?? 'open',
        sort: 'updated',
        direction: 'desc',
      },
      (d) => d as GhIssue[],
      `list issues of ${this.fullName}`,
    );
    return items.filter((i) => !i.pull_request);
  }

  listMilestones(): Promise<GhMilestone[]> {
    return this.list<GhMilestone>(
      `${this.repoPath}/milestones`,
      { state: 'open', sort: 'due_on', direction: 'asc' },
      (d) => d as GhMilestone[],
      `list milestones of ${this.fullName}`,
    );
  }

  listPullRequests(state: 'open' | 'closed' | 'all' = 'open'): Promise<GhPullRequest[]> {
    return this.list<GhPullRequest>(
      `${this.repoPath}/pulls`,
      { state, sort: 'updated', direction: 'desc' },
      (d) => d as GhPullRequest[],
      `list pull requests of ${this.fullName}`,
    );
  }

  getPullRequest(number: number): Promise<GhPullRequest> {
    return this.get<GhPullRequest>(`${this.repoPath}/pulls/${number}`, {}, `read pull request #${number} of ${this.fullName}`);
  }

  /** The files a pull request changes, 100 a page, at most GitHub's cap of 3000. */
  async listPullRequestFiles(number: number): Promise<PullRequestFileList> {
    const files: GhPullRequestFile[] = [];
    const cut = await this.pages(
      `${this.repoPath}/pulls/${number}/files`,
      {},
      `list the files of pull request #${number}`,
      (data) => {
        if (Array.isArray(data)) files.push(...(data as GhPullRequestFile[]));
      },
      MAX_FILE_PAGES,
    );
    return { files, complete: !cut && files.length < GITHUB_MAX_PULL_REQUEST_FILES };
  }

  /**
   * A file's text at a commit, from the contents API on the API origin (so the credential goes
   * with it and private repositories work), asking for the raw media type rather than base64 JSON.
   */
  async fileContent(path: string, ref: string): Promise<string> {
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    const response = await this.send<string>(
      'GET',
      `${this.repoPath}/contents/${encoded}`,
      { ref },
      undefined,
      `read ${path} at ${shortRef(ref)}`,
      { responseType: 'text', conditional: false, accept: 'application/vnd.github.raw+json' },
    );
    return response.data ?? '';
  }

  listReviews(number: number): Promise<GhReview[]> {
    return this.list<GhReview>(
      `${this.repoPath}/pulls/${number}/reviews`,
      {},
      (d) => d as GhReview[],
      `list reviews of pull request #${number}`,
    );
  }

  listCheckRuns(ref: string): Promise<GhCheckRunList> {
    return this.listWrapped<GhCheckRunList, 'check_runs'>(
      `${this.repoPath}/commits/${encodeURIComponent(ref)}/check-runs`,
      { filter: 'latest' },
      'check_runs',
      `list check runs of ${shortRef(ref)}`,
    );
  }

  /** A check run's annotations, at most `maxPages` pages (a run with thousands says enough in the first hundreds). */
  async listAnnotations(checkRunId: number, maxPages = 3): Promise<GhAnnotation[]> {
    const out: GhAnnotation[] = [];
    await this.pages(
      `${this.repoPath}/check-runs/${checkRunId}/annotations`,
      {},
      `list annotations of check run ${checkRunId}`,
      (data) => {
        if (Array.isArray(data)) out.push(...(data as GhAnnotation[]));
      },
      maxPages,
    );
    return out;
  }

  getCombinedStatus(ref: string): Promise<GhCombinedStatus> {
    return this.listWrapped<GhCombinedStatus, 'statuses'>(
      `${this.repoPath}/commits/${encodeURIComponent(ref)}/status`,
      {},
      'statuses',
      `read commit statuses of ${shortRef(ref)}`,
    );
  }

  /** One page of the latest runs (newest first); the Build view needs the head of the list only. */
  async listWorkflowRuns(filter: { branch?: string; headSha?: string; perPage?: number }): Promise<GhWorkflowRunList> {
    const response = await this.send<GhWorkflowRunList>(
      'GET',
      `${this.repoPath}/actions/runs`,
      {
        branch: filter.branch,
        head_sha: filter.headSha,
        per_page: filter.perPage ?? 20,
      },
      undefined,
      `list workflow runs of ${this.fullName}`,
    );
    return { total_count: response.data?.total_count ?? 0, workflow_runs: response.data?.workflow_runs ?? [] };
  }

  listJobs(runId: number): Promise<GhJobList> {
    return this.listWrapped<GhJobList, 'jobs'>(
      `${this.repoPath}/actions/runs/${runId}/jobs`,
      { filter: 'latest' },
      'jobs',
      `list jobs of workflow run ${runId}`,
    );
  }

  /**
   * The job's log as text. GitHub answers 302 to a short-lived signed URL on another origin; the
   * HTTP client follows it and, the origin being different, sends no credential there.
   */
  async jobLog(jobId: number): Promise<string> {
    const response = await this.send<string>(
      'GET',
      `${this.repoPath}/actions/jobs/${jobId}/logs`,
      {},
      undefined,
      `download the log of job ${jobId}`,
      { responseType: 'text', conditional: false },
    );
    return response.data ?? '';
  }

  listEnvironments(): Promise<GhEnvironmentList> {
    return this.listWrapped<GhEnvironmentList, 'environments'>(
      `${this.repoPath}/environments`,
      {},
      'environments',
      `list environments of ${this.fullName}`,
    );
  }

  /** The newest deployments (newest first), one page of `perPage`. */
  async listDeployments(filter: { environment?: string; sha?: string; perPage?: number }): Promise<GhDeployment[]> {
    const response = await this.send<GhDeployment[]>(
      'GET',
      `${this.repoPath}/deployments`,
      {
        environment: filter.environment,
        sha: filter.sha,
        per_page: filter.perPage ?? 10,
      },
      undefined,
      `list deployments of ${this.fullName}`,
    );
    return response.data ?? [];
  }

  /** The newest statuses of a deployment (newest first), one page of `perPage`. */
  async listDeploymentStatuses(deploymentId: number, perPage = 10): Promise<GhDeploymentStatus[]> {
    const response = await this.send<GhDeploymentStatus[]>(
      'GET',
      `${this.repoPath}/deployments/${deploymentId}/statuses`,
      { per_page: perPage },
      undefined,
      `list statuses of deployment ${deploymentId}`,
    );
    return response.data ?? [];
  }

  /** Open pull requests in this repository that ask the signed-in user for a review (Search API). */
  async searchReviewRequested(): Promise<GhIssue[]> {
    const q = `is:pr is:open repo:${this.fullName} review-requested:@me`;
    const response = await this.send<GhSearchResult<GhIssue>>(
      'GET',
      '/search/issues',
      { q, per_page: PER_PAGE },
      undefined,
      'search pull requests awaiting my review',
    );
    return response.data?.items ?? [];
  }

  /** The open pull requests whose head is `branch` of this repository (`head=owner:branch`), one page. */
  async listPullRequestsForBranch(branch: string): Promise<GhPullRequest[]> {
    const response = await this.send<GhPullRequest[]>(
      'GET',
      `${this.repoPath}/pulls`,
      { state: 'open', head: `${this.repo.owner}:${branch}`, per_page: 10 },
      undefined,
      `list the pull requests of branch ${branch.slice(0, 100)}`,
    );
    return Array.isArray(response.data) ? response.data : [];
  }

  /** A pull request's review comments (every thread's, oldest first), 100 a page, bounded. */
  async listReviewComments(number: number, maxPages = this.maxPages): Promise<{ comments: GhReviewComment[]; complete: boolean }> {
    const comments: GhReviewComment[] = [];
    const cut = await this.pages(
      `${this.repoPath}/pulls/${number}/comments`,
      { sort: 'created', direction: 'asc' },
      `list the review comments of pull request #${number}`,
      (data) => {
        if (!Array.isArray(data)) throw badShape(`list the review comments of pull request #${number}`, 'a list');
        comments.push(...(data as GhReviewComment[]).filter((c) => typeof c === 'object' && c !== null));
      },
      maxPages,
    );
    return { comments, complete: !cut };
  }

  /**
   * The review threads of a pull request (id, resolved, outdated, first comment's REST id) from the
   * GraphQL API: GitHub's REST API has no resolved state for review comments (see reviewThreads.ts).
   */
  async listReviewThreadStates(number: number, maxPages = 5): Promise<GhReviewThreadState[]> {
    const out: GhReviewThreadState[] = [];
    let after: string | null = null;
    const what = `read the review threads of pull request #${number}`;
    for (let page = 0; page < maxPages; page++) {
      const data: ReviewThreadsData = await this.graphql<ReviewThreadsData>(
        REVIEW_THREADS_QUERY,
        { owner: this.repo.owner, name: this.repo.repo, number, after },
        what,
      );
      const threads = data?.repository?.pullRequest?.reviewThreads;
      if (!threads || !Array.isArray(threads.nodes)) {
        if (data?.repository?.pullRequest === null)
          throw new SourceError(`Could not ${what}: GitHub does not know it.`, 'notFound', 'GitHub');
        throw badShape(what, 'review threads');
      }
      for (const t of threads.nodes) {
        if (!t || typeof t.id !== 'string') continue;
        const first = t.comments?.nodes?.[0]?.databaseId;
        out.push({
          id: t.id,
          isResolved: t.isResolved === true,
          isOutdated: t.isOutdated === true,
          ...(typeof first === 'number' ? { firstCommentId: first } : {}),
        });
      }
      if (!threads.pageInfo?.hasNextPage || typeof threads.pageInfo.endCursor !== 'string') break;
      after = threads.pageInfo.endCursor;
    }
    return out;
  }

  /** Resolves or unresolves a review thread (GraphQL `resolveReviewThread` / `unresolveReviewThread`); returns the new state. */
  async setReviewThreadResolved(threadId: string, resolved: boolean): Promise<boolean> {
    const field = resolved ? 'resolveReviewThread' : 'unresolveReviewThread';
    const what = `${resolved ? 'resolve' : 'unresolve'} a review thread of ${this.fullName}`;
    const data = await this.graphql<Record<string, { thread?: { id?: string; isResolved?: boolean } | null } | null>>(
      resolved ? RESOLVE_MUTATION : UNRESOLVE_MUTATION,
      { threadId },
      what,
    );
    const state = data?.[field]?.thread?.isResolved;
    if (typeof state !== 'boolean') throw badShape(what, 'the thread');
    return state;
  }

  // ---- Actions -----------------------------------------------------------------------------

  /** Replies to a review thread (`comment_id` is the thread's first comment: replies to replies are not supported by GitHub). */
  async replyToReviewComment(number: number, commentId: number, body: string): Promise<GhReviewComment> {
    const what = `reply to a review thread of pull request #${number}`;
    const response = await this.send<GhReviewComment>(
      'POST',
      `${this.repoPath}/pulls/${number}/comments/${commentId}/replies`,
      {},
      { body },
      what,
    );
    if (typeof response.data !== 'object' || response.data === null || typeof response.data.id !== 'number')
      throw badShape(what, 'the comment');
    return response.data;
  }

  async createReview(number: number, event: 'APPROVE' | 'REQUEST_CHANGES' | 'COMMENT', body?: string): Promise<GhReview> {
    const verb = event === 'APPROVE' ? 'approve' : event === 'REQUEST_CHANGES' ? 'request changes on' : 'comment on';
    const payload: Record<string, unknown> = { event };
    if (body !== undefined && body !== '') {
      payload.body = body;
    }
    const response = await this.send<GhReview>(
      'POST',
      `${this.repoPath}/pulls/${number}/reviews`,
      {},
      payload,
      `${verb} pull request #${number}`,
    );
    return response.data;
  }

  async mergePullRequest(number: number, method: MergeMethod, expectedHeadSha?: string): Promise<GhMergeResult> {
    const payload: Record<string, unknown> = { merge_method: method };
    if (expectedHeadSha) {
      payload.sha = expectedHeadSha;
    }
    const response = await this.send<GhMergeResult>(
      'PUT',
      `${this.repoPath}/pulls/${number}/merge`,
      {},
      payload,
      `merge pull request #${number}`,
    );
    return response.data;
  }

  async rerunFailedJobs(runId: number): Promise<void> {
    await this.send(
      'POST',
      `${this.repoPath}/actions/runs/${runId}/rerun-failed-jobs`,
      {},
      undefined,
      `re-run the failed jobs of workflow run ${runId}`,
    );
  }

  async cancelWorkflowRun(runId: number): Promise<void> {
    await this.send('POST', `${this.repoPath}/actions/runs/${runId}/cancel`, {}, undefined, `cancel workflow run ${runId}`);
  }

  /**
   * Creates a deployment. GitHub answers 201 with the deployment, or 202 with only a message when
   * it merged the default branch first (no deployment yet): that case is reported as an error.
   */
  async createDeployment(input: CreateDeploymentInput): Promise<GhDeployment> {
    const payload: Record<string, unknown> = { ref: input.ref, environment: input.environment, task: input.task ?? 'deploy' };
    if (input.description !== undefined) payload.description = input.description;
    if (input.requireContexts === false) payload.required_contexts = [];
    if (input.autoMerge !== undefined) payload.auto_merge = input.autoMerge;
    if (input.productionEnvironment !== undefined) payload.production_environment = input.productionEnvironment;
    if (input.payload !== undefined) payload.payload = input.payload;
    const what = `create a deployment of ${shortRef(input.ref)} to ${input.environment}`;
    const response = await this.send<GhDeployment | { message?: string }>('POST', `${this.repoPath}/deployments`, {}, payload, what);
    const data = response.data as Partial<GhDeployment> & { message?: string };
    if (response.status !== 201 || typeof data?.id !== 'number') {
      const said = typeof data?.message === 'string' ? `: GitHub says "${data.message.slice(0, 300)}"` : '';
      throw new SourceError(`Could not ${what}: no deployment was created (${response.status})${said}. Try again.`, 'rejected', 'GitHub', {
        status: response.status,
        serviceMessage: data?.message,
      });
    }
    return data as GhDeployment;
  }

  async createDeploymentStatus(deploymentId: number, input: CreateDeploymentStatusInput): Promise<GhDeploymentStatus> {
    const payload: Record<string, unknown> = { state: input.state };
    if (input.description !== undefined) payload.description = input.description.slice(0, 140);
    if (input.logUrl !== undefined) payload.log_url = input.logUrl;
    if (input.environmentUrl !== undefined) payload.environment_url = input.environmentUrl;
    if (input.environment !== undefined) payload.environment = input.environment;
    if (input.autoInactive !== undefined) payload.auto_inactive = input.autoInactive;
    const response = await this.send<GhDeploymentStatus>(
      'POST',
      `${this.repoPath}/deployments/${deploymentId}/statuses`,
      {},
      payload,
      `set the status of deployment ${deploymentId} to ${input.state}`,
    );
    return response.data;
  }

  // ---- Plumbing ----------------------------------------------------------------------------

  /**
   * One GraphQL request (`POST /graphql` on github.com, `/api/graphql` on GHES) through the same client
   * and credential. GraphQL answers errors with 200 and an `errors` list: those become the SourceError.
   */
  private async graphql<T>(query: string, variables: Record<string, unknown>, what: string): Promise<T> {
    const response = await this.send<{ data?: T; errors?: Array<{ message?: unknown; type?: unknown }> }>(
      'POST',
      graphqlUrl(this.repo.apiBase),
      {},
      { query, variables },
      what,
    );
    const body = response.data;
    if (typeof body !== 'object' || body === null) throw badShape(what, 'a GraphQL answer');
    if (Array.isArray(body.errors) && body.errors.length > 0) {
      const first = body.errors[0];
      const message = typeof first?.message === 'string' ? first.message.slice(0, 300) : 'GraphQL error';
      const kind = first?.type === 'NOT_FOUND' ? 'notFound' : first?.type === 'FORBIDDEN' ? 'forbidden' : 'rejected';
      throw new SourceError(`Could not ${what}: GitHub says "${message}".`, kind, 'GitHub', {
        status: response.status,
        serviceMessage: message,
      });
    }
    return body.data as T;
  }

  private async get<T>(path: string, query: Query, what: string): Promise<T> {
    return (await this.send<T>('GET', path, query, undefined, what)).data;
  }

  /** Every page of a list whose body is an array. */
  private async list<T>(path: string, query: Query, items: (data: unknown) => T[], what: string): Promise<T[]> {
    const out: T[] = [];
    await this.pages(path, query, what, (data) => {
      out.push(...(items(data) ?? []));
    });
    return out;
  }

  /** Every page of a list whose body is an object holding the array under `key` (`{ total_count, jobs }`). */
  private async listWrapped<T extends object, K extends keyof T>(path: string, query: Query, key: K, what: string): Promise<T> {
    let first: T | undefined;
    const all: unknown[] = [];
    await this.pages(path, query, what, (data) => {
      const page = (data ?? {}) as T;
      first ??= page;
      const part = page[key];
      if (Array.isArray(part)) {
        all.push(...part);
      }
    });
    return { ...(first ?? ({} as T)), [key]: all } as T;
  }

  /** Reads pages until there is no next link; true when it stopped at the page bound with more left. */
  private async pages(
    path: string,
    query: Query,
    what: string,
    onPage: (data: unknown) => void,
    maxPages = this.maxPages,
  ): Promise<boolean> {
    let url: string | undefined;
    for (let page = 1; page <= maxPages; page++) {
      const response: HttpResponse<unknown> =
        url === undefined
          ? await this.send('GET', path, { ...query, per_page: PER_PAGE }, undefined, what)
          : await this.send('GET', url, {}, undefined, what);
      onPage(response.data);
      const next = linkTarget(response.headers.link, 'next');
      if (!next) {
        return false;
      }
      // A next link to another origin would carry nothing of ours (the client checks origins),
      // but it is not GitHub paging either: stop.
      if (!sameOrigin(next, this.repo.apiBase)) {
        this.logger.warn(`GitHub: ignoring a next-page link to another origin while trying to ${what}`);
        return false;
      }
      url = next;
      if (page === maxPages) {
        this.logger.info(`GitHub: stopped after ${maxPages} pages while trying to ${what}`);
      }
    }
    return true;
  }

  /** One request; `pathOrUrl` is an API path or an absolute URL (a `Link` target). */
  private async send<T>(
    method: HttpMethod,
    pathOrUrl: string,
    query: Query,
    body: unknown,
    what: string,
    extra: { responseType?: 'json' | 'text'; conditional?: boolean; accept?: string } = {},
  ): Promise<HttpResponse<T>> {
    const url = /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${this.repo.apiBase}${pathOrUrl}`;
    this.stats.requests++;
    let response: HttpResponse<T>;
    try {
      response = await this.http.request<T>({
        method,
        url,
        query,
        body,
        credential: this.credential,
        headers: {
          accept: extra.accept ?? 'application/vnd.github+json',
          'x-github-api-version': GITHUB_API_VERSION,
        },
        responseType: extra.responseType,
        conditional: extra.conditional,
        // Actions are not repeated blindly: a second merge or deployment is worse than an error.
        maxRetries: method === 'GET' ? undefined : 0,
      });
    } catch (error) {
      this.noteRateLimit((error as { rateLimit?: RateLimit }).rateLimit);
      throw toGitHubError(error, what, this.fullName);
    }
    if (response.notModified) {
      this.stats.notModified++;
    }
    this.noteRateLimit(response.rateLimit);
    const poll = Number(response.headers['x-poll-interval']);
    if (Number.isFinite(poll) && poll > 0) {
      this.pollIntervalSeconds = poll;
    }
    return response;
  }

  private noteRateLimit(rateLimit: RateLimit | undefined): void {
    if (rateLimit && (rateLimit.remaining !== undefined || rateLimit.resetAt !== undefined)) {
      this.rateLimit = rateLimit;
    }
  }
}

type Query = Record<string, string | number | boolean | undefined>;

interface ReviewThreadsData {
  repository?: {
    pullRequest?: {
      reviewThreads?: {
        pageInfo?: { hasNextPage?: boolean; endCursor?: string | null };
        nodes?: Array<{
          id?: string;
          isResolved?: boolean;
          isOutdated?: boolean;
          comments?: { nodes?: Array<{ databaseId?: number | null } | null> };
        } | null>;
      };
    } | null;
  } | null;
}

/** Checked against GitHub's published schema (@octokit/graphql-schema) by the test server. */
export const REVIEW_THREADS_QUERY = `query ReviewThreads($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved isOutdated comments(first: 1) { nodes { databaseId } } }
      }
    }
  }
}`;
export const RESOLVE_MUTATION = `mutation ResolveReviewThread($threadId: ID!) {
  resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } }
}`;
export const UNRESOLVE_MUTATION = `mutation UnresolveReviewThread($threadId: ID!) {
  unresolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } }
}`;

/** GitHub's GraphQL endpoint for a REST base: `https://api.github.com/graphql`; GHES `https://host/api/graphql` for `https://host/api/v3`. */
export function graphqlUrl(apiBase: string): string {
  const base = apiBase.replace(/\/+$/, '');
  return base.endsWith('/api/v3') ? `${base.slice(0, -'/v3'.length)}/graphql` : `${base}/graphql`;
}

function badShape(what: string, expected: string): SourceError {
  return new SourceError(`Could not ${what}: GitHub's answer is not ${expected}, as its API documents.`, 'badResponse', 'GitHub');
}

function sameOrigin(url: string, base: string): boolean {
  try {
    return new URL(url).origin === new URL(base).origin;
  } catch {
    return false;
  }
}

function shortRef(ref: string): string {
  return /^[0-9a-f]{40}$/i.test(ref) ? ref.slice(0, 7) : ref;
}
