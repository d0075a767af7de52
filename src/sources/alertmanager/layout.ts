/**
 * The Monitor view's grouping of Alertmanager alerts (pure): instance → severity (critical first) →
 * service → alert. Silenced and inhibited alerts say who silenced them and until when; a failing
 * instance says so on its row (its alerts are last known data, marked stale by the shared tree code).
 */
import { severityRank } from '../../core/alertNoise';
import { timeText } from '../../core/format';
import { groupBy } from '../../core/groupBy';
import {
  withHealth,
  type GroupNode,
  type LayoutHelpers,
  type SignalNode,
  type SourceLayoutOptions,
  type ViewLayout,
} from '../../core/phaseTree';
import { Signal, tagValue } from '../../core/signal';
import type { SilenceSummary } from './mapping';

export const ALERTMANAGER_PREFIX = 'alertmanager:';

export function isAlertmanagerSignal(signal: Signal): boolean {
  return signal.source.startsWith(ALERTMANAGER_PREFIX);
}

export function alertmanagerLayout(options: SourceLayoutOptions): ViewLayout {
  return {
    claims: isAlertmanagerSignal,
    build: (signals, helpers) => {
      const now = options.now();
      const bySource = groupBy(signals, (s) => s.source);
      return [...bySource.keys()].sort().map((source) => instanceGroup(source, bySource.get(source)!, helpers, options, now));
    },
  };
}

function instanceGroup(source: string, alerts: Signal[], helpers: LayoutHelpers, options: SourceLayoutOptions, now: number): GroupNode {
  const firing = alerts.filter((a) => a.state.normal === 'firing').length;
  const severities = [...groupBy(alerts, (a) => tagValue(a, 'severity') ?? 'none')]
    .sort(([a], [b]) => severityRank(b) - severityRank(a) || a.localeCompare(b))
    .map(([severity, ofSeverity]) => {
      const services = [...groupBy(ofSeverity, (a) => tagValue(a, 'service') ?? '(no service)')]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([service, list]) =>
          helpers.group(
            `${source}/severity:${severity}/service:${service}`,
            service,
            'service',
            list.sort(byAlertOrder).map((a) => alertNode(a, helpers, now)),
            countText(list),
          ),
        );
      return helpers.group(`${source}/severity:${severity}`, severity, 'severity', services, countText(ofSeverity));
    });
  const group = helpers.group(source, options.label(source) ?? source, 'instance', severities, `${firing} firing`);
  return withHealth(group, options.health(source));
}

// helpers.node builds a fresh node for each call, so setting its description in place is safe (and saves a copy per row).
function alertNode(alert: Signal, helpers: LayoutHelpers, now: number): SignalNode {
  const node = helpers.node(alert);
  node.description = describeAlert(alert, now);
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

/** The alert's silence that ends last (the one that decides when it fires again). */
export function latestSilence(alert: Signal): SilenceSummary | undefined {
  const silences = Array.isArray(alert.detail?.silences) ? (alert.detail.silences as SilenceSummary[]) : [];
  let latest: SilenceSummary | undefined;
  for (const s of silences) {
    if (s && typeof s.endsAt === 'number' && (!latest || s.endsAt > latest.endsAt)) latest = s;
  }
  return latest;
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
