/**
 * Which alerts deserve a notification (noise control). A notification is for an alert that
 * starts firing while the window is open, at or above a severity threshold, once per alert,
 * never for a muted service, and never for what was already there when the window opened
 * (the first successful refresh of each source is its baseline).
 */
import { NormalState, Signal, tagValue } from './signal';

/** Ranks: critical 4 > error/high 3 > warning 2 > info 1 > unknown 0. */
const SEVERITY_RANKS: Record<string, number> = {
  critical: 4,
  fatal: 4,
  emergency: 4,
  page: 4,
  p1: 4,
  error: 3,
  high: 3,
  major: 3,
  p2: 3,
  warning: 2,
  warn: 2,
  medium: 2,
  minor: 2,
  p3: 2,
  info: 1,
  informational: 1,
  notice: 1,
  low: 1,
  debug: 1,
  none: 1,
  p4: 1,
  p5: 1,
};

/** A severity word's rank (case-insensitive); 0 for unknown or missing words. */
export function severityRank(severity: string | undefined): number {
  return severity ? (SEVERITY_RANKS[severity.trim().toLowerCase()] ?? 0) : 0;
}

/** What the filter needs to know about one alert. */
export interface AlertObservation {
  /** Stable per alert: the signal id (which holds the alert's fingerprint). */
  id: string;
  state: NormalState;
  severity?: string;
  service?: string;
}

export interface AlertNoiseOptions {
  /** Lowest severity that notifies. Default `critical`. */
  threshold?: string;
  mutedServices?: Iterable<string>;
  /** Alert ids remembered (notified or seen at baseline); the oldest are forgotten beyond it. */
  maxRemembered?: number;
}

export class AlertNoiseFilter {
  private thresholdRank: number;
  private readonly muted: Set<string>;
  private readonly baselined = new Set<string>();
  /** Ids that never notify again: seen at a baseline, notified, or swallowed by a mute. */
  private readonly settled = new Set<string>();
  private readonly maxRemembered: number;

  constructor(options: AlertNoiseOptions = {}) {
    this.thresholdRank = thresholdRankOf(options.threshold);
    this.muted = new Set(options.mutedServices ?? []);
    this.maxRemembered = options.maxRemembered ?? 50_000;
  }

  setThreshold(threshold: string): void {
    this.thresholdRank = thresholdRankOf(threshold);
  }

  mute(service: string): void {
    this.muted.add(service);
  }

  unmute(service: string): void {
    this.muted.delete(service);
  }

  isMuted(service: string | undefined): boolean {
    return service !== undefined && this.muted.has(service);
  }

  mutedServices(): string[] {
    return [...this.muted].sort();
  }

  /** Marks ids as already seen (e.g. alerts restored from the snapshot at start). */
  markSeen(ids: Iterable<string>): void {
    for (const id of ids) {
      this.remember(id);
    }
  }

  /**
   * Feeds one successful refresh of `source` and returns the alerts to notify about now.
   * The first call for a source only records its baseline and returns nothing.
   */
  observe(source: string, alerts: readonly AlertObservation[]): AlertObservation[] {
    if (!this.baselined.has(source)) {
      this.baselined.add(source);
      this.markSeen(alerts.map((a) => a.id));
      return [];
    }
    const notify: AlertObservation[] = [];
    for (const alert of alerts) {
      if (alert.state !== 'firing' || this.settled.has(alert.id)) {
        continue;
      }
      if (severityRank(alert.severity) < this.thresholdRank) {
        // Not settled: if the threshold is lowered later, a still-new alert can notify then.
        continue;
      }
      // A muted service's alert is settled too, so unmuting does not release a burst of old news.
      this.remember(alert.id);
      if (!this.isMuted(alert.service)) {
        notify.push(alert);
      }
    }
    return notify;
  }

  /** `observe` for alert signals: severity and service come from their `severity:` and `service:` tags. */
  observeSignals(source: string, signals: readonly Signal[]): Signal[] {
    const byId = new Map(signals.map((s) => [s.id, s]));
    const chosen = this.observe(source, signals.filter((s) => s.kind === 'alert').map(observationOf));
    return chosen.map((o) => byId.get(o.id)!);
  }

  private remember(id: string): void {
    this.settled.delete(id);
    this.settled.add(id);
    if (this.settled.size > this.maxRemembered) {
      // Sets iterate in insertion order: the first is the oldest.
      this.settled.delete(this.settled.values().next().value as string);
    }
  }
}

export function observationOf(signal: Signal): AlertObservation {
  return {
    id: signal.id,
    state: signal.state.normal,
    severity: tagValue(signal, 'severity'),
    service: tagValue(signal, 'service'),
  };
}

function thresholdRankOf(threshold: string | undefined): number {
  const rank = severityRank(threshold ?? 'critical');
  // An unknown threshold word falls back to the default rather than notifying for everything.
  return rank > 0 ? rank : SEVERITY_RANKS.critical;
}

/** How many alerts of critical severity are firing (not silenced or inhibited): the Monitor view's badge. */
export function criticalFiringCount(signals: Iterable<Signal>): number {
  let n = 0;
  for (const s of signals) {
    if (s.kind === 'alert' && s.state.normal === 'firing' && severityRank(tagValue(s, 'severity')) >= severityRank('critical')) n++;
  }
  return n;
}
