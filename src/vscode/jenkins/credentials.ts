import * as vscode from 'vscode';
import { ServiceSecrets } from '../serviceSecrets';

const PREFIX = 'devops.jenkins.token/';

/**
 * Jenkins API tokens in SecretStorage, one per instance origin; sent only there, as the password of
 * Basic `user:token` (the http layer's origin-bound credential).
 */
export class JenkinsCredentials implements vscode.Disposable {
  private readonly tokens: ServiceSecrets;
  readonly onDidChange: vscode.Event<void>;

  constructor(secrets: vscode.SecretStorage) {
    this.tokens = new ServiceSecrets(secrets, PREFIX);
    this.onDidChange = this.tokens.onDidChange;
  }

  token(origin: string): Promise<string | undefined> {
    return this.tokens.get(origin);
  }

  set(origin: string, token: string | undefined): Promise<void> {
    return this.tokens.set(origin, token);
  }

  dispose(): void {
    this.tokens.dispose();
  }
}
