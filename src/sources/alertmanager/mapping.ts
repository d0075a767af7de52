/**
 * Alertmanager v2 alerts and silences → signals. One signal per alert (id by fingerprint);
 * its state says firing, silenced or inhibited, its tags carry alertname, severity, service,
 * environment and instance, and file references in its annotations become file anchors.
 */
import { findFileReferences, type FileReference } from '../../core/codeMapping';
import { FileAnchor, NormalState, Signal, signalId, tag } from '../../core/signal';
import { isRecord, type GettableAlert, type Matcher, type SilenceStateWord } from './api';

/** What a silence looks like to the views: who silenced, until when, why. */
export interface SilenceSummary {
  id: string;
  state: SilenceStateWord;
  matchers: Matcher[];
  createdBy: string;
  comment: string;
  /** Epoch ms. */
  startsAt: number;
  endsAt: number;
  updatedAt: number;
}

export interface AlertMappingContext {
  /** The signal source id, e.g. `alertmanager:prod`. */
  source: string;
  /** The configured instance name. */
  instance: string;
  /** Labels naming the service, first present wins. Default `service`, then `job`. */
  serviceLabels?: readonly string[];
  /** Silences by id, to tell who silenced an alert and until when. */
  silences?: ReadonlyMap<string, SilenceSummary>;
  /**
   * Maps an annotation's file reference to a workspace file (the alert's service lets a
   * service → folder setting pick the folder); without it the reference is kept as written.
   */
  resolveFile?: (reference: FileReference, alert: { service?: string; labels: Record<string, string> }) => FileAnchor | undefined;
  now: number;
}

export const DEFAULT_SERVICE_LABELS: readonly string[] = ['service', 'job'];
// Annotation text scanned for file references is capped per alert: a runaway annotation must not cost more.
const MAX_ANNOTATION_CHARS = 64 * 1024;

/**
 * Checks one element of `GET /api/v2/alerts`; a string explains what is wrong with it.
 * Well-formed parts are used as they are, not copied: this runs for every alert of every poll.
 */
export function parseAlert(raw: unknown): GettableAlert | string {
  if (!isRecord(raw)) {
    return 'alert is not an object';
  }
  if (typeof raw.fingerprint !== 'string' || !raw.fingerprint) {
    return 'alert has no fingerprint';
  }
  if (!isStringMap(raw.labels)) {
    return `alert ${raw.fingerprint} has no valid labels`;
  }
  const status = isRecord(raw.status) ? raw.status : {};
  return {
    fingerprint: raw.fingerprint,
    labels: raw.labels,
    annotations: isStringMap(raw.annotations) ? raw.annotations : {},
    receivers: receiversOf(raw.receivers),
    startsAt: typeof raw.startsAt === 'string' ? raw.startsAt : '',
    endsAt: typeof raw.endsAt === 'string' ? raw.endsAt : '',
    updatedAt: typeof raw.updatedAt === 'string' ? raw.updatedAt : '',
    generatorURL: typeof raw.generatorURL === 'string' ? raw.generatorURL : undefined,
    status: {
      state: status.state === 'active' || status.state === 'suppressed' || status.state === 'unprocessed' ? status.state : 'active',
      silencedBy: stringArray(status.silencedBy),
      inhibitedBy: stringArray(status.inhibitedBy),
      mutedBy: stringArray(status.mutedBy),
    },
  };
}

/** Checks one element of `GET /api/v2/silences`. */
export function parseSilence(raw: unknown): SilenceSummary | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string' || !Array.isArray(raw.matchers)) {
    return undefined;
  }
  const state = isRecord(raw.status) ? raw.status.state : undefined;
  const matchers = raw.matchers
    .filter((m): m is Matcher => isRecord(m) && typeof m.name === 'string' && typeof m.value === 'string')
    .map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex === true, isEqual: m.isEqual !== false }));
  return {
    id: raw.id,
    state: state === 'active' || state === 'pending' || state === 'expired' ? state : 'expired',
    matchers,
    createdBy: typeof raw.createdBy === 'string' ? raw.createdBy : '',
    comment: typeof raw.comment === 'string' ? raw.comment : '',
    startsAt: toEpoch(raw.startsAt) ?? 0,
    endsAt: toEpoch(raw.endsAt) ?? 0,
    updatedAt: toEpoch(raw.updatedAt) ?? 0,
  };
}

/**
 * The normalised state: `status.state` plus who suppresses it (a silence wins over an inhibition).
 * Resolved alerts are never listed by the server, and its clock, not ours, decides when one ends.
 */
export function alertState(alert: GettableAlert): NormalState {
  if (alert.status.state !== 'suppressed') {
    return 'firing';
  }
  if (alert.status.silencedBy.length > 0 || (alert.status.mutedBy?.length ?? 0) > 0) {
    return 'silenced';
  }
  return alert.status.inhibitedBy.length > 0 ? 'inhibited' : 'silenced';
}

/** The service an alert is about: the first of `serviceLabels` it carries. */
export function serviceOf(labels: Record<string, string>, serviceLabels: readonly string[] = DEFAULT_SERVICE_LABELS): string | undefined {
  for (const name of serviceLabels) {
    if (labels[name]) {
      return labels[name];
    }
  }
  return undefined;
}

export function mapAlert(alert: GettableAlert, ctx: AlertMappingContext): Signal {
  const { labels, annotations } = alert;
  const alertname = labels.alertname;
  const severity = labels.severity?.toLowerCase();
  const service = serviceOf(labels, ctx.serviceLabels ?? DEFAULT_SERVICE_LABELS);
  const environment = labels.environment || labels.env || undefined;

  const tags: string[] = [];
  if (alertname) tags.push(tag('alertname', alertname));
  if (severity) tags.push(tag('severity', severity));
  if (service) tags.push(tag('service', service));
  if (environment) tags.push(tag('env', environment));
  if (labels.instance) tags.push(tag('instance', labels.instance));

  const anchors: Signal['anchors'] = {};
  if (environment) {
    anchors.environment = environment;
  }
  const references = fileReferencesOf(annotations);
  if (references.length > 0) {
    const files: FileAnchor[] = [];
    for (const reference of references) {
      const anchor = ctx.resolveFile ? ctx.resolveFile(reference, { service, labels }) : anchorOf(reference);
      if (anchor) {
        files.push(anchor);
      }
    }
    if (files.length > 0) {
      anchors.files = files;
    }
  }

  const silences: SilenceSummary[] = [];
  for (const id of alert.status.silencedBy) {
    const silence = ctx.silences?.get(id);
    if (silence) {
      silences.push(silence);
    }
  }

  const createdAt = toEpoch(alert.startsAt) ?? ctx.now;
  const summary = annotations.summary?.trim();
  const name = alertname ?? alert.fingerprint;
  return {
    id: signalId(ctx.source, 'alert', alert.fingerprint),
    source: ctx.source,
    kind: 'alert',
    title: summary ? `${name}: ${summary}` : name,
    state: { normal: alertState(alert), native: alert.status.state },
    url: httpUrl(alert.generatorURL),
    createdAt,
    updatedAt: alert.updatedAt === alert.startsAt ? createdAt : (toEpoch(alert.updatedAt) ?? createdAt),
    labels: severity ? [severity] : [],
    tags,
    anchors,
    detail: {
      instance: ctx.instance,
      fingerprint: alert.fingerprint,
      labels,
      annotations,
      startsAt: alert.startsAt,
      endsAt: alert.endsAt,
      generatorURL: alert.generatorURL,
      receivers: alert.receivers.map((r) => r.name),
      silencedBy: alert.status.silencedBy,
      inhibitedBy: alert.status.inhibitedBy,
      silences,
      fileReferences: references,
    },
  };
}

/** Maps a whole `GET /api/v2/alerts` answer; malformed elements are skipped and reported, never thrown. */
export function mapAlerts(raws: readonly unknown[], ctx: AlertMappingContext): { signals: Signal[]; warnings: string[] } {
  const signals: Signal[] = [];
  const warnings: string[] = [];
  for (const raw of raws) {
    const alert = parseAlert(raw);
    if (typeof alert === 'string') {
      warnings.push(alert);
    } else {
      signals.push(mapAlert(alert, ctx));
    }
  }
  return { signals, warnings };
}

function fileReferencesOf(annotations: Record<string, string>): FileReference[] {
  let references: FileReference[] | undefined;
  let seen: Set<string> | undefined;
  let budget = MAX_ANNOTATION_CHARS;
  for (const key in annotations) {
    if (budget <= 0) {
      break;
    }
    const value = annotations[key];
    const text = value.length > budget ? value.slice(0, budget) : value;
    budget -= text.length;
    for (const reference of findFileReferences(text, 20)) {
      references ??= [];
      seen ??= new Set();
      const id = `${reference.path}:${reference.line}`;
      if (!seen.has(id)) {
        seen.add(id);
        references.push(reference);
      }
    }
  }
  return references ?? [];
}

function anchorOf(reference: FileReference): FileAnchor {
  const anchor: FileAnchor = { path: reference.path, line: reference.line };
  if (reference.endLine !== undefined) {
    anchor.endLine = reference.endLine;
  }
  return anchor;
}

function httpUrl(value: string | undefined): string | undefined {
  return value && /^https?:\/\//i.test(value) ? value : undefined;
}

function toEpoch(value: unknown): number | undefined {
  if (typeof value !== 'string' || !value) {
    return undefined;
  }
  const ms = Date.parse(value);
  // Go's zero time (`0001-01-01T00:00:00Z`) means "not set".
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

function isStringMap(value: unknown): value is Record<string, string> {
  if (!isRecord(value)) {
    return false;
  }
  for (const key in value) {
    if (typeof value[key] !== 'string') {
      return false;
    }
  }
  return true;
}

/** The array itself when every element is a string (the normal case), else its strings. */
function stringArray(value: unknown): string[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.every((v) => typeof v === 'string') ? value : value.filter((v): v is string => typeof v === 'string');
}

function receiversOf(value: unknown): Array<{ name: string }> {
  if (!Array.isArray(value)) {
    return [];
  }
  const valid = (r: unknown): r is { name: string } => isRecord(r) && typeof r.name === 'string';
  return value.every(valid) ? value : value.filter(valid);
}
