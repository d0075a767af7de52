/**
 * PagerDuty as one `Source` of the Monitor phase (id `pagerduty:<region>`): who is on call now and
 * next for the chosen escalation policies (one `GET /oncalls` over the coming week), and the open
 * incidents of the chosen services (all the account's when none are chosen). Settings may name
 * policies and services by id or by name; names are looked up once and kept.
 */
import { silentLogger, type Logger } from '../../core/logger';
import type { Phase, Signal } from '../../core/signal';
import type { Source } from '../../core/source';
import type { Credential, HttpClientLike } from '../../http/types';
import { PagerDutyApi, type EventInput } from './api';
import { mapIncident, mapOncalls, pagerdutySourceId } from './mapping';
import type { PagerDutyEndpoints } from './region';

const WEEK = 7 * 86_400_000;
/** PagerDuty ids are upper-case letters and digits starting with P (`PT20YPA`). */
const ID = /^P[A-Z0-9]{5,}$/;

export interface PagerDutySourceOptions {
  http: HttpClientLike;
  /** The region's hosts (`pagerDutyEndpoints`), or others from the settings (a proxy, a test server). */
  endpoints: PagerDutyEndpoints;
  credential: Credential;
  /** Escalation policies by id or name. */
  escalationPolicies: readonly string[];
  /** Services by id or name; none means those `monitoredServices` names, else every service of the account. */
  services: readonly string[];
  /**
   * With no services chosen: the services Monitor's alerts are about (their service label), read at each refresh;
   * the incidents of those PagerDuty knows by name are shown, or every service's when it knows none of them.
   */
  monitoredServices?: () => readonly string[];
  logger?: Logger;
  now?: () => number;
}

export class PagerDutySource implements Source {
  readonly id: string;
  readonly label: string;
  readonly phases: readonly Phase[] = ['monitor'];
  readonly api: PagerDutyApi;
  private readonly names = new Map<string, string | null>();
  private readonly now: () => number;
  private readonly logger: Logger;

  constructor(private readonly options: PagerDutySourceOptions) {
    const host = new URL(options.endpoints.rest).host;
    this.id = pagerdutySourceId(host);
    this.label = `PagerDuty · ${host}`;
    this.api = new PagerDutyApi({ http: options.http, endpoints: options.endpoints, credential: options.credential });
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  async refresh(signal: AbortSignal): Promise<Signal[]> {
    const now = this.now();
    const policies = await this.ids(this.options.escalationPolicies, 'policy', signal);
    const chosen = this.options.services.length > 0 ? this.options.services : (this.options.monitoredServices?.() ?? []);
    const services = await this.ids(chosen, 'service', signal, this.options.services.length > 0);
    const signals: Signal[] = [];
    if (policies.length > 0) {
      const oncalls = await this.api.listOncalls(policies, new Date(now), new Date(now + WEEK), signal);
      signals.push(...mapOncalls(oncalls, this.id, now));
    }
    if (this.options.services.length === 0 || services.length > 0) {
      for (const incident of await this.api.listOpenIncidents(services, signal)) {
        const s = mapIncident(incident, this.id);
        if (s) signals.push(s);
      }
    }
    return signals;
  }

  async acknowledge(incidentId: string, from: string, signal?: AbortSignal): Promise<Signal | undefined> {
    return mapIncident(await this.api.updateIncidentStatus(incidentId, 'acknowledged', from, signal), this.id);
  }

  async resolve(incidentId: string, from: string, signal?: AbortSignal): Promise<Signal | undefined> {
    return mapIncident(await this.api.updateIncidentStatus(incidentId, 'resolved', from, signal), this.id);
  }

  sendEvent(input: EventInput, signal?: AbortSignal): Promise<{ dedupKey: string }> {
    return this.api.sendEvent(input, signal);
  }

  /** Ids for settings entries: an id as is, a name looked up (exact, case-insensitive) once. */
  private async ids(entries: readonly string[], kind: 'policy' | 'service', signal: AbortSignal, fromSettings = true): Promise<string[]> {
    const out: string[] = [];
    for (const entry of entries) {
      if (ID.test(entry)) {
        out.push(entry);
        continue;
      }
      const key = `${kind}:${entry.toLowerCase()}`;
      if (!this.names.has(key)) {
        const found = kind === 'policy' ? await this.api.listEscalationPolicies(entry, signal) : await this.api.listServices(entry, signal);
        const match = found.find((x) => (x.name ?? x.summary ?? '').toLowerCase() === entry.toLowerCase());
        if (!match?.id) {
          const message = `PagerDuty: no ${kind === 'policy' ? 'escalation policy' : 'service'} named "${entry}"`;
          if (fromSettings) this.logger.warn(message);
          else this.logger.debug(`${message} (a service Monitor's alerts name)`);
        }
        this.names.set(key, match?.id ?? null);
      }
      const id = this.names.get(key);
      if (id) out.push(id);
    }
    return out;
  }
}
