import * as vscode from 'vscode';
import { bearerCredential } from '../../http/credentials';
import type { Credential } from '../../http/types';
import { ServiceSecrets } from '../serviceSecrets';

const PREFIX = 'devops.argocd.token/';

/**
 * Argo CD API tokens (an account's or a project role's) in SecretStorage, one per origin, sent as
 * `Authorization: Bearer` by a credential bound to that origin: a request anywhere else never carries it.
 */
export class ArgoCdCredentials implements vscode.Disposable {
  private readonly tokens: ServiceSecrets;
  readonly onDidChange: vscode.Event<void>;

  constructor(secrets: vscode.SecretStorage) {
    this.tokens = new ServiceSecrets(secrets, PREFIX);
    this.onDidChange = this.tokens.onDidChange;
  }

  async credential(origin: string): Promise<Credential | undefined> {
    const token = await this.tokens.get(origin);
    return token ? bearerCredential(origin, token) : undefined;
  }

  set(origin: string, token: string | undefined): Promise<void> {
    return this.tokens.set(origin, token);
  }

  dispose(): void {
    this.tokens.dispose();
  }
}
