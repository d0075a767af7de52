/**
 * What the four GitLab phase sources (Plan, Code, Build, Deploy) share: the `Source` contract with
 * the id `gitlab:<identity>#<phase>`, the injected workspace facts (HEAD's branch, the default
 * branch: never read from git or VS Code here), the signed-in user (injected, else asked of GitLab
 * once per credential through the shared `GitLabUserCache`), one API client per phase over the
 * shared HTTP client and rate-limit state, request counters per refresh, and poll hints.
 */
import { errorMessage } from '../../core/errorMessage';
import { silentLogger, type Logger } from '../../core/logger';
import type { Phase, Signal } from '../../core/signal';
import type { PollHints, Source } from '../../core/source';
import type { Credential, HttpClientLike } from '../../http/types';
import { GitLabApi } from './api';
import { GitLabUserCache } from './currentUser';
import { gitlabSourceId, type GitLabUser, type MappingContext } from './mapping';
import { GitLabRateState } from './rateState';
import type { GitLabProjectRef } from './remote';

type MaybePromise<T> = T | Promise<T>;

export interface GitLabSourceOptions {
  http: HttpClientLike;
  project: GitLabProjectRef;
  /** From `gitlabCredential`, bound to the project's API origin; absent for public projects. */
  credential?: Credential;
  logger?: Logger;
  /**
   * The token's user (for "mine", "waiting for my review") when the VS Code layer knows it from
   * sign-in; without it the sources ask GitLab (`GET /user`) through `users`.
   */
  currentUser?: () => MaybePromise<GitLabUser | undefined>;
  /** Shared by the phase sources of one project (or instance), so `GET /user` is asked once per credential. */
  users?: GitLabUserCache;
  /** HEAD's branch of the workspace repository; undefined on a detached HEAD. */
  headBranch?: () => MaybePromise<string | undefined>;
  /** The remote's default branch (`origin/HEAD`), for the Build view's second section. */
  defaultBranch?: () => MaybePromise<string | undefined>;
  /** Shared by every phase source of one GitLab instance, so a limit met by one holds back all. */
  rate?: GitLabRateState;
  /** Most pages read for one list. */
  maxPages?: number;
  now?: () => number;
}

/** What the last refresh cost and whether it brought anything new. */
export interface RefreshStats {
  requests: number;
  /** Requests answered 304 (nothing changed, served from the client's cache). */
  notModified: number;
  /** False when every request was answered 304. */
  changed: boolean;
  at: number;
}

const PHASE_NAMES: Record<Phase, string> = { plan: 'Plan', code: 'Code', build: 'Build', deploy: 'Deploy', monitor: 'Monitor' };

export abstract class GitLabPhaseSource implements Source {
  readonly id: string;
  readonly label: string;
  readonly phases: readonly Phase[];
  readonly api: GitLabApi;
  readonly project: GitLabProjectRef;
  lastRefresh?: RefreshStats;
  protected readonly logger: Logger;
  protected readonly now: () => number;
  protected readonly options: GitLabSourceOptions;
  private readonly users: GitLabUserCache;

  protected constructor(phase: Phase, options: GitLabSourceOptions) {
    this.options = options;
    this.project = options.project;
    this.id = gitlabSourceId(options.project, phase);
    this.label = `GitLab · ${options.project.path} · ${PHASE_NAMES[phase]}`;
    this.phases = [phase];
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.users = options.users ?? new GitLabUserCache(this.logger);
    this.api = new GitLabApi({
      http: options.http,
      project: options.project,
      credential: options.credential,
      logger: this.logger,
      maxPages: options.maxPages,
      rate: options.rate ?? new GitLabRateState(),
    });
  }

  async refresh(signal: AbortSignal): Promise<Signal[]> {
    this.api.takeStats();
    try {
      return await this.load(signal);
    } finally {
      const stats = this.api.takeStats();
      this.lastRefresh = { ...stats, changed: stats.requests === 0 || stats.notModified < stats.requests, at: this.now() };
    }
  }

  pollHints(): PollHints {
    const hints: PollHints = {};
    if (this.isActive()) {
      hints.active = true;
    }
    const notBefore = this.api.rate.notBefore(this.now());
    if (notBefore !== undefined) {
      hints.notBefore = notBefore;
    }
    return hints;
  }

  /** This phase's signals, as one complete set. */
  protected abstract load(signal: AbortSignal): Promise<Signal[]>;

  /** Something of this phase is under way on GitLab (a pipeline of HEAD's branch): poll fast. */
  protected isActive(): boolean {
    return false;
  }

  /** The signed-in user; undefined (no "mine" sections) when nobody is signed in or GitLab cannot tell. */
  protected async me(signal?: AbortSignal): Promise<GitLabUser | undefined> {
    let user: GitLabUser | undefined;
    if (this.options.currentUser) {
      user = await this.ask('the signed-in user', this.options.currentUser);
    } else if (this.options.credential) {
      user = await this.users.user(this.api, this.options.credential, signal);
    }
    // Else an anonymous read of a public project: there is no user, and asking would only earn a 401.
    return user && typeof user.username === 'string' && user.username ? user : undefined;
  }

  protected headBranch(): Promise<string | undefined> {
    return this.ask("HEAD's branch", this.options.headBranch);
  }

  protected defaultBranch(): Promise<string | undefined> {
    return this.ask('the default branch', this.options.defaultBranch);
  }

  protected ctx(me: GitLabUser | undefined): MappingContext {
    return { sourceId: this.id, project: this.project, ...(me ? { me } : {}) };
  }

  /** An injected fact; a failing provider is logged and read as unknown, never a failed refresh. */
  private async ask<T>(what: string, provider: (() => MaybePromise<T | undefined>) | undefined): Promise<T | undefined> {
    if (!provider) {
      return undefined;
    }
    try {
      return await provider();
    } catch (error) {
      this.logger.warn(`GitLab: could not tell ${what} for ${this.project.path}: ${errorMessage(error)}`);
      return undefined;
    }
  }
}
