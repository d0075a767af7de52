import * as vscode from 'vscode';

const PREFIX = 'devops.jenkins.token/';

/**
 * Jenkins API tokens in SecretStorage, one per instance origin; sent only there, as the password of
 * Basic `user:token` (the http layer's origin-bound credential).
 */
export class JenkinsCredentials implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(PREFIX)) this.changeEmitter.fire();
    });
  }

  async token(origin: string): Promise<string | undefined> {
    return (await this.secrets.get(`${PREFIX}${origin}`)) || undefined;
  }

  async set(origin: string, token: string | undefined): Promise<void> {
    if (token) await this.secrets.store(`${PREFIX}${origin}`, token);
    else await this.secrets.delete(`${PREFIX}${origin}`);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
