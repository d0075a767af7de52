import type * as vscode from 'vscode';
import type { Credential } from '../../http/types';
import { sentryApiRoot, sentryCredential } from '../../sources/sentry';

// The key users' stored tokens already have (from before the service split).
const PREFIX = 'devops.monitor.sentry/';

/** The Sentry auth token in SecretStorage, keyed by the server's origin and sent only there. */
export class SentryCredentials {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key.startsWith(PREFIX)) listener();
    });
  }

  async get(baseUrl: string): Promise<Credential | undefined> {
    const token = await this.secrets.get(key(baseUrl));
    return token ? sentryCredential(baseUrl, token) : undefined;
  }

  async set(baseUrl: string, token: string | undefined): Promise<void> {
    if (token) await this.secrets.store(key(baseUrl), token);
    else await this.secrets.delete(key(baseUrl));
  }
}

function key(baseUrl: string): string {
  return `${PREFIX}${sentryApiRoot(baseUrl).origin}`;
}
