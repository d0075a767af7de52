import * as vscode from 'vscode';
import type { GitHubRepoRef } from '../../sources/github';

/** Where a repository's token came from. */
export interface GitHubToken {
  token: string;
  via: 'token' | 'session';
  /** The signed-in account's label, for messages. */
  account?: string;
}

const SECRET_PREFIX = 'devops.github.token/';
const SCOPES = ['repo'];
/** A silent session lookup never shows UI; this only bounds a provider that does not answer. */
const SILENT_LOOKUP_MS = 5000;

/**
 * Tokens for GitHub APIs: a personal access token the user stored for an API origin
 * (`DevOps: Set GitHub Token…`, SecretStorage), else VS Code's own GitHub sign-in (`github`, or
 * `github-enterprise` for the GHES host VS Code is configured for). Lookups made on their own are
 * silent; only `interactive` (an explicit sign-in command) may show the sign-in flow.
 */
export class GitHubAuth implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** A stored token or a GitHub session changed: connections re-read their credentials. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      secrets.onDidChange((e) => {
        if (e.key.startsWith(SECRET_PREFIX)) this.changeEmitter.fire();
      }),
      vscode.authentication.onDidChangeSessions((e) => {
        if (e.provider.id === 'github' || e.provider.id === 'github-enterprise') this.changeEmitter.fire();
      }),
    );
  }

  /** The SecretStorage key of an API origin, e.g. `devops.github.token/https://api.github.com`. */
  static secretKey(apiBase: string): string {
    return `${SECRET_PREFIX}${new URL(apiBase).origin}`;
  }

  async token(repo: GitHubRepoRef, interactive = false): Promise<GitHubToken | undefined> {
    const stored = await this.secrets.get(GitHubAuth.secretKey(repo.apiBase));
    if (stored) return { token: stored, via: 'token' };
    const provider = this.providerFor(repo);
    if (!provider) return undefined;
    try {
      const lookup = vscode.authentication.getSession(provider, SCOPES, interactive ? { createIfNone: true } : { silent: true });
      const session = interactive ? await lookup : await withTimeout(lookup, SILENT_LOOKUP_MS);
      return session ? { token: session.accessToken, via: 'session', account: session.account.label } : undefined;
    } catch (err) {
      // No provider in this host (e.g. a web or remote build without GitHub sign-in), or the user cancelled.
      const message = err instanceof Error ? err.message : String(err);
      if (interactive) throw new Error(`GitHub sign-in did not complete: ${message}`);
      this.log.info(`GitHub: no ${provider} session (${message})`);
      return undefined;
    }
  }

  /** Stores (or, with an empty token, forgets) the personal access token for an API origin. */
  async setToken(apiOrigin: string, token: string | undefined): Promise<void> {
    const key = GitHubAuth.secretKey(apiOrigin);
    if (token) await this.secrets.store(key, token);
    else await this.secrets.delete(key);
  }

  async hasStoredToken(apiOrigin: string): Promise<boolean> {
    return Boolean(await this.secrets.get(GitHubAuth.secretKey(apiOrigin)));
  }

  /**
   * VS Code's provider for this repository: `github` for github.com; `github-enterprise` only for the
   * host VS Code's own `github-enterprise.uri` names (that provider serves that one host).
   */
  providerFor(repo: GitHubRepoRef): 'github' | 'github-enterprise' | undefined {
    if (!repo.enterprise) return 'github';
    const configured = vscode.workspace.getConfiguration('github-enterprise').inspect<string>('uri')?.globalValue;
    try {
      return configured && new URL(configured).origin === new URL(repo.webBase).origin ? 'github-enterprise' : undefined;
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function withTimeout<T>(promise: Thenable<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
