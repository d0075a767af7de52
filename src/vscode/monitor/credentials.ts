import * as vscode from 'vscode';
import type { Credential } from '../../http/types';
import { alertmanagerCredential, resolveEndpoint } from '../../sources/alertmanager/api';
import { sentryApiRoot, sentryCredential } from '../../sources/sentry/api';

type AlertmanagerAuth = { bearerToken: string } | { username: string; password: string };

/**
 * Monitor credentials in SecretStorage, keyed by service and server origin (DESIGN.md, "Security
 * baseline"), and bound to that origin by the sources' credential builders: a request to any other
 * origin never carries them.
 */
export class MonitorCredentials {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** Fires when a stored credential changes (another window included). */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key.startsWith('devops.monitor.')) listener();
    });
  }

  async alertmanager(url: string): Promise<Credential | undefined> {
    const raw = await this.secrets.get(alertmanagerKey(url));
    const auth = parseAuth(raw);
    return auth && alertmanagerCredential(url, auth);
  }

  async setAlertmanager(url: string, auth: AlertmanagerAuth | undefined): Promise<void> {
    if (auth) await this.secrets.store(alertmanagerKey(url), JSON.stringify(auth));
    else await this.secrets.delete(alertmanagerKey(url));
  }

  async sentry(baseUrl: string): Promise<Credential | undefined> {
    const token = await this.secrets.get(sentryKey(baseUrl));
    return token ? sentryCredential(baseUrl, token) : undefined;
  }

  async setSentry(baseUrl: string, token: string | undefined): Promise<void> {
    if (token) await this.secrets.store(sentryKey(baseUrl), token);
    else await this.secrets.delete(sentryKey(baseUrl));
  }
}

function alertmanagerKey(url: string): string {
  return `devops.monitor.alertmanager/${resolveEndpoint(url).origin}`;
}

function sentryKey(baseUrl: string): string {
  return `devops.monitor.sentry/${sentryApiRoot(baseUrl).origin}`;
}

function parseAuth(raw: string | undefined): AlertmanagerAuth | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    if (typeof value.bearerToken === 'string' && value.bearerToken) return { bearerToken: value.bearerToken };
    if (typeof value.username === 'string' && typeof value.password === 'string') return { username: value.username, password: value.password };
  } catch {
    // A damaged entry counts as none; setting the credentials again replaces it.
  }
  return undefined;
}
