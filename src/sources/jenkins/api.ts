/**
 * The Jenkins client: the remote access API (`…/api/json?tree=…`, only the properties asked for), the
 * Pipeline REST API (`wfapi/describe`, `wfapi/pendingInputActions`), logs (`consoleText`,
 * `logText/progressiveText`) and the actions (`build`, `buildWithParameters`, `stop`), through the one
 * HTTP client with a Basic `user:API token` credential bound to the instance's origin.
 *
 * POSTs carry the CSRF crumb when the instance has a crumb issuer: asked once per client
 * (`/crumbIssuer/api/json`), sent in the header it names together with the session cookie it was issued
 * for (the default issuer binds a crumb to the session), and asked again once when a POST is refused
 * with 403 (a restarted Jenkins forgets its sessions, and with them the crumb). An instance without an
 * issuer (404) gets POSTs without one.
 */
import { silentLogger, type Logger } from '../../core/logger';
import { toSourceError } from '../../http/toSourceError';
import type { Credential, HttpClientLike, HttpRequest } from '../../http/types';
import { jobUrl, type JobPath } from './jobPath';
import type { JkCrumb, JkItem, JkRun, JkTestReport, WfPendingInput, WfRun } from './types';

export const JENKINS = 'Jenkins';

export interface JenkinsApiOptions {
  http: HttpClientLike;
  /** The instance URL with its trailing slash (`instanceBase`). */
  base: string;
  credential?: Credential;
  logger?: Logger;
}

export interface ProgressiveText {
  text: string;
  /** Where the next read starts (`X-Text-Size`). */
  size: number;
  /** The log is still being written (`X-More-Data: true`). */
  more: boolean;
}

interface Crumb {
  field: string;
  value: string;
  cookie?: string;
}

export class JenkinsApi {
  readonly base: string;
  private readonly http: HttpClientLike;
  private readonly credential?: Credential;
  private readonly logger: Logger;
  /** The crumb of this client's session; null once the instance answered it has no issuer. */
  private crumb?: Promise<Crumb | null>;
  requests = 0;

  constructor(options: JenkinsApiOptions) {
    this.base = options.base;
    this.http = options.http;
    this.credential = options.credential;
    this.logger = options.logger ?? silentLogger;
  }

  jobUrl(path: JobPath): string {
    return jobUrl(this.base, path);
  }

  runUrl(path: JobPath, number: number): string {
    return `${this.jobUrl(path)}${number}/`;
  }

  /** The root's items (`/api/json?tree=…`). */
  root(tree: string, signal?: AbortSignal): Promise<JkItem> {
    return this.json<JkItem>(`${this.base}api/json`, tree, 'list the jobs', this.base, signal);
  }

  job(path: JobPath, tree: string, signal?: AbortSignal): Promise<JkItem> {
    return this.json<JkItem>(`${this.jobUrl(path)}api/json`, tree, `read job ${path.join('/')}`, `job ${path.join('/')}`, signal);
  }

  run(path: JobPath, number: number, tree: string, signal?: AbortSignal): Promise<JkRun> {
    const what = `${path.join('/')} #${number}`;
    return this.json<JkRun>(`${this.runUrl(path, number)}api/json`, tree, `read build ${what}`, `build ${what}`, signal);
  }

  /** A Pipeline run with its stages (Pipeline REST API). */
  describe(path: JobPath, number: number, signal?: AbortSignal): Promise<WfRun> {
    const what = `${path.join('/')} #${number}`;
    return this.json<WfRun>(`${this.runUrl(path, number)}wfapi/describe`, undefined, `read the stages of ${what}`, `build ${what}`, signal);
  }

  pendingInputs(path: JobPath, number: number, signal?: AbortSignal): Promise<WfPendingInput[]> {
    const what = `${path.join('/')} #${number}`;
    return this.json<WfPendingInput[]>(
      `${this.runUrl(path, number)}wfapi/pendingInputActions`,
      undefined,
      `read the inputs ${what} waits for`,
      `build ${what}`,
      signal,
    );
  }

  /** The JUnit report of a run; undefined when the run has none (Jenkins answers 404). */
  async testReport(path: JobPath, number: number, tree: string, signal?: AbortSignal): Promise<JkTestReport | undefined> {
    try {
      return await this.json<JkTestReport>(
        `${this.runUrl(path, number)}testReport/api/json`,
        tree,
        `read the test report of ${path.join('/')} #${number}`,
        'test report',
        signal,
      );
    } catch (error) {
      if ((error as { kind?: string }).kind === 'notFound') return undefined;
      throw error;
    }
  }

  async consoleText(path: JobPath, number: number, signal?: AbortSignal): Promise<string> {
    const what = `${path.join('/')} #${number}`;
    const res = await this.send<string>(
      { url: `${this.runUrl(path, number)}consoleText`, responseType: 'text', conditional: false, signal },
      `read the log of ${what}`,
      `build ${what}`,
    );
    return res.data;
  }

  /** The log from `start` on, and where to go on from while the build still writes it. */
  async progressiveText(path: JobPath, number: number, start: number, signal?: AbortSignal): Promise<ProgressiveText> {
    const what = `${path.join('/')} #${number}`;
    const res = await this.send<string>(
      {
        url: `${this.runUrl(path, number)}logText/progressiveText`,
        query: { start },
        responseType: 'text',
        conditional: false,
        signal,
      },
      `read the log of ${what}`,
      `build ${what}`,
    );
    const size = Number(res.headers['x-text-size']);
    return { text: res.data, size: Number.isFinite(size) ? size : start + res.data.length, more: res.headers['x-more-data'] === 'true' };
  }

  /** Queues a build (with parameters when given); returns the queue item's URL Jenkins answers with. */
  async build(path: JobPath, parameters?: Record<string, string>, signal?: AbortSignal): Promise<string | undefined> {
    const withParameters = parameters !== undefined;
    const url = `${this.jobUrl(path)}${withParameters ? 'buildWithParameters' : 'build'}`;
    const body = withParameters ? new URLSearchParams(parameters).toString() : undefined;
    const res = await this.post(url, body, `start a build of ${path.join('/')}`, `job ${path.join('/')}`, signal);
    return res.headers.location;
  }

  async stop(path: JobPath, number: number, signal?: AbortSignal): Promise<void> {
    const what = `${path.join('/')} #${number}`;
    await this.post(`${this.runUrl(path, number)}stop`, undefined, `abort ${what}`, `build ${what}`, signal);
  }

  private async json<T>(url: string, tree: string | undefined, what: string, resource: string, signal?: AbortSignal): Promise<T> {
    const res = await this.send<T>({ url, ...(tree ? { query: { tree } } : {}), signal }, what, resource);
    if (res.data === null || typeof res.data !== 'object') {
      throw toSourceError(Object.assign(new Error(`${url}: the answer is not a JSON object`), { kind: 'parse' }), {
        service: JENKINS,
        what,
      });
    }
    return res.data;
  }

  private async send<T>(req: HttpRequest, what: string, resource: string) {
    this.requests++;
    try {
      return await this.http.request<T>({ ...req, ...(this.credential ? { credential: this.credential } : {}) });
    } catch (error) {
      throw toSourceError(error, { service: JENKINS, what, resource, serviceMessage: jenkinsMessage });
    }
  }

  private async post(url: string, body: string | undefined, what: string, resource: string, signal?: AbortSignal) {
    for (let attempt = 0; ; attempt++) {
      const crumb = await this.crumbOf(signal, what);
      const headers: Record<string, string> = {};
      if (crumb) {
        headers[crumb.field] = crumb.value;
        if (crumb.cookie) headers.cookie = crumb.cookie;
      }
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      try {
        return await this.send<string>(
          { method: 'POST', url, headers, ...(body !== undefined ? { body } : {}), responseType: 'text', maxRetries: 0, signal },
          what,
          resource,
        );
      } catch (error) {
        // A crumb from a session Jenkins no longer knows is refused with 403: ask for a new one, once.
        if (attempt === 0 && crumb && (error as { kind?: string }).kind === 'forbidden') {
          this.logger.info(`Jenkins: ${what} was refused (403); asking for a new crumb`);
          this.crumb = undefined;
          continue;
        }
        throw error;
      }
    }
  }

  private crumbOf(signal: AbortSignal | undefined, what: string): Promise<Crumb | null> {
    this.crumb ??= this.fetchCrumb(signal, what).catch((error: unknown) => {
      this.crumb = undefined;
      throw error;
    });
    return this.crumb;
  }

  private async fetchCrumb(signal: AbortSignal | undefined, what: string): Promise<Crumb | null> {
    let res;
    try {
      res = await this.send<JkCrumb>(
        { url: `${this.base}crumbIssuer/api/json`, query: { tree: 'crumb,crumbRequestField' }, conditional: false, signal },
        `${what} (asking for a CSRF crumb)`,
        'the crumb issuer',
      );
    } catch (error) {
      if ((error as { kind?: string }).kind === 'notFound') return null; // No crumb issuer: CSRF protection is off.
      throw error;
    }
    const { crumb, crumbRequestField } = res.data ?? {};
    if (typeof crumb !== 'string' || typeof crumbRequestField !== 'string' || !/^[\w-]+$/.test(crumbRequestField)) return null;
    const cookie = sessionCookies(res.headers['set-cookie']);
    return { field: crumbRequestField, value: crumb, ...(cookie ? { cookie } : {}) };
  }
}

/** `name=value` pairs of a `Set-Cookie` header (several may arrive joined by commas), for a `Cookie` header. */
export function sessionCookies(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const pairs = [...header.matchAll(/(?:^|,)\s*([!#$%&'*+.^_`|~\w-]+=[^;,]*)/g)].map((m) => m[1].trim());
  return pairs.length > 0 ? pairs.join('; ') : undefined;
}

/** Jenkins' error pages are HTML; the one line worth showing is its `<h2>` or `<title>`, when there is one. */
function jenkinsMessage(body: string): string | undefined {
  const m = /<h2>([^<]{1,300})<\/h2>/i.exec(body) ?? /<title>([^<]{1,300})<\/title>/i.exec(body);
  return m ? m[1].trim() : undefined;
}
