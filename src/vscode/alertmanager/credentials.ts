import type * as vscode from 'vscode';
import type { Credential } from '../../http/types';
import { alertmanagerCredential, resolveEndpoint } from '../../sources/alertmanager';

export type AlertmanagerAuth = { bearerToken: string } | { username: string; password: string };

// The key users' stored credentials already have (from before the service split).
const PREFIX = 'devops.monitor.alertmanager/';

/**
 * Alertmanager (or Grafana) credentials in SecretStorage, keyed by the server's origin, and bound
 * to that origin by the credential builder: a request to any other origin never carries them.
 */
export class AlertmanagerCredentials {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** Fires when a stored credential changes (another window included). */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key.startsWith(PREFIX)) listener();
    });
  }

  async get(url: string): Promise<Credential | undefined> {
    const auth = parseAuth(await this.secrets.get(key(url)));
    return auth && alertmanagerCredential(url, auth);
  }

  async set(url: string, auth: AlertmanagerAuth | undefined): Promise<void> {
    if (auth) await this.secrets.store(key(url), JSON.stringify(auth));
    else await this.secrets.delete(key(url));
  }
}

function key(url: string): string {
  return `${PREFIX}${resolveEndpoint(url).origin}`;
}

function parseAuth(raw: string | undefined): AlertmanagerAuth | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    if (typeof value.bearerToken === 'string' && value.bearerToken) return { bearerToken: value.bearerToken };
    if (typeof value.username === 'string' && typeof value.password === 'string')
      return { username: value.username, password: value.password };
  } catch {
    // A damaged entry counts as none; setting the credentials again replaces it.
  }
  return undefined;
}
