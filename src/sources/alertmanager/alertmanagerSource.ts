/**
 * One configured Alertmanager (or Grafana alerting) instance as a source: its alerts as signals,
 * its silences for the views, and the two actions, Silence and Expire Silence. One source per
 * instance, so a failing instance shows its own error and keeps its last (stale) signals while
 * the others carry on (the Refresher and hub health do that per source).
 */
import { silentLogger, type Logger } from '../../core/logger';
import { SourceError, type SourceErrorKind } from '../../core/sourceError';
import { sourceErrorKind } from '../../http/toSourceError';
import type { Phase, Signal } from '../../core/signal';
import type { Source } from '../../core/source';
import type { Credential, HttpClientLike } from '../../http/types';
import {
  AlertmanagerApi,
  AlertmanagerConfigError,
  isRecord,
  resolveEndpoint,
  type AlertmanagerKind,
  type AlertmanagerStatus,
  type ResolvedEndpoint,
} from './api';
import { mapAlerts, parseSilence, type AlertMappingContext, type SilenceSummary } from './mapping';
import { buildSilence, type SilenceDraft } from './silence';

export interface AlertmanagerInstanceConfig {
  name: string;
  url: string;
  /** Default: detected from the URL (`/api/alertmanager/...` means Grafana). */
  kind?: AlertmanagerKind;
}

export interface AlertmanagerSourceOptions {
  /** Bearer or basic credential for the instance's origin (see `alertmanagerCredential`). */
  credential?: Credential;
  /** Labels naming the service, first present wins. Default `service`, then `job`. */
  serviceLabels?: readonly string[];
  /** Maps annotation file references to workspace files (see `mapFrameToWorkspace`). */
  resolveFile?: AlertMappingContext['resolveFile'];
  logger?: Logger;
  clock?: () => number;
}

/** What one refresh brought. */
export interface AlertmanagerSnapshot {
  signals: Signal[];
  /** Active and pending silences (expired ones are dropped). */
  silences: SilenceSummary[];
  /** Malformed alerts skipped, silences that could not be read. */
  warnings: string[];
  fetchedAt: number;
}

const NAME = /^[^\s:][^:]{0,63}$/;

export class AlertmanagerSource implements Source {
  readonly id: string;
  readonly label: string;
  readonly phases: readonly Phase[] = ['monitor'];
  readonly endpoint: ResolvedEndpoint;
  private readonly api: AlertmanagerApi;
  private readonly logger: Logger;
  private readonly clock: () => number;
  private lastSilences: SilenceSummary[] = [];

  /** Throws `AlertmanagerConfigError` for a bad name, URL or a credential bound to another origin. */
  constructor(
    http: HttpClientLike,
    readonly config: AlertmanagerInstanceConfig,
    private readonly options: AlertmanagerSourceOptions = {},
  ) {
    if (!NAME.test(config.name ?? '')) {
      throw new AlertmanagerConfigError(`"${config.name}" is not a usable instance name (1-64 characters, no colon)`);
    }
    this.endpoint = resolveEndpoint(config.url, config.kind);
    if (options.credential && options.credential.origin !== this.endpoint.origin) {
      throw new AlertmanagerConfigError(
        `instance "${config.name}": the credential is for ${options.credential.origin}, not ${this.endpoint.origin}`,
      );
    }
    this.id = `alertmanager:${config.name}`;
    this.label = `${this.endpoint.kind === 'grafana' ? 'Grafana' : 'Alertmanager'} · ${config.name}`;
    this.api = new AlertmanagerApi(http, this.endpoint, options.credential);
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? Date.now;
  }

  async refresh(signal: AbortSignal): Promise<Signal[]> {
    return (await this.fetch(signal)).signals;
  }

  /** Alerts (active, silenced, inhibited) and silences, fetched together. Throws `AlertmanagerRequestError`. */
  async fetch(signal?: AbortSignal): Promise<AlertmanagerSnapshot> {
    const [alerts, silences] = await Promise.allSettled([
      this.call('list alerts', () => this.api.getAlerts({ active: true, silenced: true, inhibited: true, unprocessed: true }, signal)),
      this.call('list silences', () => this.api.getSilences([], signal)),
    ]);
    if (alerts.status === 'rejected') {
      throw alerts.reason;
    }
    const warnings: string[] = [];
    if (silences.status === 'fulfilled') {
      this.lastSilences = silences.value.map(parseSilence).filter((s): s is SilenceSummary => s !== undefined && s.state !== 'expired');
    } else {
      // Alerts without silence details are still worth showing (e.g. a token that may read alerts only).
      warnings.push(messageOf(silences.reason));
    }
    const now = this.clock();
    const { signals, warnings: alertWarnings } = mapAlerts(alerts.value, {
      source: this.id,
      instance: this.config.name,
      serviceLabels: this.options.serviceLabels,
      silences: new Map(this.lastSilences.map((s) => [s.id, s])),
      resolveFile: this.options.resolveFile,
      now,
    });
    warnings.push(...alertWarnings.map((w) => `${this.label}: ${w}`));
    for (const warning of warnings) {
      this.logger.warn(warning);
    }
    return { signals, silences: [...this.lastSilences], warnings, fetchedAt: now };
  }

  /** Active and pending silences as of the last refresh (or `listSilences`). */
  silences(): SilenceSummary[] {
    return [...this.lastSilences];
  }

  /** All silences from the server now, expired ones included. */
  async listSilences(signal?: AbortSignal): Promise<SilenceSummary[]> {
    const raw = await this.call('list silences', () => this.api.getSilences([], signal));
    const all = raw.map(parseSilence).filter((s): s is SilenceSummary => s !== undefined);
    this.lastSilences = all.filter((s) => s.state !== 'expired');
    return all;
  }

  /** Validates the draft (throws `SilenceValidationError`), creates the silence, returns its id. */
  async createSilence(draft: SilenceDraft, signal?: AbortSignal): Promise<string> {
    const body = buildSilence(draft, this.clock());
    const id = await this.call('create a silence', () => this.api.postSilence(body, signal));
    this.logger.info(`${this.label}: silence ${id} created by ${body.createdBy} until ${body.endsAt}`);
    return id;
  }

  async expireSilence(id: string, signal?: AbortSignal): Promise<void> {
    await this.call(`expire silence ${id}`, () => this.api.deleteSilence(id, signal));
    this.lastSilences = this.lastSilences.filter((s) => s.id !== id);
    this.logger.info(`${this.label}: silence ${id} expired`);
  }

  /** `GET /api/v2/status`: a cheap "is this really an Alertmanager, and is the token right" check. */
  async status(signal?: AbortSignal): Promise<AlertmanagerStatus> {
    return this.call('read status', () => this.api.getStatus(signal));
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof AlertmanagerConfigError) {
        throw error;
      }
      // The one error type, with what to check on an Alertmanager in the message.
      const kind = sourceErrorKind(error);
      const hint = HINTS[kind];
      throw new SourceError(`${this.label}: could not ${what}: ${messageOf(error)}${hint ? ` (${hint})` : ''}`, kind, 'Alertmanager', {
        cause: error,
        status: isRecord(error) && typeof error.status === 'number' ? error.status : undefined,
      });
    }
  }
}

const HINTS: Partial<Record<SourceErrorKind, string>> = {
  offline: 'is the server running and the URL right?',
  tls: "is the server's certificate trusted by this machine?",
  timeout: 'the server did not answer in time',
  auth: 'check the token or user name and password for this instance',
  forbidden: 'the credential lacks permission for this',
  notFound: 'is this the Alertmanager base URL? For Grafana set kind to "grafana"',
  refused: 'check the instance URL',
  badResponse: 'the server did not answer with Alertmanager JSON; is the URL right?',
};

/**
 * Reads the `alertmanager.instances` setting: keeps the valid entries, explains the others
 * (bad URL, missing name, duplicate name) so the view can show why an instance is missing.
 */
export function validateInstances(raw: unknown): { instances: AlertmanagerInstanceConfig[]; problems: string[] } {
  const instances: AlertmanagerInstanceConfig[] = [];
  const problems: string[] = [];
  if (!Array.isArray(raw)) {
    return { instances, problems: raw === undefined ? [] : ['the instance list is not an array'] };
  }
  const names = new Set<string>();
  raw.forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.name !== 'string' || typeof entry.url !== 'string') {
      problems.push(`instance #${i + 1}: needs a "name" and a "url"`);
      return;
    }
    const kind = entry.kind === 'grafana' || entry.kind === 'alertmanager' ? entry.kind : undefined;
    if (entry.kind !== undefined && kind === undefined) {
      problems.push(`instance "${entry.name}": kind must be "alertmanager" or "grafana"`);
      return;
    }
    if (!NAME.test(entry.name)) {
      problems.push(`instance #${i + 1}: "${entry.name}" is not a usable name (1-64 characters, no colon)`);
      return;
    }
    if (names.has(entry.name)) {
      problems.push(`instance "${entry.name}" is configured twice; names must be unique`);
      return;
    }
    try {
      resolveEndpoint(entry.url, kind);
    } catch (error) {
      problems.push(`instance "${entry.name}": ${messageOf(error)}`);
      return;
    }
    names.add(entry.name);
    instances.push(kind ? { name: entry.name, url: entry.url, kind } : { name: entry.name, url: entry.url });
  });
  return { instances, problems };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
