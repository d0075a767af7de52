/**
 * Thin typed calls to PagerDuty's REST API v2 and Events API v2: only the operations its OpenAPI
 * descriptions document and the source uses (test/fixtures/pagerduty/openapi-extract.json), over the
 * one HTTP client. The REST credential is `Authorization: Token token=<key>` bound to the region's API
 * origin; every REST call sends the documented `Accept` versioning header, and updates send `From`
 * (the acting user's email, required by `PUT /incidents/{id}`). Events carry their routing key in
 * the body, so nothing secret goes to the events host but that key. Failures are the one SourceError
 * with PagerDuty's own message (`error.message`, `errors[]`).
 */
import { SourceError } from '../../core/sourceError';
import { toSourceError } from '../../http/toSourceError';
import type { Credential, HttpClientLike, HttpMethod } from '../../http/types';
import type { PagerDutyEndpoints } from './region';
import type { PdEscalationPolicy, PdIncident, PdOncall, PdService } from './types';

export const SERVICE = 'PagerDuty';
const ACCEPT = 'application/vnd.pagerduty+json;version=2';
const PAGE = 100;
const MAX_PAGES = 5;

/** The REST credential: the key as PagerDuty's `api_key` scheme writes it. */
export function pagerDutyCredential(restOrigin: string, key: string): Credential {
  return { origin: restOrigin, header: 'Authorization', value: `Token token=${key}`, secret: key };
}

export interface PagerDutyApiOptions {
  http: HttpClientLike;
  endpoints: PagerDutyEndpoints;
  credential?: Credential;
}

export interface EventInput {
  routingKey: string;
  action: 'trigger' | 'acknowledge' | 'resolve';
  dedupKey: string;
  summary?: string;
  severity?: 'critical' | 'error' | 'warning' | 'info';
  source?: string;
  component?: string;
  customDetails?: Record<string, unknown>;
  link?: { href: string; text: string };
}

export class PagerDutyApi {
  private count = 0;
  constructor(private readonly options: PagerDutyApiOptions) {}

  takeCount(): number {
    const n = this.count;
    this.count = 0;
    return n;
  }

  /** `GET /oncalls` for escalation policies over [since, until]: who is on call now and next. */
  listOncalls(policyIds: readonly string[], since: Date, until: Date, signal?: AbortSignal): Promise<PdOncall[]> {
    return this.list<PdOncall>(
      '/oncalls',
      'oncalls',
      { 'escalation_policy_ids[]': policyIds, since: since.toISOString(), until: until.toISOString() },
      'list who is on call',
      signal,
    );
  }

  /** `GET /incidents` that are triggered or acknowledged, of some services (all when none given). */
  listOpenIncidents(serviceIds: readonly string[], signal?: AbortSignal): Promise<PdIncident[]> {
    return this.list<PdIncident>(
      '/incidents',
      'incidents',
      { 'statuses[]': ['triggered', 'acknowledged'], 'service_ids[]': serviceIds },
      'list the open incidents',
      signal,
    );
  }

  listServices(query: string | undefined, signal?: AbortSignal): Promise<PdService[]> {
    return this.list<PdService>('/services', 'services', { query }, 'list the services', signal);
  }

  listEscalationPolicies(query: string | undefined, signal?: AbortSignal): Promise<PdEscalationPolicy[]> {
    return this.list<PdEscalationPolicy>('/escalation_policies', 'escalation_policies', { query }, 'list the escalation policies', signal);
  }

  /** `PUT /incidents/{id}`: acknowledge or resolve, as the user whose email is `from`. */
  async updateIncidentStatus(id: string, status: 'acknowledged' | 'resolved', from: string, signal?: AbortSignal): Promise<PdIncident> {
    const what = `${status === 'resolved' ? 'resolve' : 'acknowledge'} incident ${id}`;
    const data = await this.send<{ incident?: PdIncident }>('PUT', `/incidents/${encodeURIComponent(id)}`, what, {
      body: { incident: { type: 'incident_reference', status } },
      headers: { from },
      signal,
      resource: `incident ${id}`,
    });
    if (!data || typeof data !== 'object' || !data.incident || typeof data.incident !== 'object') throw this.bad(what, 'an incident');
    return data.incident;
  }

  /** `POST /enqueue` of the Events API v2: trigger, acknowledge or resolve the alert with this dedup key. */
  async sendEvent(input: EventInput, signal?: AbortSignal): Promise<{ dedupKey: string }> {
    const body: Record<string, unknown> = { routing_key: input.routingKey, event_action: input.action, dedup_key: input.dedupKey };
    if (input.action === 'trigger') {
      body.payload = {
        summary: (input.summary ?? '').slice(0, 1024),
        severity: input.severity ?? 'error',
        source: input.source ?? 'devops-feedback-loop',
        ...(input.component ? { component: input.component } : {}),
        ...(input.customDetails ? { custom_details: input.customDetails } : {}),
      };
      body.client = 'DevOps Feedback Loop';
      if (input.link) body.links = [input.link];
    }
    const what = `${input.action} a PagerDuty event`;
    this.count++;
    try {
      const response = await this.options.http.request<{ status?: string; dedup_key?: string }>({
        method: 'POST',
        url: `${this.options.endpoints.events}/enqueue`,
        body,
        maxRetries: 0,
        signal,
      });
      return { dedupKey: typeof response.data?.dedup_key === 'string' ? response.data.dedup_key : input.dedupKey };
    } catch (error) {
      throw toSourceError(error, { service: SERVICE, what, serviceMessage: pdMessage });
    }
  }

  private async list<T>(
    path: string,
    field: string,
    query: Record<string, string | readonly string[] | undefined>,
    what: string,
    signal?: AbortSignal,
  ): Promise<T[]> {
    const out: T[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const data = await this.send<Record<string, unknown>>('GET', path, what, {
        query: { ...query, limit: String(PAGE), offset: String(page * PAGE) },
        signal,
      });
      const items = data && typeof data === 'object' ? data[field] : undefined;
      if (!Array.isArray(items)) throw this.bad(what, `a list of ${field}`);
      out.push(...(items.filter((x) => x && typeof x === 'object') as T[]));
      if (data.more !== true) break;
    }
    return out;
  }

  private async send<T>(
    method: HttpMethod,
    path: string,
    what: string,
    options: {
      query?: Record<string, string | readonly string[] | undefined>;
      body?: unknown;
      headers?: Record<string, string>;
      signal?: AbortSignal;
      resource?: string;
    },
  ): Promise<T> {
    this.count++;
    // Repeated parameters (`statuses[]=a&statuses[]=b`) are written into the URL; the client adds the rest.
    const url = new URL(`${this.options.endpoints.rest}${path}`);
    const single: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(name, v);
      else if (typeof value === 'string') single[name] = value;
    }
    try {
      const response = await this.options.http.request<T>({
        method,
        url: url.href,
        query: single,
        headers: { accept: ACCEPT, 'content-type': 'application/json', ...options.headers },
        body: options.body,
        credential: this.options.credential,
        signal: options.signal,
        ...(method !== 'GET' ? { maxRetries: 0 } : {}),
      });
      return response.data;
    } catch (error) {
      throw toSourceError(error, { service: SERVICE, what, resource: options.resource, serviceMessage: pdMessage });
    }
  }

  private bad(what: string, expected: string): SourceError {
    return new SourceError(`Could not ${what}: ${SERVICE} did not answer ${expected}.`, 'badResponse', SERVICE);
  }
}

/** PagerDuty's error bodies: REST `{ error: { message, errors[] } }`, Events `{ status, message, errors[] }`. */
export function pdMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; errors?: unknown }; message?: unknown; errors?: unknown };
    const e = parsed.error ?? parsed;
    const message = typeof e.message === 'string' ? e.message : undefined;
    const details = Array.isArray(e.errors) ? e.errors.filter((x): x is string => typeof x === 'string') : [];
    const text = [message, ...details].filter(Boolean).join(': ');
    return text ? text.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}
