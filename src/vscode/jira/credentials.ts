import * as vscode from 'vscode';
import type { Credential } from '../../http/types';
import { ServiceSecrets } from '../serviceSecrets';
import { jiraCredential, type JiraSite } from '../../sources/jira';

const PREFIX = 'devops.jira.token/';

/**
 * Jira tokens in SecretStorage, one per site origin (a Cloud API token, sent with the account e-mail
 * as Basic; a Data Center personal access token, sent as Bearer), bound to that origin by
 * `jiraCredential`: a request to any other origin never carries them.
 */
export class JiraCredentials implements vscode.Disposable {
  private readonly tokens: ServiceSecrets;
  readonly onDidChange: vscode.Event<void>;

  constructor(secrets: vscode.SecretStorage) {
    this.tokens = new ServiceSecrets(secrets, PREFIX);
    this.onDidChange = this.tokens.onDidChange;
  }

  async credential(site: JiraSite): Promise<Credential | undefined> {
    const token = await this.tokens.get(site.origin);
    return token ? jiraCredential(site, token) : undefined;
  }

  set(site: JiraSite, token: string | undefined): Promise<void> {
    return this.tokens.set(site.origin, token);
  }

  dispose(): void {
    this.tokens.dispose();
  }
}
