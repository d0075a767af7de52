import * as vscode from 'vscode';
import type { Credential } from '../../http/types';
import { tatCredential, type TatInstance } from '../../sources/tat';

const PREFIX = 'devops.tat.password/';

/**
 * Tat passwords (or tokens) in SecretStorage, one per instance origin and user, bound to that origin
 * by `tatCredential`: sent as `Tat_password` next to `Tat_username`, only to that origin.
 */
export class TatCredentials implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(PREFIX)) this.changeEmitter.fire();
    });
  }

  async credential(instance: TatInstance): Promise<Credential | undefined> {
    const password = await this.secrets.get(key(instance));
    return password ? tatCredential(instance, password) : undefined;
  }

  async set(instance: TatInstance, password: string | undefined): Promise<void> {
    if (password) await this.secrets.store(key(instance), password);
    else await this.secrets.delete(key(instance));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}

function key(instance: Pick<TatInstance, 'origin' | 'username'>): string {
  return `${PREFIX}${instance.origin}/${encodeURIComponent(instance.username)}`;
}
