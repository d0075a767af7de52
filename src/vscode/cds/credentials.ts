import * as vscode from 'vscode';
import { ServiceSecrets } from '../serviceSecrets';

const PREFIX = 'devops.cds.token/';

/**
 * CDS sign-in tokens (a builtin consumer's) in SecretStorage, one per API origin; posted only there, to sign in
 * for a session token (sources/cds/api).
 */
export class CdsCredentials implements vscode.Disposable {
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
