import * as vscode from 'vscode';
import type { Credential } from '../../http/types';
import { gitlabCredential, type GitLabProjectRef, type GitLabTokenKind } from '../../sources/gitlab';

const PREFIX = 'devops.gitlab.token/';

interface StoredToken {
  token: string;
  kind: GitLabTokenKind;
}

/**
 * GitLab tokens in SecretStorage, one per API origin (a personal, group or project access token sent
 * as `PRIVATE-TOKEN`, or an OAuth token sent as `Authorization: Bearer`), bound to that origin by
 * `gitlabCredential`: a request to any other origin never carries them.
 */
export class GitLabCredentials implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(PREFIX)) this.changeEmitter.fire();
    });
  }

  async credential(project: GitLabProjectRef): Promise<Credential | undefined> {
    const stored = parse(await this.secrets.get(key(project.apiBase)));
    return stored && gitlabCredential(project, stored.token, stored.kind);
  }

  async set(apiBase: string, token: string | undefined, kind: GitLabTokenKind = 'accessToken'): Promise<void> {
    if (token) await this.secrets.store(key(apiBase), JSON.stringify({ token, kind } satisfies StoredToken));
    else await this.secrets.delete(key(apiBase));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}

function key(apiBase: string): string {
  return `${PREFIX}${new URL(apiBase).origin}`;
}

function parse(raw: string | undefined): StoredToken | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<StoredToken>;
    if (typeof value.token === 'string' && value.token)
      return { token: value.token, kind: value.kind === 'oauth' ? 'oauth' : 'accessToken' };
  } catch {
    // A damaged entry counts as none; storing the token again replaces it.
  }
  return undefined;
}
