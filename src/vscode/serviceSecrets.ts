import * as vscode from 'vscode';

/**
 * One kind of secret of one service in VS Code's SecretStorage, each under `<prefix><key>` (the key is the origin it
 * is bound to, and the account where a service has several): read, stored, removed, and an event when one of them
 * changes (in this window or another). Each service's credentials class builds its origin-bound `Credential` from it.
 */
export class ServiceSecrets implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    /** e.g. `devops.jira.token/`. */
    private readonly prefix: string,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(prefix)) this.changeEmitter.fire();
    });
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.secrets.get(this.prefix + key)) || undefined;
  }

  /** Stores the value, or removes the secret when it is empty. */
  async set(key: string, value: string | undefined): Promise<void> {
    if (value) await this.secrets.store(this.prefix + key, value);
    else await this.secrets.delete(this.prefix + key);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
