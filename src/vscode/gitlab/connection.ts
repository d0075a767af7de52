import type * as vscode from 'vscode';
import { branchNameFromTemplate, workTypeFromLabels } from '../../core/branchName';
import type { Credential, HttpClientLike } from '../../http/types';
import {
  createGitLabSources,
  GitLabRateState,
  GitLabReviewSource,
  GitLabReferenceResolver,
  type GitLabProjectRef,
  type GitLabSources,
  type StartWorkLabels,
} from '../../sources/gitlab';
import type { WorkspaceRepository } from '../git/gitWorkspace';
import { branchTemplate, startWorkLabels } from './settings';

/** A GitLab project named by a remote of a workspace repository, its token, and its four phase sources. */
export class GitLabConnection {
  sources: GitLabSources;
  /** The review threads of HEAD's branch's merge request (polled when `devops.reviewThreads.enabled`). */
  reviews: GitLabReviewSource;
  /** Titles of `!123` / `#45` for release notes, cached across calls (made again with the sources). */
  references: GitLabReferenceResolver;
  /** HEAD's branch in the workspace repository, as last read. */
  branch: string | undefined;
  defaultBranch: string | undefined;
  private credential: Credential | undefined;

  constructor(
    readonly project: GitLabProjectRef,
    readonly workspace: WorkspaceRepository,
    /** The git remote that named it (merge request checkouts fetch from it). */
    readonly remoteName: string,
    /** Shared by every project of one GitLab origin: GitLab counts requests per user. */
    private readonly rate: GitLabRateState,
    private readonly http: HttpClientLike,
    private readonly log: vscode.LogOutputChannel,
    private readonly scope: vscode.Uri,
  ) {
    this.sources = this.makeSources();
    this.reviews = this.makeReviews();
    this.references = new GitLabReferenceResolver(this.sources.code.api);
  }

  get identity(): string {
    return this.project.identity;
  }

  get hasToken(): boolean {
    return this.credential !== undefined;
  }

  /** Replaces the credential; new sources keep nothing of the old token. True when it changed. */
  setCredential(credential: Credential | undefined): boolean {
    if (credential?.value === this.credential?.value) return false;
    this.credential = credential;
    this.sources = this.makeSources();
    this.reviews = this.makeReviews();
    this.references = new GitLabReferenceResolver(this.sources.code.api);
    return true;
  }

  /** What Start Work does to an issue's labels, as the settings say now. */
  startWorkLabels(): StartWorkLabels {
    return startWorkLabels(this.scope);
  }

  async readBranches(): Promise<void> {
    this.branch = await this.workspace.repo.currentBranch();
    this.defaultBranch = (await this.workspace.repo.remoteDefaultBranch(this.remoteName).catch(() => undefined)) ?? this.defaultBranch;
  }

  private makeReviews(): GitLabReviewSource {
    return new GitLabReviewSource(this.sourceOptions());
  }

  /** What every GitLab source of this connection shares: the client, the project, the credential, the rate state, HEAD's branch. */
  private sourceOptions() {
    return {
      http: this.http,
      project: this.project,
      credential: this.credential,
      logger: this.log,
      rate: this.rate,
      headBranch: async () => (this.branch = await this.workspace.repo.currentBranch()),
    };
  }

  private makeSources(): GitLabSources {
    return createGitLabSources({
      ...this.sourceOptions(),
      defaultBranch: () => this.defaultBranch,
      branchName: (input) =>
        branchNameFromTemplate(branchTemplate(this.scope), {
          number: input.number,
          title: input.title,
          type: workTypeFromLabels(input.labels),
          user: input.user,
        }),
    });
  }
}
