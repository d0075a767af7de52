import type * as vscode from 'vscode';
import type { Credential, HttpClientLike } from '../../http/types';
import { JenkinsBuildSource } from '../../sources/jenkins';
import type { WorkspaceRepository } from '../git/gitWorkspace';
import type { JenkinsInstance } from './settings';

/** One Jenkins instance for one workspace repository: its credential, HEAD's branch and its Build source. */
export class JenkinsConnection {
  source: JenkinsBuildSource;
  branch: string | undefined;
  defaultBranch: string | undefined;
  private credential: Credential | undefined;

  constructor(
    readonly instance: JenkinsInstance,
    readonly workspace: WorkspaceRepository,
    private readonly identities: () => string[],
    private readonly http: HttpClientLike,
    private readonly log: vscode.LogOutputChannel,
    private readonly paths: { resolve: (path: string, identities: string[]) => string | undefined; ready: () => Promise<void> },
  ) {
    this.source = this.makeSource();
  }

  get repo(): string {
    return this.workspace.identities.primary;
  }

  get hasToken(): boolean {
    return this.credential !== undefined;
  }

  /** Replaces the credential (new source, nothing of the old token kept); true when it changed. */
  setCredential(credential: Credential | undefined): boolean {
    if (credential?.value === this.credential?.value) return false;
    this.credential = credential;
    this.source = this.makeSource();
    return true;
  }

  async readBranches(): Promise<void> {
    this.branch = await this.workspace.repo.currentBranch();
    this.defaultBranch = (await this.workspace.repo.remoteDefaultBranch('origin').catch(() => undefined)) ?? this.defaultBranch;
  }

  private makeSource(): JenkinsBuildSource {
    return new JenkinsBuildSource({
      http: this.http,
      base: this.instance.base,
      credential: this.credential,
      repo: this.repo,
      identities: this.identities,
      jobs: this.instance.jobs,
      logger: this.log,
      headBranch: async () => (this.branch = await this.workspace.repo.currentBranch()),
      defaultBranch: () => this.defaultBranch,
      resolvePath: (path) => this.paths.resolve(path, this.identities()),
      beforeMapping: () => this.paths.ready(),
    });
  }
}
