/**
 * Thin typed calls to Argo CD's REST API (grpc-gateway over its gRPC services): only the operations
 * its Swagger description documents and the source uses (test/fixtures/argocd/swagger-extract.json),
 * over the one HTTP client with an origin-bound `Authorization: Bearer` credential. Every failure is
 * the one `SourceError`, with Argo CD's own message (`runtimeError.message`) when it sent one; an
 * answer that is not the documented shape is a `badResponse` SourceError.
 */
import { SourceError } from '../../core/sourceError';
import { toSourceError } from '../../http/toSourceError';
import type { Credential, HttpClientLike, HttpMethod } from '../../http/types';
import type { ArgoCdInstance } from './instance';
import type { ArgoApplication, ArgoApplicationList, ArgoRevisionMetadata } from './types';

export const SERVICE = 'Argo CD';

export interface ArgoCdApiOptions {
  http: HttpClientLike;
  instance: ArgoCdInstance;
  credential?: Credential;
}

/** An application's name and, when it lives outside Argo CD's own namespace, its namespace. */
export interface AppRef {
  name: string;
  namespace?: string;
}

export interface SyncOptions {
  prune?: boolean;
  dryRun?: boolean;
  revision?: string;
}

export class ArgoCdApi {
  readonly instance: ArgoCdInstance;
  /** Requests sent since the last `takeCount()`. */
  private count = 0;

  constructor(private readonly options: ArgoCdApiOptions) {
    this.instance = options.instance;
  }

  takeCount(): number {
    const n = this.count;
    this.count = 0;
    return n;
  }

  /** `GET /api/v1/applications` (ApplicationService_List); `repo` restricts to one source repoURL as Argo CD spells it. */
  async listApplications(filter: { repo?: string } = {}, signal?: AbortSignal): Promise<ArgoApplication[]> {
    const data = await this.send<ArgoApplicationList>('GET', '/api/v1/applications', 'list the applications', {
      query: { repo: filter.repo },
      signal,
    });
    if (!isObject(data)) throw this.badShape('list the applications', 'an ApplicationList object');
    const items = data.items ?? [];
    if (!Array.isArray(items)) throw this.badShape('list the applications', 'a list of items');
    return items.filter(isObject);
  }

  /** `GET /api/v1/applications/{name}`; `refresh: 'normal'` makes Argo CD compare with the repository again first. */
  async getApplication(app: AppRef, options: { refresh?: 'normal' | 'hard' } = {}, signal?: AbortSignal): Promise<ArgoApplication> {
    const what = `${options.refresh ? 'refresh' : 'read'} application ${app.name}`;
    const data = await this.send<ArgoApplication>('GET', `/api/v1/applications/${encodeURIComponent(app.name)}`, what, {
      query: { refresh: options.refresh, appNamespace: app.namespace },
      signal,
      resource: `application ${app.name}`,
    });
    if (!isObject(data)) throw this.badShape(what, 'an Application object');
    return data;
  }

  /** `GET …/revisions/{revision}/metadata`: author, date and message of a revision (git commits only). */
  async revisionMetadata(app: AppRef, revision: string, signal?: AbortSignal): Promise<ArgoRevisionMetadata> {
    const what = `read revision ${revision.slice(0, 12)} of ${app.name}`;
    const data = await this.send<ArgoRevisionMetadata>(
      'GET',
      `/api/v1/applications/${encodeURIComponent(app.name)}/revisions/${encodeURIComponent(revision)}/metadata`,
      what,
      { query: { appNamespace: app.namespace }, signal, resource: `revision ${revision.slice(0, 12)}` },
    );
    if (!isObject(data)) throw this.badShape(what, 'a RevisionMetadata object');
    return data;
  }

  /** `POST /api/v1/applications/{name}/sync` (ApplicationSyncRequest); not retried: a sync must not run twice. */
  async sync(app: AppRef, options: SyncOptions, signal?: AbortSignal): Promise<ArgoApplication> {
    const body = {
      name: app.name,
      ...(app.namespace ? { appNamespace: app.namespace } : {}),
      ...(options.revision ? { revision: options.revision } : {}),
      prune: options.prune === true,
      dryRun: options.dryRun === true,
    };
    const what = `${options.dryRun ? 'dry-run sync' : 'sync'} application ${app.name}`;
    const data = await this.send<ArgoApplication>('POST', `/api/v1/applications/${encodeURIComponent(app.name)}/sync`, what, {
      body,
      signal,
      resource: `application ${app.name}`,
    });
    if (!isObject(data)) throw this.badShape(what, 'an Application object');
    return data;
  }

  /** `POST /api/v1/applications/{name}/rollback` (ApplicationRollbackRequest) to the history entry `id`. */
  async rollback(
    app: AppRef,
    id: number,
    options: { prune?: boolean; dryRun?: boolean } = {},
    signal?: AbortSignal,
  ): Promise<ArgoApplication> {
    const body = {
      name: app.name,
      ...(app.namespace ? { appNamespace: app.namespace } : {}),
      id,
      prune: options.prune === true,
      dryRun: options.dryRun === true,
    };
    const what = `roll back application ${app.name} to history entry ${id}`;
    const data = await this.send<ArgoApplication>('POST', `/api/v1/applications/${encodeURIComponent(app.name)}/rollback`, what, {
      body,
      signal,
      resource: `application ${app.name}`,
    });
    if (!isObject(data)) throw this.badShape(what, 'an Application object');
    return data;
  }

  /** The web page of an application in Argo CD's UI. */
  appUrl(app: AppRef): string {
    const name = app.namespace ? `${app.namespace}/${app.name}` : app.name;
    return `${this.instance.baseUrl}/applications/${name.split('/').map(encodeURIComponent).join('/')}`;
  }

  private async send<T>(
    method: HttpMethod,
    path: string,
    what: string,
    options: { query?: Record<string, string | undefined>; body?: unknown; signal?: AbortSignal; resource?: string },
  ): Promise<T> {
    this.count++;
    try {
      const response = await this.options.http.request<T>({
        method,
        url: `${this.instance.baseUrl}${path}`,
        query: options.query,
        body: options.body,
        credential: this.options.credential,
        signal: options.signal,
        ...(method === 'POST' ? { maxRetries: 0 } : {}),
      });
      return response.data;
    } catch (error) {
      throw toSourceError(error, {
        service: SERVICE,
        what: `${what} on ${this.instance.key}`,
        resource: options.resource,
        serviceMessage: argoMessage,
      });
    }
  }

  private badShape(what: string, expected: string): SourceError {
    return new SourceError(`Could not ${what} on ${this.instance.key}: ${SERVICE} did not answer ${expected}.`, 'badResponse', SERVICE);
  }
}

/** Argo CD's error body is grpc-gateway's `runtimeError` { code, message, error }. */
export function argoMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; error?: unknown };
    const message = typeof parsed.message === 'string' && parsed.message ? parsed.message : parsed.error;
    return typeof message === 'string' && message ? message.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}

function isObject<T>(value: T): value is T & object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
