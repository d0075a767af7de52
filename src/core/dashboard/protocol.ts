/**
 * Messages between the dashboard panel host (extension) and its page (webview), with run-time
 * validators; shared by both sides (no `vscode`, no DOM). Like the details protocol, anything that
 * does not match one of these shapes exactly is dropped on arrival.
 */
import type { DoraReport, ReportEvent, Tile } from '../dora/model';
import { isWindowDays, type WindowDays } from '../dora/window';

export const DASHBOARD_VIEW_TYPE = 'devops.dashboard';

export interface DashboardChoice {
  days: WindowDays;
  environment?: string;
  service?: string;
}

export type DashboardHostMessage = { type: 'dashboard'; report: DoraReport; choice: DashboardChoice };

export type DashboardPageMessage =
  | { type: 'ready' }
  | { type: 'select'; choice: DashboardChoice }
  /** Open the details of a signal behind a tile (the host checks it is one of the report's). */
  | { type: 'open'; signalId: string }
  | { type: 'export' };

type Obj = Record<string, unknown>;
const MAX = 10_000;

function isObject(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
function isText(x: unknown): x is string {
  return typeof x === 'string' && x.length <= MAX;
}
function isName(x: unknown): x is string {
  return isText(x) && x.length > 0 && !/[\u0000-\u001f\u007f]/.test(x);
}
function isNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}
function only(x: Obj, keys: readonly string[]): boolean {
  return Object.keys(x).every((k) => keys.includes(k));
}
function optional<T>(x: unknown, check: (v: unknown) => v is T): boolean {
  return x === undefined || check(x);
}

export function isChoice(x: unknown): x is DashboardChoice {
  return (
    isObject(x) &&
    only(x, ['days', 'environment', 'service']) &&
    isWindowDays(x.days) &&
    optional(x.environment, isName) &&
    optional(x.service, isName)
  );
}

function isEvent(x: unknown): x is ReportEvent {
  return (
    isObject(x) && isName(x.ref) && isName(x.kind) && isText(x.title) && isNumber(x.at) && isText(x.value) && optional(x.signalId, isName)
  );
}

const BANDS = ['elite', 'high', 'medium', 'low'];
const TRENDS = ['better', 'worse', 'same', 'unknown'];

function isTile(x: unknown): x is Tile {
  return (
    isObject(x) &&
    isName(x.key) &&
    isText(x.title) &&
    optional(x.value, isNumber) &&
    isText(x.display) &&
    (x.band === undefined || BANDS.includes(x.band as string)) &&
    TRENDS.includes(x.trend as string) &&
    isText(x.definition) &&
    isText(x.improve) &&
    Array.isArray(x.spark) &&
    x.spark.every((v) => v === null || isNumber(v)) &&
    Array.isArray(x.events) &&
    x.events.every(isEvent) &&
    isNumber(x.eventCount)
  );
}

export function isReport(x: unknown): x is DoraReport {
  return (
    isObject(x) &&
    isText(x.edition) &&
    isNumber(x.generatedAt) &&
    isObject(x.window) &&
    isNumber(x.window.start) &&
    isNumber(x.window.end) &&
    isNumber(x.window.days) &&
    isText(x.environment) &&
    Array.isArray(x.environments) &&
    x.environments.every(isName) &&
    Array.isArray(x.services) &&
    x.services.every(isName) &&
    Array.isArray(x.keys) &&
    x.keys.every(isTile) &&
    Array.isArray(x.phases) &&
    x.phases.every(isTile) &&
    Array.isArray(x.deploysPerDay) &&
    x.deploysPerDay.every((d) => isObject(d) && isNumber(d.day) && isNumber(d.success) && isNumber(d.failed)) &&
    Array.isArray(x.leadTimeHistogram) &&
    x.leadTimeHistogram.every((b) => isObject(b) && isText(b.label) && isNumber(b.count)) &&
    Array.isArray(x.notes) &&
    x.notes.every(isText)
  );
}

export function isDashboardHostMessage(x: unknown): x is DashboardHostMessage {
  return isObject(x) && x.type === 'dashboard' && only(x, ['type', 'report', 'choice']) && isReport(x.report) && isChoice(x.choice);
}

export function isDashboardPageMessage(x: unknown): x is DashboardPageMessage {
  if (!isObject(x)) return false;
  switch (x.type) {
    case 'ready':
    case 'export':
      return only(x, ['type']);
    case 'select':
      return only(x, ['type', 'choice']) && isChoice(x.choice);
    case 'open':
      return only(x, ['type', 'signalId']) && isName(x.signalId);
    default:
      return false;
  }
}

/** The signal ids a page may ask to open: the ones behind this report's tiles. */
export function openableIds(report: DoraReport): Set<string> {
  const ids = new Set<string>();
  for (const t of [...report.keys, ...report.phases]) for (const e of t.events) if (e.signalId) ids.add(e.signalId);
  return ids;
}
