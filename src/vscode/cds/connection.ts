import type * as vscode from 'vscode';
import type { HttpClientLike } from '../../http/types';
import { CdsBuildSource } from '../../sources/cds';
import type { WorkspaceRepository } from '../git/gitWorkspace';
import type { CdsInstance } from './settings';

export interface CdsTokens {
  signin?: string;
  session?: string;
  /** Where they come from, for the log: SecretStorage or cdsctl's file. */
  from: string;
}

/** One CDS API for one workspace repository: its tokens, HEAD's branch and its Build source. */
export class CdsConnection {
  source: CdsBuildSource;
  branch: string | undefined;
  defaultBranch: string | undefined;
  private tokens: CdsTokens | undefined;

  constructor(
    readonly instance: CdsInstance,
    readonly workspace: WorkspaceRepository,
    private readonly identities: () => string[],
    private readonly http: HttpClientLike,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.source = this.makeSource();
  }

  get repo(): string {
    return this.workspace.identities.primary;
  }

  get hasToken(): boolean {
    return Boolean(this.tokens?.signin || this.tokens?.session);
  }

  get tokenFrom(): string | undefined {
    return this.tokens?.from;
  }

  /** Replaces the tokens (a new source: nothing of the old session kept); true when they changed. */
  setTokens(tokens: CdsTokens | undefined): boolean {
    if (tokens?.signin === this.tokens?.signin && tokens?.session === this.tokens?.session) return false;
    this.tokens = tokens;
    this.source = this.makeSource();
    return true;
  }

  async readBranches(): Promise<void> {
    this.branch = await this.workspace.repo.currentBranch();
    this.defaultBranch = (await this.workspace.repo.remoteDefaultBranch('origin').catch(() => undefined)) ?? this.defaultBranch;
  }

  private makeSource(): CdsBuildSource {
    return new CdsBuildSource({
      http: this.http,
      base: this.instance.base,
      ...(this.tokens?.signin ? { signinToken: this.tokens.signin } : {}),
      ...(this.tokens?.session ? { sessionToken: this.tokens.session } : {}),
      repo: this.repo,
      identities: this.identities,
      projects: this.instance.projects,
      workflows: this.instance.workflows,
      logger: this.log,
      headBranch: async () => (this.branch = await this.workspace.repo.currentBranch()),
      defaultBranch: () => this.defaultBranch,
    });
  }
}
