import type * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { HttpClientLike } from '../../http/types';
import {
  GITHUB_PHASES,
  GitHubPhaseSource,
  GitHubReviewSource,
  GitHubSource,
  githubCredential,
  githubIdentity,
  githubSourceId,
  type BuildResult,
  type GitHubPhase,
  type GitHubRepoRef,
  type GitHubRepositoryState,
  type RateGate,
} from '../../sources/github';
import type { WorkspaceRepository } from '../git/gitWorkspace';
import type { GitHubToken } from './auth';

/** A GitHub repository named by a remote of a workspace repository, its token, and its four phase sources. */
export class GitHubConnection implements GitHubRepositoryState, vscode.Disposable {
  readonly key: string;
  readonly fullName: string;
  /** Its canonical identity (`anchors.repo` of its signals). */
  readonly identity: string;
  source: GitHubSource;
  token: GitHubToken | undefined;
  readonly sources: Record<GitHubPhase, GitHubPhaseSource>;
  /** The review threads of HEAD's branch's pull request (polled when `devops.reviewThreads.enabled`). */
  readonly reviews: GitHubReviewSource;
  /** HEAD's branch in the workspace repository, as last read. */
  branch: string | undefined;
  lastBuild: BuildResult | undefined;

  constructor(
    readonly ref: GitHubRepoRef,
    readonly workspace: WorkspaceRepository,
    /** The git remote that named it (fetches for pull request checkouts use it). */
    readonly remoteName: string,
    readonly gate: RateGate,
    private readonly makeSource: (ref: GitHubRepoRef, token: GitHubToken | undefined) => GitHubSource,
    logger?: Logger,
  ) {
    this.key = githubSourceId(ref);
    this.fullName = `${ref.owner}/${ref.repo}`;
    this.identity = githubIdentity(ref);
    this.source = makeSource(ref, undefined);
    this.sources = Object.fromEntries(GITHUB_PHASES.map((p) => [p, new GitHubPhaseSource(this, p)])) as Record<
      GitHubPhase,
      GitHubPhaseSource
    >;
    this.reviews = new GitHubReviewSource(this, { logger });
  }

  get signedIn(): boolean {
    return this.token !== undefined;
  }

  /** Replaces the credential (a new source keeps nothing of the old token). */
  setToken(token: GitHubToken | undefined): boolean {
    if (token?.token === this.token?.token) return false;
    this.token = token;
    this.source = this.makeSource(this.ref, token);
    return true;
  }

  async readBranch(): Promise<string | undefined> {
    this.branch = await this.workspace.repo.currentBranch();
    return this.branch;
  }

  dispose(): void {
    for (const s of Object.values(this.sources)) s.dispose();
  }
}

/** The source factory the service uses: the shared HTTP client, the token bound to the API origin. */
export function sourceFactory(http: HttpClientLike, log: vscode.LogOutputChannel, sprint: (ref: GitHubRepoRef) => string | undefined) {
  return (ref: GitHubRepoRef, token: GitHubToken | undefined): GitHubSource =>
    new GitHubSource({
      http,
      repo: ref,
      credential: token ? githubCredential(ref, token.token) : undefined,
      logger: log,
      sprintMilestone: sprint(ref),
    });
}
