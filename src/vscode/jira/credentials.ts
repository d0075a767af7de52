import * as vscode from 'vscode';
import type { Credential } from '../../http/types';
import { jiraCredential, type JiraSite } from '../../sources/jira';

const PREFIX = 'devops.jira.token/';

/**
 * Jira tokens in SecretStorage, one per site origin (a Cloud API token, sent with the account e-mail
 * as Basic; a Data Center personal access token, sent as Bearer), bound to that origin by
 * `jiraCredential`: a request to any other origin never carries them.
 */
export class JiraCredentials implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(PREFIX)) this.changeEmitter.fire();
    });
  }

  async credential(site: JiraSite): Promise<Credential | undefined> {
    const token = await this.secrets.get(PREFIX + site.origin);
    return token ? jiraCredential(site, token) : undefined;
  }

  async set(site: JiraSite, token: string | undefined): Promise<void> {
    if (token) await this.secrets.store(PREFIX + site.origin, token);
    else await this.secrets.delete(PREFIX + site.origin);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
