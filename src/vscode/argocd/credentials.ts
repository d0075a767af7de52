import * as vscode from 'vscode';
import { bearerCredential } from '../../http/credentials';
import type { Credential } from '../../http/types';

const PREFIX = 'devops.argocd.token/';

/**
 * Argo CD API tokens (an account's or a project role's) in SecretStorage, one per origin, sent as
 * `Authorization: Bearer` by a credential bound to that origin: a request anywhere else never carries it.
 */
export class ArgoCdCredentials implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(PREFIX)) this.changeEmitter.fire();
    });
  }

  async credential(origin: string): Promise<Credential | undefined> {
    const token = await this.secrets.get(PREFIX + origin);
    return token ? bearerCredential(origin, token) : undefined;
  }

  async set(origin: string, token: string | undefined): Promise<void> {
    if (token) await this.secrets.store(PREFIX + origin, token);
    else await this.secrets.delete(PREFIX + origin);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
