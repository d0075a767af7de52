import { randomUUID } from 'node:crypto';
import { isFullSha } from './gitRunner';

/**
 * The deploy and incident journal's record format (schema `devops-feedback/v1`).
 *
 * A note on a commit under `refs/notes/devops-feedback` holds JSON Lines: one report object per
 * line. Lines never change once written (append-only): resolving an incident appends an
 * `incident-resolution` line that names the incident. `git notes merge -s cat_sort_uniq` then
 * merges concurrent reports by keeping every distinct line of both sides, but sorts them, so the
 * order of events is `reportedAt`, never line order.
 *
 * Every report carries `reportedBy`/`reportedAt`; for a resolution they mean "resolved by/at".
 */

export const REPORT_SCHEMA = 'devops-feedback/v1';

export type DeployStatus = 'success' | 'failed' | 'rolledBack';
export const DEPLOY_STATUSES: readonly DeployStatus[] = ['success', 'failed', 'rolledBack'];

export type IncidentSeverity = 'critical' | 'major' | 'minor';
export const INCIDENT_SEVERITIES: readonly IncidentSeverity[] = ['critical', 'major', 'minor'];

export interface Reporter {
  name: string;
  email: string;
}

/**
 * Another place a report was also sent to (a Tat topic, a chat webhook), recorded on the report so
 * the team sees where else it went. `ref` is what that place calls it (a Tat message id), so a later
 * action (resolving the incident) can find it there again. Optional: lines without it stay valid.
 */
export interface PostedTo {
  /** The service, as its display name says (`Tat`, `Slack`). */
  service: string;
  /** Where, in words (`Tat topic /Team/Deploys`, `Slack #deploys`). */
  where: string;
  ref?: string;
}

interface ReportBase {
  schema: typeof REPORT_SCHEMA;
  /** Unique id (a UUID for reports we write). */
  id: string;
  /** Full SHA of the commit the note is attached to. */
  commit: string;
  reportedBy: Reporter;
  /** ISO 8601 timestamp. */
  reportedAt: string;
}

export interface DeployReport extends ReportBase {
  type: 'deploy';
  environment: string;
  version?: string;
  status: DeployStatus;
  url?: string;
  note?: string;
  postedTo?: PostedTo[];
}

export interface IncidentReport extends ReportBase {
  type: 'incident';
  severity: IncidentSeverity;
  summary: string;
  /** Repository-relative path (`/`-separated) of the code the incident points at. */
  file?: string;
  /** 1-based, inclusive line range in `file` as of `commit`. */
  startLine?: number;
  endLine?: number;
  /** The deploy report this incident follows. */
  deployId?: string;
  /** Ids of alerts or other signals linked to the incident. */
  links?: string[];
  url?: string;
  note?: string;
  postedTo?: PostedTo[];
}

export interface IncidentResolution extends ReportBase {
  type: 'incident-resolution';
  incidentId: string;
  note?: string;
}

export type Report = DeployReport | IncidentReport | IncidentResolution;

/** Limits keep one bad writer from bloating every clone. */
export const LIMITS = {
  environment: 64,
  version: 128,
  summary: 500,
  note: 4000,
  url: 2048,
  file: 1024,
  name: 200,
  id: 100,
  links: 50,
  postedTo: 20,
  line: 16 * 1024,
};

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; error: string };

const ENV_RE = /^[A-Za-z0-9][A-Za-z0-9._\-/ ]*$/;
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Why `name` cannot be an environment name, or undefined when it can (for input boxes). */
export function environmentNameError(name: string): string | undefined {
  if (name.length === 0 || name.length > LIMITS.environment) return `1 to ${LIMITS.environment} characters`;
  return ENV_RE.test(name) ? undefined : 'Letters, digits, and . _ - / or spaces, starting with a letter or digit';
}

/** Validates one parsed JSON value as a v1 report. Unknown extra fields are dropped, not rejected. */
export function validateReport(value: unknown): ValidationResult<Report> {
  if (!isObject(value)) {
    return fail('not a JSON object');
  }
  if (value.schema !== REPORT_SCHEMA) {
    return fail(`schema is ${JSON.stringify(value.schema)}, not ${REPORT_SCHEMA}`);
  }
  const errors: string[] = [];
  const base = {
    schema: REPORT_SCHEMA,
    id: text(value, 'id', LIMITS.id, errors, ID_RE),
    commit: sha(value, 'commit', errors),
    reportedBy: reporter(value.reportedBy, errors),
    reportedAt: timestamp(value, 'reportedAt', errors),
  } as const;
  let report: Report | undefined;
  switch (value.type) {
    case 'deploy':
      report = {
        ...base,
        type: 'deploy',
        environment: text(value, 'environment', LIMITS.environment, errors, ENV_RE),
        status: oneOf(value, 'status', DEPLOY_STATUSES, errors),
        ...optionalText(value, 'version', LIMITS.version, errors),
        ...optionalUrl(value, errors),
        ...optionalText(value, 'note', LIMITS.note, errors),
        ...optionalPostedTo(value, errors),
      };
      break;
    case 'incident': {
      const lines = lineRange(value, errors);
      report = {
        ...base,
        type: 'incident',
        severity: oneOf(value, 'severity', INCIDENT_SEVERITIES, errors),
        summary: text(value, 'summary', LIMITS.summary, errors),
        ...optionalText(value, 'file', LIMITS.file, errors),
        ...lines,
        ...optionalText(value, 'deployId', LIMITS.id, errors, ID_RE),
        ...optionalLinks(value, errors),
        ...optionalUrl(value, errors),
        ...optionalText(value, 'note', LIMITS.note, errors),
        ...optionalPostedTo(value, errors),
      };
      if (report.file !== undefined && (report.file.startsWith('/') || report.file.split('/').includes('..'))) {
        errors.push('file must be a repository-relative path');
      }
      break;
    }
    case 'incident-resolution':
      report = {
        ...base,
        type: 'incident-resolution',
        incidentId: text(value, 'incidentId', LIMITS.id, errors, ID_RE),
        ...optionalText(value, 'note', LIMITS.note, errors),
      };
      break;
    default:
      return fail(`unknown report type ${JSON.stringify(value.type)}`);
  }
  return errors.length > 0 ? fail(errors.join('; ')) : { ok: true, value: report };
}

/** Parses and validates one JSON line. */
export function parseReportLine(line: string): ValidationResult<Report> {
  if (line.length > LIMITS.line) {
    return fail(`line longer than ${LIMITS.line} characters`);
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return fail('not valid JSON');
  }
  return validateReport(value);
}

/**
 * The one JSON line a report is stored as. Keys in a fixed order so the same report always gives
 * the same bytes (cat_sort_uniq then dedups a report fetched back from a remote).
 */
export function serializeReport(report: Report): string {
  const checked = validateReport(report);
  if (!checked.ok) {
    throw new Error(`invalid report: ${checked.error}`);
  }
  // `schema` and `type` first, so a human reading `git notes show` sees what a line is at once.
  const { schema, type, ...rest } = checked.value;
  return JSON.stringify({ schema, type, ...rest });
}

/** What a caller gives to write a report: everything but what writing it adds (schema, id, who, when). */
type NewReport<R extends Report> = Omit<R, 'schema' | 'type' | 'id' | 'reportedBy' | 'reportedAt'>;

export type NewDeploy = NewReport<DeployReport>;
export type NewIncident = NewReport<IncidentReport>;
/** `commit` is the incident's: the resolution is appended to the same note. */
export type NewResolution = NewReport<IncidentResolution>;

/** Builds reports with a fresh id and timestamp; `validateReport` still runs when they are written. */
export function newDeployReport(input: NewDeploy, by: Reporter, now = new Date()): DeployReport {
  return { schema: REPORT_SCHEMA, type: 'deploy', id: randomUUID(), ...clean(input), reportedBy: by, reportedAt: now.toISOString() };
}

export function newIncidentReport(input: NewIncident, by: Reporter, now = new Date()): IncidentReport {
  return { schema: REPORT_SCHEMA, type: 'incident', id: randomUUID(), ...clean(input), reportedBy: by, reportedAt: now.toISOString() };
}

export function newIncidentResolution(input: NewResolution, by: Reporter, now = new Date()): IncidentResolution {
  return {
    schema: REPORT_SCHEMA,
    type: 'incident-resolution',
    id: randomUUID(),
    ...clean(input),
    reportedBy: by,
    reportedAt: now.toISOString(),
  };
}

/** Drops undefined and empty-string optionals so they do not fail validation or bloat lines. */
function clean<T extends object>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== '')) as T;
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const CONTROL_RE = /[\x00-\x08\x0b-\x1f\x7f]/;

function text(obj: Record<string, unknown>, key: string, max: number, errors: string[], pattern?: RegExp): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.trim() === '') {
    errors.push(`${key} must be a non-empty string`);
    return '';
  }
  if (value.length > max) {
    errors.push(`${key} longer than ${max}`);
  } else if (pattern && !pattern.test(value)) {
    errors.push(`${key} has invalid characters`);
  } else if (CONTROL_RE.test(value)) {
    errors.push(`${key} has control characters`);
  }
  return value;
}

function optionalText(obj: Record<string, unknown>, key: string, max: number, errors: string[], pattern?: RegExp): Record<string, string> {
  return obj[key] === undefined ? {} : { [key]: text(obj, key, max, errors, pattern) };
}

function optionalUrl(obj: Record<string, unknown>, errors: string[]): { url?: string } {
  if (obj.url === undefined) {
    return {};
  }
  const url = text(obj, 'url', LIMITS.url, errors);
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      errors.push('url must be http(s)');
    }
  } catch {
    errors.push('url is not a URL');
  }
  return { url };
}

function optionalLinks(obj: Record<string, unknown>, errors: string[]): { links?: string[] } {
  if (obj.links === undefined) {
    return {};
  }
  if (!Array.isArray(obj.links) || obj.links.length > LIMITS.links) {
    errors.push(`links must be an array of at most ${LIMITS.links} strings`);
    return {};
  }
  const links: string[] = [];
  for (const link of obj.links) {
    if (typeof link !== 'string' || link === '' || link.length > LIMITS.url || CONTROL_RE.test(link)) {
      errors.push('links must be non-empty strings');
    } else {
      links.push(link);
    }
  }
  return { links };
}

function optionalPostedTo(obj: Record<string, unknown>, errors: string[]): { postedTo?: PostedTo[] } {
  if (obj.postedTo === undefined) {
    return {};
  }
  if (!Array.isArray(obj.postedTo) || obj.postedTo.length > LIMITS.postedTo) {
    errors.push(`postedTo must be an array of at most ${LIMITS.postedTo} destinations`);
    return {};
  }
  const postedTo: PostedTo[] = [];
  for (const entry of obj.postedTo as unknown[]) {
    if (!isObject(entry)) {
      errors.push('postedTo entries must be objects');
      continue;
    }
    // Keys in a fixed order, so a report always serialises to the same bytes.
    postedTo.push({
      service: text(entry, 'service', LIMITS.name, errors),
      where: text(entry, 'where', LIMITS.name, errors),
      ...optionalText(entry, 'ref', LIMITS.id, errors),
    });
  }
  return { postedTo };
}

function sha(obj: Record<string, unknown>, key: string, errors: string[]): string {
  const value = obj[key];
  if (typeof value !== 'string' || !isFullSha(value)) {
    errors.push(`${key} must be a full lower-case commit SHA`);
    return '';
  }
  return value;
}

function reporter(value: unknown, errors: string[]): Reporter {
  if (!isObject(value)) {
    errors.push('reportedBy must be an object');
    return { name: '', email: '' };
  }
  const name = typeof value.name === 'string' ? value.name : '';
  const email = typeof value.email === 'string' ? value.email : '';
  if (name.length > LIMITS.name || email.length > LIMITS.name || CONTROL_RE.test(name + email) || (name === '' && email === '')) {
    errors.push('reportedBy needs a name or email of sane length');
  }
  return { name, email };
}

function timestamp(obj: Record<string, unknown>, key: string, errors: string[]): string {
  const value = obj[key];
  if (typeof value !== 'string' || !ISO_RE.test(value) || Number.isNaN(Date.parse(value))) {
    errors.push(`${key} must be an ISO 8601 timestamp`);
    return '';
  }
  return value;
}

function oneOf<T extends string>(obj: Record<string, unknown>, key: string, allowed: readonly T[], errors: string[]): T {
  const value = obj[key];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    errors.push(`${key} must be one of ${allowed.join(', ')}`);
    return allowed[0];
  }
  return value as T;
}

function lineRange(obj: Record<string, unknown>, errors: string[]): { startLine?: number; endLine?: number } {
  const out: { startLine?: number; endLine?: number } = {};
  for (const key of ['startLine', 'endLine'] as const) {
    const value = obj[key];
    if (value === undefined) {
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 10_000_000) {
      errors.push(`${key} must be a positive integer`);
      continue;
    }
    out[key] = value;
  }
  if (out.endLine !== undefined && out.startLine === undefined) {
    errors.push('endLine needs startLine');
  }
  if (out.startLine !== undefined && out.endLine !== undefined && out.endLine < out.startLine) {
    errors.push('endLine is before startLine');
  }
  return out;
}
