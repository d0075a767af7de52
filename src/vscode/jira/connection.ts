import type * as vscode from 'vscode';
import type { SourceError } from '../../core/sourceError';
import type { Credential, HttpClientLike } from '../../http/types';
import { JiraReferenceResolver, JiraSprintSource, type JiraSite } from '../../sources/jira';

/** One Jira site of the settings, its token, its sprint source and its release-note resolver. */
export class JiraConnection {
  source: JiraSprintSource;
  references: JiraReferenceResolver;
  private credential: Credential | undefined;

  constructor(
    readonly site: JiraSite,
    private readonly http: HttpClientLike,
    private readonly log: vscode.LogOutputChannel,
    private readonly projectKeys: () => Promise<readonly string[]>,
    private readonly onFailure: (error: SourceError) => void,
  ) {
    this.source = this.make();
    this.references = new JiraReferenceResolver(this.source.api);
  }

  get hasToken(): boolean {
    return this.credential !== undefined;
  }

  get api() {
    return this.source.api;
  }

  /** Replaces the credential; the new source keeps nothing of the old token. True when it changed. */
  setCredential(credential: Credential | undefined): boolean {
    if (credential?.value === this.credential?.value) return false;
    this.credential = credential;
    this.source = this.make();
    this.references = new JiraReferenceResolver(this.source.api);
    return true;
  }

  private make(): JiraSprintSource {
    return new JiraSprintSource({
      http: this.http,
      site: this.site,
      credential: this.credential,
      logger: this.log,
      projectKeys: this.projectKeys,
      onFailure: this.onFailure,
    });
  }
}
