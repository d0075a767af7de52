/**
 * The signed-in user as GitLab answers `GET /user`, asked once per credential and shared by the four
 * phase sources of a project (created with them in `createGitLabSources`, like the rate state): a
 * token's owner does not change while the token is the same, so one answer serves every refresh of
 * every phase, and phases refreshing at the same time wait for the same request.
 *
 * Not knowing the user never fails a refresh: the "mine" sections stay empty and a warning says why
 * (once per failed request, not once per phase). A rejected (401) or insufficient (403) credential
 * will not get better by asking again, so that answer is kept for the credential too; other failures
 * (offline, 5xx, throttled, a malformed answer) are asked again at the next refresh.
 */
import { silentLogger, type Logger } from '../../core/logger';
import { SourceError } from '../../core/sourceError';
import type { Credential } from '../../http/types';
import type { GitLabApi } from './api';
import { mapCurrentUser, type GitLabUser } from './mapping';
import { gitlabError, SERVICE } from './serviceMessage';

type Known = { user: GitLabUser } | { error: SourceError };

interface Pending {
  promise: Promise<GitLabUser | undefined>;
  controller: AbortController;
  /** Callers whose own refresh is still running; the request is cancelled when none is left. */
  waiting: number;
}

export class GitLabUserCache {
  // Keyed by the credential object (one per token), so no copy of a secret is kept here.
  private readonly known = new WeakMap<Credential, Known>();
  private readonly pending = new WeakMap<Credential, Pending>();
  private readonly logger: Logger;

  constructor(logger: Logger = silentLogger) {
    this.logger = logger;
  }

  /**
   * The user of `credential`: the kept answer, the request under way, or a new `GET /user` through
   * `api`. Undefined when GitLab could not tell (logged), or when `signal` aborts first.
   */
  async user(api: GitLabApi, credential: Credential, signal?: AbortSignal): Promise<GitLabUser | undefined> {
    const known = this.known.get(credential);
    if (known) {
      return 'user' in known ? known.user : undefined;
    }
    if (signal?.aborted) {
      return undefined;
    }
    let pending = this.pending.get(credential);
    if (!pending) {
      pending = this.ask(api, credential);
    }
    return this.wait(pending, credential, signal);
  }

  /** Why the user of `credential` is not known, when GitLab refused to tell (401/403). */
  failure(credential: Credential): SourceError | undefined {
    const known = this.known.get(credential);
    return known && 'error' in known ? known.error : undefined;
  }

  private ask(api: GitLabApi, credential: Credential): Pending {
    // The request has its own signal: it serves every waiting phase, so one phase's refresh being
    // cancelled must not cancel it for the others (see `wait`).
    const controller = new AbortController();
    const pending: Pending = { controller, waiting: 0, promise: Promise.resolve(undefined) };
    pending.promise = this.read(api, credential, controller.signal).finally(() => {
      if (this.pending.get(credential) === pending) this.pending.delete(credential);
    });
    this.pending.set(credential, pending);
    return pending;
  }

  private async read(api: GitLabApi, credential: Credential, signal: AbortSignal): Promise<GitLabUser | undefined> {
    const instance = new URL(api.project.apiBase).host;
    try {
      const user = mapCurrentUser(await api.getCurrentUser(signal));
      if (!user) {
        throw new SourceError(
          `Could not read the signed-in user of ${instance}: GitLab's answer names no user, as its API documents.`,
          'badResponse',
          SERVICE,
        );
      }
      this.known.set(credential, { user });
      return user;
    } catch (error) {
      const failure = gitlabError(error, `read the signed-in user of ${instance}`, `the signed-in user of ${instance}`);
      if (failure.kind === 'cancelled') {
        // Every waiting refresh was cancelled: nobody is left to tell.
        return undefined;
      }
      if (failure.kind === 'auth' || failure.kind === 'forbidden') {
        this.known.set(credential, { error: failure });
      }
      this.logger.warn(`GitLab: "mine" is unknown for ${api.project.path}, so its sections stay empty: ${failure.message}`);
      return undefined;
    }
  }

  /** The shared answer for one caller; its own abort stops its wait, and the request once no one waits. */
  private wait(pending: Pending, credential: Credential, signal: AbortSignal | undefined): Promise<GitLabUser | undefined> {
    pending.waiting++;
    if (!signal) {
      // An action outside a refresh: it waits to the end, so the request is never cancelled for it.
      return pending.promise;
    }
    return new Promise((resolve) => {
      const onAbort = (): void => {
        pending.waiting--;
        if (pending.waiting === 0) {
          // A later caller starts afresh rather than joining a request being cancelled.
          if (this.pending.get(credential) === pending) this.pending.delete(credential);
          pending.controller.abort();
        }
        resolve(undefined);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      void pending.promise.then((user) => {
        signal.removeEventListener('abort', onAbort);
        resolve(user);
      });
    });
  }
}
