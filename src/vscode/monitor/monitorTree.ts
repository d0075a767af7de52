/**
 * The Monitor view's own grouping (pure, no `vscode`): Alertmanager alerts as instance → severity
 * (critical first) → service → alert, Sentry issues as organization → project → level → issue.
 * Silenced and inhibited alerts say who silenced them and until when; a failing instance says so on
 * its row (its alerts are last known data, marked stale by the shared tree code).
 */
import { severityRank } from '../../core/alertNoise';
import { groupBy } from '../../core/groupBy';
import type { SourceHealth } from '../../core/hub';
import type { GroupNode, LayoutHelpers, SignalNode, TreeNode, ViewLayout } from '../../core/phaseTree';
import { Signal, tagValue } from '../../core/signal';
import type { SilenceSummary } from '../../sources/alertmanager/mapping';

export const ALERTMANAGER_PREFIX = 'alertmanager:';
export const SENTRY_PREFIX = 'sentry:';

export interface MonitorTreeOptions {
  /** Health of a source (the Refresher records it), to mark failing instances. */
  health(source: string): SourceHealth | undefined;
  /** Human name of a source, e.g. `Alertmanager · prod`; default the id. */
  label(source: string): string | undefined;
  now(): number;
}

export function isMonitorSignal(signal: Signal): boolean {
  return signal.source.startsWith(ALERTMANAGER_PREFIX) || signal.source.startsWith(SENTRY_PREFIX);
}

export function monitorLayout(options: MonitorTreeOptions): ViewLayout {
  return {
    claims: isMonitorSignal,
    build: (signals, helpers) => buildMonitorTree(signals, helpers, options),
  };
}

export function buildMonitorTree(signals: readonly Signal[], helpers: LayoutHelpers, options: MonitorTreeOptions): TreeNode[] {
  const now = options.now();
  const bySource = groupBy(signals, (s) => s.source);
  const alertSources = [...bySource.keys()].filter((k) => k.startsWith(ALERTMANAGER_PREFIX)).sort();
  const sentrySources = [...bySource.keys()].filter((k) => k.startsWith(SENTRY_PREFIX)).sort();
  const roots: TreeNode[] = [];
  for (const source of alertSources) {
    roots.push(instanceGroup(source, bySource.get(source)!, helpers, options, now));
  }
  for (const source of sentrySources) {
    roots.push(sentryGroup(source, bySource.get(source)!, helpers, options));
  }
  return roots;
}

function instanceGroup(source: string, alerts: Signal[], helpers: LayoutHelpers, options: MonitorTreeOptions, now: number): GroupNode {
  const firing = alerts.filter((a) => a.state.normal === 'firing').length;
  const severities = [...groupBy(alerts, (a) => tagValue(a, 'severity') ?? 'none')]
    .sort(([a], [b]) => severityRank(b) - severityRank(a) || a.localeCompare(b))
    .map(([severity, ofSeverity]) => {
      const services = [...groupBy(ofSeverity, (a) => tagValue(a, 'service') ?? '(no service)')]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([service, list]) => helpers.group(
          `${source}/severity:${severity}/service:${service}`,
          service,
          'service',
          list.sort(byAlertOrder).map((a) => alertNode(a, helpers, now)),
          countText(list),
        ));
      return helpers.group(`${source}/severity:${severity}`, severity, 'severity', services, countText(ofSeverity));
    });
  const group = helpers.group(source, options.label(source) ?? source, 'instance', severities, `${firing} firing`);
  return withHealth(group, options.health(source));
}

function sentryGroup(source: string, issues: Signal[], helpers: LayoutHelpers, options: MonitorTreeOptions): GroupNode {
  const projects = [...groupBy(issues, (i) => tagValue(i, 'project') ?? '(no project)')]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([project, ofProject]) => {
      const levels = [...groupBy(ofProject, (i) => tagValue(i, 'level') ?? 'error')]
        .sort(([a], [b]) => severityRank(b) - severityRank(a) || a.localeCompare(b))
        .map(([level, list]) => helpers.group(
          `${source}/project:${project}/level:${level}`,
          level,
          'severity',
          list.sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id)).map((i) => issueNode(i, helpers)),
          String(list.length),
        ));
      return helpers.group(`${source}/project:${project}`, project, 'project', levels, String(ofProject.length));
    });
  const group = helpers.group(source, options.label(source) ?? source, 'sentry', projects, `${issues.length} unresolved`);
  return withHealth(group, options.health(source));
}

/** A failing source keeps its rows (stale); its group says why in the description and hover. */
function withHealth(group: GroupNode, health: SourceHealth | undefined): GroupNode {
  if (!health || health.status === 'ok') {
    return group;
  }
  const why = health.status === 'error' ? 'unreachable' : 'not refreshed yet';
  return {
    ...group,
    description: `${group.description ?? ''} · ${why}, showing last data`.replace(/^ · /, ''),
    tooltip: `${health.message ?? why}${health.lastSuccessAt ? `\nLast success: ${new Date(health.lastSuccessAt).toLocaleString()}` : ''}`,
  };
}

// helpers.node builds a fresh node for each call, so setting its description in place is safe (and saves a copy per row).
function alertNode(alert: Signal, helpers: LayoutHelpers, now: number): SignalNode {
  const node = helpers.node(alert);
  node.description = describeAlert(alert, now);
  return node;
}

function issueNode(issue: Signal, helpers: LayoutHelpers): SignalNode {
  const node = helpers.node(issue);
  node.description = describeIssue(issue);
  return node;
}

/**
 * `firing`, `silenced by ada until 14:30`, `inhibited by 2 alerts` (the tree adds how long ago the
 * alert last changed).
 */
export function describeAlert(alert: Signal, now: number): string {
  switch (alert.state.normal) {
    case 'silenced': {
      const silence = latestSilence(alert);
      if (!silence) return 'silenced';
      return `silenced by ${silence.createdBy || 'someone'} until ${timeText(silence.endsAt, now)}`;
    }
    case 'inhibited': {
      const n = Array.isArray(alert.detail?.inhibitedBy) ? alert.detail.inhibitedBy.length : 0;
      return n > 0 ? `inhibited by ${n} ${n === 1 ? 'alert' : 'alerts'}` : 'inhibited';
    }
    default:
      return alert.state.normal;
  }
}

/** `1,523 events · 87 users` (the tree adds when it was last seen). */
export function describeIssue(issue: Signal): string {
  const d = issue.detail ?? {};
  const parts: string[] = [];
  if (typeof d.count === 'number') parts.push(`${d.count.toLocaleString('en-US')} ${d.count === 1 ? 'event' : 'events'}`);
  if (typeof d.userCount === 'number') parts.push(`${d.userCount.toLocaleString('en-US')} ${d.userCount === 1 ? 'user' : 'users'}`);
  return parts.join(' · ') || issue.state.native;
}

/** The alert's silence that ends last (the one that decides when it fires again). */
export function latestSilence(alert: Signal): SilenceSummary | undefined {
  const silences = Array.isArray(alert.detail?.silences) ? alert.detail.silences as SilenceSummary[] : [];
  let latest: SilenceSummary | undefined;
  for (const s of silences) {
    if (s && typeof s.endsAt === 'number' && (!latest || s.endsAt > latest.endsAt)) latest = s;
  }
  return latest;
}

/** `14:30` today, `Nov 24, 14:30` on another day (local time). */
export function timeText(at: number, now: number): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return date.toDateString() === new Date(now).toDateString()
    ? time
    : `${date.toLocaleDateString('en-US', { month: 'short', day: 'numeric' })}, ${time}`;
}

/** How many alerts of critical severity are firing (not silenced or inhibited): the view's badge. */
export function criticalFiringCount(signals: Iterable<Signal>): number {
  let n = 0;
  for (const s of signals) {
    if (s.kind === 'alert' && s.state.normal === 'firing' && severityRank(tagValue(s, 'severity')) >= severityRank('critical')) n++;
  }
  return n;
}

/** Firing first, then silenced/inhibited; newest first within each. */
function byAlertOrder(a: Signal, b: Signal): number {
  const rank = (s: Signal) => (s.state.normal === 'firing' ? 0 : 1);
  return rank(a) - rank(b) || b.createdAt - a.createdAt || a.id.localeCompare(b.id);
}

function countText(alerts: readonly Signal[]): string {
  const firing = alerts.filter((a) => a.state.normal === 'firing').length;
  return firing === alerts.length ? String(alerts.length) : `${firing} firing · ${alerts.length - firing} muted`;
}
