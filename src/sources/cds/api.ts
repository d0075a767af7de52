/**
 * The CDS client: the routes of `engine/api/api_routes.go` the source uses (projects and workflows of a
 * repository, runs, one run with its node runs, start, stop, a step's log link, the CDN's address) and the
 * CDN's step-log download, through the one HTTP client.
 *
 * Authentication is CDS's own: the builtin consumer's sign-in token (what `cdsctl login` or the UI's
 * Profile → Consumers gives) is posted once to `auth/consumer/builtin/signin`, only to the API's origin, for a
 * session token (a JWT) sent as `Bearer` on every call. Sessions expire: a 401 with a sign-in token at hand
 * signs in again, once, and repeats the call. The session token goes to the API's origin and to the CDN's, the
 * one the API itself names (`config/cdn`, which checks the same session); nothing else ever sees a token.
 */
import { silentLogger, type Logger } from '../../core/logger';
import { SourceError } from '../../core/sourceError';
import { bearerCredential } from '../../http/credentials';
import { checkServerUrl } from '../../http/serverUrl';
import { toSourceError } from '../../http/toSourceError';
import type { HttpClientLike, HttpRequest, HttpResponse } from '../../http/types';
import type { CdsCdnConfig, CdsLogLink, CdsProject, CdsRun, CdsRunPost, CdsRunSummary, CdsSigninResponse, CdsWorkflow } from './types';

export const CDS = 'CDS';

export interface CdsApiOptions {
  http: HttpClientLike;
  /** The API URL with its trailing slash (`cdsBase`). */
  base: string;
  /** The builtin consumer's sign-in token. */
  signinToken?: string;
  /** A session token already held (cdsctl's `Session`), tried before signing in. */
  sessionToken?: string;
  logger?: Logger;
}

/** A workflow of a project: what every run route is under. */
export interface WorkflowRef {
  project: string;
  workflow: string;
}

export class CdsApi {
  readonly base: string;
  readonly origin: string;
  private readonly http: HttpClientLike;
  private readonly signinToken?: string;
  private readonly logger: Logger;
  private session?: Promise<string>;
  private cdn?: Promise<string>;
  requests = 0;
  signIns = 0;

  constructor(options: CdsApiOptions) {
    this.base = options.base;
    this.origin = new URL(options.base).origin;
    this.http = options.http;
    this.signinToken = options.signinToken || undefined;
    this.logger = options.logger ?? silentLogger;
    if (options.sessionToken) this.session = Promise.resolve(options.sessionToken);
  }

  /** The projects the consumer sees with an application on this repository (`owner/name`), each with the workflows using it. */
  projectsOfRepository(repository: string, signal?: AbortSignal): Promise<CdsProject[]> {
    return this.list<CdsProject>({ url: `${this.base}project`, query: { repo: repository }, signal }, `find the projects of ${repository}`);
  }

  /** A project's workflows, those using the repository's applications when it is given. */
  workflows(project: string, repository: string | undefined, signal?: AbortSignal): Promise<CdsWorkflow[]> {
    return this.list<CdsWorkflow>(
      { url: `${this.base}project/${seg(project)}/workflows`, ...(repository ? { query: { repo: repository } } : {}), signal },
      `list the workflows of project ${project}`,
      `project ${project}`,
    );
  }

  /** The newest runs of a workflow, of one branch when given (a filter on the run's `git.branch` tag). */
  runs(ref: WorkflowRef, options: { limit: number; branch?: string }, signal?: AbortSignal): Promise<CdsRunSummary[]> {
    const query: Record<string, string | number> = { limit: options.limit };
    if (options.branch) query['git.branch'] = options.branch;
    return this.list<CdsRunSummary>(
      { url: `${this.workflowUrl(ref)}/runs`, query, signal },
      `list the runs of ${name(ref)}${options.branch ? ` on ${options.branch}` : ''}`,
      `workflow ${name(ref)}`,
    );
  }

  /** One run with its node runs, stages, jobs and steps. */
  run(ref: WorkflowRef, number: number, signal?: AbortSignal): Promise<CdsRun> {
    return this.object<CdsRun>(
      { url: `${this.workflowUrl(ref)}/runs/${number}`, signal },
      `read run ${name(ref)} #${number}`,
      `run ${name(ref)} #${number}`,
    );
  }

  /** Starts a run, or (with `number` and `from_nodes`) a new sub-run of one: CDS's restart. */
  start(ref: WorkflowRef, post: CdsRunPost, signal?: AbortSignal): Promise<CdsRun> {
    const what = post.number !== undefined ? `restart ${name(ref)} #${post.number}` : `start a run of ${name(ref)}`;
    return this.object<CdsRun>(
      { method: 'POST', url: `${this.workflowUrl(ref)}/runs`, body: post, maxRetries: 0, conditional: false, signal },
      what,
      `workflow ${name(ref)}`,
    );
  }

  async stop(ref: WorkflowRef, number: number, signal?: AbortSignal): Promise<void> {
    await this.send(
      { method: 'POST', url: `${this.workflowUrl(ref)}/runs/${number}/stop`, maxRetries: 0, conditional: false, signal },
      `stop ${name(ref)} #${number}`,
      `run ${name(ref)} #${number}`,
    );
  }

  /** A step's log, from the CDN the API names, with the same session. */
  async stepLog(ref: WorkflowRef, step: { nodeRunId: number; jobId: number; order: number }, signal?: AbortSignal): Promise<string> {
    const what = `read the log of step ${step.order + 1} of job ${step.jobId} (${name(ref)})`;
    const link = await this.object<CdsLogLink>(
      {
        url: `${this.workflowUrl(ref)}/nodes/${step.nodeRunId}/job/${step.jobId}/step/${step.order}/link`,
        conditional: false,
        signal,
      },
      what,
      'the step',
    );
    if (typeof link.item_type !== 'string' || typeof link.api_ref !== 'string' || !/^[\w-]+$/.test(link.item_type + link.api_ref))
      throw badResponse(what, 'the log link names no CDN item');
    const cdn = await this.cdnBase(signal, what);
    const res = await this.send<string>(
      {
        url: `${cdn}item/${seg(link.item_type)}/${seg(link.api_ref)}/download`,
        responseType: 'text',
        conditional: false,
        signal,
      },
      what,
      'the step log on the CDN',
      new URL(cdn).origin,
    );
    return typeof res.data === 'string' ? res.data : '';
  }

  /** `<api>/project/<key>/workflows/<name>`: what every route of a workflow is under. */
  workflowUrl(ref: WorkflowRef): string {
    return `${this.base}project/${seg(ref.project)}/workflows/${seg(ref.workflow)}`;
  }

  // ---- Plumbing -------------------------------------------------------------------------------

  private async list<T>(req: HttpRequest, what: string, resource?: string): Promise<T[]> {
    const res = await this.send<T[] | null>(req, what, resource);
    if (res.data === null || res.data === undefined) return [];
    if (!Array.isArray(res.data)) throw badResponse(what, 'the answer is not a JSON array');
    return res.data.filter((x) => x !== null && typeof x === 'object');
  }

  private async object<T>(req: HttpRequest, what: string, resource?: string): Promise<T> {
    const res = await this.send<T>(req, what, resource);
    if (res.data === null || typeof res.data !== 'object' || Array.isArray(res.data))
      throw badResponse(what, 'the answer is not a JSON object');
    return res.data;
  }

  /** One call with the session; on a 401 with a sign-in token at hand, a new session and one more try. */
  private async send<T>(req: HttpRequest, what: string, resource?: string, origin = this.origin): Promise<HttpResponse<T>> {
    for (let attempt = 0; ; attempt++) {
      const session = this.sessionFor(what, req.signal);
      const token = await session;
      this.requests++;
      try {
        return await this.http.request<T>({ ...req, credential: bearerCredential(origin, token) });
      } catch (error) {
        if (attempt === 0 && this.signinToken && (error as { kind?: string }).kind === 'unauthorized') {
          this.logger.info(`CDS: ${what}: the session was refused (401, expired?); signing in again`);
          if (this.session === session) this.session = undefined;
          continue;
        }
        throw cdsError(error, what, resource, attempt > 0);
      }
    }
  }

  private sessionFor(what: string, signal?: AbortSignal): Promise<string> {
    if (!this.session) {
      if (!this.signinToken)
        return Promise.reject(
          new SourceError(
            `Could not ${what}: no CDS token for ${this.origin}. Store the sign-in token of a builtin consumer with DevOps: Set CDS Token… (CDS: Profile → Consumers, or cdsctl consumer new).`,
            'config',
            CDS,
          ),
        );
      const session = this.signIn(signal);
      this.session = session;
      // A failed sign-in is not kept: the next call tries again.
      session.catch(() => {
        if (this.session === session) this.session = undefined;
      });
    }
    return this.session;
  }

  private async signIn(signal?: AbortSignal): Promise<string> {
    const token = this.signinToken as string;
    this.signIns++;
    this.requests++;
    let res: HttpResponse<CdsSigninResponse>;
    try {
      res = await this.http.request<CdsSigninResponse>({
        method: 'POST',
        url: `${this.base}auth/consumer/builtin/signin`,
        body: { token },
        maxRetries: 0,
        conditional: false,
        signal,
      });
    } catch (error) {
      // The sign-in token travels in the body only: keep it out of whatever the server said back.
      const e = cdsError(error, 'sign in to CDS', undefined, true, true);
      throw new SourceError(e.message.split(token).join('***'), e.kind, CDS, { status: e.status, cause: error });
    }
    const session = res.data?.token;
    if (typeof session !== 'string' || !session) throw badResponse('sign in to CDS', 'the answer carries no session token');
    this.logger.info(`CDS: signed in to ${this.origin}`);
    return session;
  }

  /** The CDN's HTTP address (`config/cdn`), asked once; it gets the session only when it is an http(s) URL. */
  private cdnBase(signal: AbortSignal | undefined, what: string): Promise<string> {
    this.cdn ??= (async () => {
      const config = await this.object<CdsCdnConfig>({ url: `${this.base}config/cdn`, signal }, `${what} (asking where the CDN is)`);
      const checked = typeof config.http_url === 'string' ? checkServerUrl(config.http_url) : undefined;
      if (!checked || 'error' in checked)
        throw badResponse(what, `the CDN address the API gave is unusable (${checked && 'error' in checked ? checked.error : 'none'})`);
      const url = checked.url.toString().replace(/\/*$/, '/');
      if (new URL(url).origin !== this.origin)
        this.logger.info(`CDS: step logs come from the CDN at ${new URL(url).origin}, which the API names`);
      return url;
    })().catch((error: unknown) => {
      this.cdn = undefined;
      throw error;
    });
    return this.cdn;
  }
}

/** `https://cds.example.com/api/`: the API URL with one trailing slash, without query or fragment. */
export function cdsBase(url: string): string {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  return u.toString().replace(/\/*$/, '/');
}

const seg = (s: string) => encodeURIComponent(s);
const name = (ref: WorkflowRef) => `${ref.project}/${ref.workflow}`;

function badResponse(what: string, why: string): SourceError {
  return new SourceError(`Could not ${what}: ${why}. Does the URL point at the CDS API (not its UI)?`, 'badResponse', CDS);
}

/** CDS's error body (`sdk.Error`): its `message`. */
function cdsMessage(body: string): string | undefined {
  try {
    const message = (JSON.parse(body) as { message?: unknown })?.message;
    return typeof message === 'string' && message ? message.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A failure in words a CDS user can act on: a refused session or sign-in token, a consumer without the
 * project's permission, a project or workflow that is not there, a certificate not trusted.
 */
export function cdsError(error: unknown, what: string, resource: string | undefined, renewed: boolean, signingIn = false): SourceError {
  const e = toSourceError(error, { service: CDS, what, ...(resource ? { resource } : {}), serviceMessage: cdsMessage });
  const said = e.serviceMessage ? ` (CDS says "${e.serviceMessage}")` : '';
  const details = { status: e.status, serviceMessage: e.serviceMessage, retryAt: e.retryAt, cause: e.cause };
  const storeToken = 'Store a new sign-in token with DevOps: Set CDS Token… (CDS: Profile → Consumers, or cdsctl consumer new).';
  switch (e.kind) {
    case 'auth':
    case 'forbidden':
      if (signingIn)
        return new SourceError(
          `Could not sign in to CDS: the sign-in token was refused (${e.status})${said}; it may be revoked, expired or not a builtin consumer's. ${storeToken}`,
          'auth',
          CDS,
          details,
        );
      if (e.kind === 'auth')
        return new SourceError(
          `Could not ${what}: CDS refused the session (401)${renewed ? ' even right after signing in again' : ''}${said}. ${storeToken}`,
          'auth',
          CDS,
          details,
        );
      return new SourceError(
        `Could not ${what}: the consumer may not do this (403)${said}. Its groups need access to the project, and its scopes must include Project and Run.`,
        'forbidden',
        CDS,
        details,
      );
    case 'notFound':
      return new SourceError(
        `Could not ${what}: ${resource ?? 'it'} was not found (404)${said}. Check the project keys and workflow names in devops.cds.instances, and that the consumer's groups can see them.`,
        'notFound',
        CDS,
        details,
      );
    case 'tls':
      return new SourceError(
        `Could not ${what}: the certificate of the CDS server is not trusted (${(e.cause as { code?: string })?.code ?? 'TLS'}). Check the URL, or add your organisation's CA to the system's trust store.`,
        'tls',
        CDS,
        details,
      );
    default:
      return e;
  }
}
