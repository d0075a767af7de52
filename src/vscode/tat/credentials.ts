import * as vscode from 'vscode';
import type { Credential } from '../../http/types';
import { ServiceSecrets } from '../serviceSecrets';
import { tatCredential, type TatInstance } from '../../sources/tat';

const PREFIX = 'devops.tat.password/';

/**
 * Tat passwords (or tokens) in SecretStorage, one per instance origin and user, bound to that origin
 * by `tatCredential`: sent as `Tat_password` next to `Tat_username`, only to that origin.
 */
export class TatCredentials implements vscode.Disposable {
  private readonly passwords: ServiceSecrets;
  readonly onDidChange: vscode.Event<void>;

  constructor(secrets: vscode.SecretStorage) {
    this.passwords = new ServiceSecrets(secrets, PREFIX);
    this.onDidChange = this.passwords.onDidChange;
  }

  async credential(instance: TatInstance): Promise<Credential | undefined> {
    const password = await this.passwords.get(key(instance));
    return password ? tatCredential(instance, password) : undefined;
  }

  set(instance: TatInstance, password: string | undefined): Promise<void> {
    return this.passwords.set(key(instance), password);
  }

  dispose(): void {
    this.passwords.dispose();
  }
}

function key(instance: Pick<TatInstance, 'origin' | 'username'>): string {
  return `${instance.origin}/${encodeURIComponent(instance.username)}`;
}
