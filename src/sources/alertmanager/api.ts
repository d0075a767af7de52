/**
 * Alertmanager's API v2 (the OpenAPI spec in prometheus/alertmanager, `api/v2/openapi.yaml`),
 * which Grafana also serves for its own alerting under `/api/alertmanager/grafana/api/v2/`.
 * Types mirror the spec's `gettableAlert`, `gettableSilence`, `postableSilence` and `matcher`.
 */
import { basicCredential, bearerCredential } from '../../http/credentials';
import { checkServerUrl } from '../../http/serverUrl';
import type { Credential, HttpClientLike } from '../../http/types';

export type AlertmanagerKind = 'alertmanager' | 'grafana';

export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  /** Absent in Alertmanager < 0.22; `false` means `!=` / `!~`. */
  isEqual?: boolean;
}

export type AlertStateWord = 'unprocessed' | 'active' | 'suppressed';

export interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  receivers: Array<{ name: string }>;
  fingerprint: string;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  generatorURL?: string;
  status: {
    state: AlertStateWord;
    silencedBy: string[];
    inhibitedBy: string[];
    /** Alertmanager ≥ 0.27: time intervals muting the alert. */
    mutedBy?: string[];
  };
}

export type SilenceStateWord = 'expired' | 'active' | 'pending';

export interface GettableSilence {
  id: string;
  status: { state: SilenceStateWord };
  updatedAt: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

export interface PostableSilence {
  /** Set to update an existing silence. */
  id?: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/** `GET /api/v2/status`, the fields we read. */
export interface AlertmanagerStatus {
  cluster?: { status?: string; name?: string; peers?: unknown[] };
  versionInfo?: { version?: string; revision?: string };
  uptime?: string;
  config?: { original?: string };
}

/** Query parameters of `GET /api/v2/alerts`; the server's defaults are true for the four flags. */
export interface AlertQuery {
  active?: boolean;
  silenced?: boolean;
  inhibited?: boolean;
  unprocessed?: boolean;
  /** Matchers in Alertmanager syntax, e.g. `alertname="HighLatency"`, `severity=~"crit.*"`. */
  filter?: string[];
  /** A regex over receiver names. */
  receiver?: string;
}

/** A configuration mistake in an instance, reported before any request is made. */
export class AlertmanagerConfigError extends Error {
  override readonly name = 'AlertmanagerConfigError';
}

export interface ResolvedEndpoint {
  kind: AlertmanagerKind;
  /** Everything up to (not including) `/api/v2`, without a trailing slash. */
  baseUrl: string;
  /** `${baseUrl}/api/v2`. */
  apiBase: string;
  origin: string;
}

const GRAFANA_PREFIX = '/api/alertmanager/grafana';

/**
 * The API base of an instance URL. Plain Alertmanager: `http://host:9093` (plus any
 * `--web.route-prefix`). Grafana: `https://grafana.example.com` (its own Alertmanager is added
 * as `/api/alertmanager/grafana`) or any URL already under `/api/alertmanager/<name>` (which also
 * covers Grafana's proxy to an external Alertmanager data source). A pasted `/api/v2` suffix or
 * UI fragment is tolerated; credentials inside the URL are refused so they never end up in logs.
 */
export function resolveEndpoint(url: string, kind?: AlertmanagerKind): ResolvedEndpoint {
  const checked = checkServerUrl(url);
  if ('error' in checked) throw new AlertmanagerConfigError(checked.error);
  const parsed = checked.url;
  let path = parsed.pathname.replace(/\/+$/, '');
  path = path.replace(/\/api\/v[12](\/.*)?$/, '').replace(/\/+$/, '');
  const underGrafanaApi = /\/api\/alertmanager\/[^/]+$/.test(path);
  const detected: AlertmanagerKind = kind ?? (underGrafanaApi ? 'grafana' : 'alertmanager');
  if (detected === 'grafana' && !underGrafanaApi) {
    path += GRAFANA_PREFIX;
  }
  const baseUrl = `${parsed.origin}${path}`;
  return { kind: detected, baseUrl, apiBase: `${baseUrl}/api/v2`, origin: parsed.origin };
}

/** The Authorization credential for an instance; it is bound to the instance's origin. */
export function alertmanagerCredential(url: string, auth: { bearerToken: string } | { username: string; password: string }): Credential {
  const origin = resolveEndpoint(url).origin;
  // The helpers register every secret form (for Basic also `user:password` and the password alone).
  return 'bearerToken' in auth ? bearerCredential(origin, auth.bearerToken) : basicCredential(origin, auth.username, auth.password);
}

/** Thin, typed calls; every response body is checked for the shape the spec promises. */
export class AlertmanagerApi {
  constructor(
    private readonly http: HttpClientLike,
    readonly endpoint: ResolvedEndpoint,
    private readonly credential?: Credential,
  ) {}

  async getAlerts(query: AlertQuery = {}, signal?: AbortSignal): Promise<unknown[]> {
    const params = new URLSearchParams();
    for (const flag of ['active', 'silenced', 'inhibited', 'unprocessed'] as const) {
      if (query[flag] !== undefined) {
        params.set(flag, String(query[flag]));
      }
    }
    for (const matcher of query.filter ?? []) {
      params.append('filter', matcher);
    }
    if (query.receiver) {
      params.set('receiver', query.receiver);
    }
    return this.getArray('alerts', params, signal);
  }

  async getSilences(filter: string[] = [], signal?: AbortSignal): Promise<unknown[]> {
    const params = new URLSearchParams();
    for (const matcher of filter) {
      params.append('filter', matcher);
    }
    return this.getArray('silences', params, signal);
  }

  /** Creates (or, with `id`, replaces) a silence; returns its id. */
  async postSilence(silence: PostableSilence, signal?: AbortSignal): Promise<string> {
    const response = await this.http.request<unknown>({
      method: 'POST',
      url: `${this.endpoint.apiBase}/silences`,
      body: silence,
      credential: this.credential,
      signal,
      maxRetries: 0,
    });
    const id = isRecord(response.data) ? response.data.silenceID : undefined;
    if (typeof id !== 'string' || !id) {
      throw new Error(`${this.endpoint.apiBase}/silences: the server did not return a silenceID`);
    }
    return id;
  }

  /** Expires a silence (Alertmanager keeps it, expired, for its retention period). */
  async deleteSilence(id: string, signal?: AbortSignal): Promise<void> {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) {
      throw new AlertmanagerConfigError(`"${id}" is not a silence id`);
    }
    await this.http.request<unknown>({
      method: 'DELETE',
      url: `${this.endpoint.apiBase}/silence/${encodeURIComponent(id)}`,
      credential: this.credential,
      signal,
      responseType: 'text',
    });
  }

  async getStatus(signal?: AbortSignal): Promise<AlertmanagerStatus> {
    const response = await this.http.request<unknown>({
      url: `${this.endpoint.apiBase}/status`,
      credential: this.credential,
      signal,
    });
    if (!isRecord(response.data)) {
      throw new Error(`${this.endpoint.apiBase}/status: expected a JSON object`);
    }
    return response.data as AlertmanagerStatus;
  }

  private async getArray(resource: string, params: URLSearchParams, signal?: AbortSignal): Promise<unknown[]> {
    const query = params.toString();
    const url = `${this.endpoint.apiBase}/${resource}${query ? `?${query}` : ''}`;
    const response = await this.http.request<unknown>({ url, credential: this.credential, signal });
    if (!Array.isArray(response.data)) {
      throw new Error(`${this.endpoint.apiBase}/${resource}: expected a JSON array, got ${describe(response.data)}`);
    }
    return response.data;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) {
    return 'an empty body';
  }
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
}
