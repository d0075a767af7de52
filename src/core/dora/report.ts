import type { Signal } from '../signal';
import { BAND_EDITION, BAND_THRESHOLDS, failureRateBand, frequencyBand, leadTimeBand, recoveryBand } from './bands';
import { changeFailureRate } from './changeFailureRate';
import { deploymentFrequency } from './deploymentFrequency';
import { doraDeploys, environmentsOf, servicesOf } from './deploys';
import type { CommitGraph } from './firstDeploy';
import { failureInsight, frequencyInsight, leadTimeInsight, recoveryInsight } from './insights';
import { leadTime } from './leadTime';
import type { DayCount, DoraReport, HistogramBin, Tile } from './model';
import { phaseTiles } from './phaseTiles';
import { recoveryTime } from './recoveryTime';
import { buildSelection, type Selection } from './selection';
import { percent, span } from './span';
import { event, tile } from './tile';
import { currentWindow, DAY_MS, previousWindow, type TimeWindow } from './window';

/**
 * The whole dashboard for one environment (and optionally one service) over one window: the four
 * keys with band, trend and sparkline, phase health, the two charts, and notes on missing inputs.
 */
export interface ReportOptions {
  now: number;
  days: number;
  environment?: string;
  preferredEnvironment: string;
  service?: string;
  graphs: ReadonlyMap<string, CommitGraph>;
  defaultBranches?: Readonly<Record<string, string>>;
  utcOffsetMinutes?: number;
}

/** Sparkline resolution: one bucket per day up to two weeks, then 15 equal buckets. */
const MAX_BUCKETS = 15;

export function buildDoraReport(signals: readonly Signal[], options: ReportOptions): DoraReport {
  const window = currentWindow(options.now, options.days);
  const previous = previousWindow(window);
  const selection = buildSelection(signals, options);
  const buckets = bucketsOf(window);
  const all = doraDeploys(signals);

  const freq = deploymentFrequency(selection, window);
  const freqBefore = deploymentFrequency(selection, previous);
  const lead = leadTime(selection, window);
  const leadBefore = leadTime(selection, previous);
  const cfr = changeFailureRate(selection, window);
  const cfrBefore = changeFailureRate(selection, previous);
  const rec = recoveryTime(selection, window);
  const recBefore = recoveryTime(selection, previous);
  const titleOf = new Map(selection.deploys.map((d) => [d.id, d.title]));

  const keys: Tile[] = [
    tile({
      key: 'deploymentFrequency',
      title: 'Deployment frequency',
      value: freq.perDay,
      previous: freqBefore.perDay,
      display: perDayText(freq.perDay, freq.count),
      format: (v) => perDayText(v),
      higherIsBetter: true,
      band: frequencyBand(freq.perDay),
      definition: 'Successful deploys to the environment in the window, per day.',
      thresholds: BAND_THRESHOLDS.deploymentFrequency,
      improve: frequencyInsight(freq, window),
      spark: buckets.map((b) => deploymentFrequency(selection, b).count),
      events: freq.deploys.map((d) => event(d.id, 'deployment', d.title, d.at, d.version ?? d.commit.slice(0, 8))),
    }),
    tile({
      key: 'leadTime',
      title: 'Lead time for changes',
      value: lead.medianMs,
      previous: leadBefore.medianMs,
      display: lead.medianMs === undefined ? '—' : `${span(lead.medianMs)} (p90 ${span(lead.p90Ms as number)})`,
      format: span,
      higherIsBetter: false,
      ...(lead.medianMs !== undefined ? { band: leadTimeBand(lead.medianMs) } : {}),
      definition:
        'From commit (committer time) to the first successful deploy to the environment that contains it, by commit ancestry; median, and 90th percentile.',
      thresholds: BAND_THRESHOLDS.leadTime,
      improve: leadTimeInsight(lead),
      spark: buckets.map((b) => leadTime(selection, b).medianMs ?? null),
      events: [...lead.changes]
        .sort((a, b) => b.leadMs - a.leadMs)
        .map((c) => ({
          ...event(
            c.commit,
            'commit',
            `${c.commit.slice(0, 8)} → ${titleOf.get(c.deployId) ?? 'deploy'}`,
            c.deployedAt,
            `lead ${span(c.leadMs)}${c.skewed ? ' (clock skew)' : ''}`,
          ),
          signalId: c.deployId,
        })),
    }),
    tile({
      key: 'changeFailureRate',
      title: 'Change failure rate',
      value: cfr.rate,
      previous: cfrBefore.rate,
      display: cfr.rate === undefined ? '—' : `${percent(cfr.rate)} (${cfr.failed.length} of ${cfr.attempts.length})`,
      format: percent,
      higherIsBetter: false,
      ...(cfr.rate !== undefined ? { band: failureRateBand(cfr.rate) } : {}),
      definition: 'Deploys of the window that failed, were rolled back or had an incident linked to them, over all deploys attempted.',
      thresholds: BAND_THRESHOLDS.changeFailureRate,
      improve: failureInsight(cfr, options.utcOffsetMinutes ?? 0),
      spark: buckets.map((b) => changeFailureRate(selection, b).rate ?? null),
      events: cfr.failed.map(({ deploy, failures }) =>
        event(deploy.id, 'deployment', deploy.title, deploy.at, [...new Set(failures.map((f) => causeText[f.cause]))].join(', ')),
      ),
    }),
    tile({
      key: 'recoveryTime',
      title: 'Time to restore',
      value: rec.medianMs,
      previous: recBefore.medianMs,
      display: rec.medianMs === undefined ? '—' : span(rec.medianMs),
      format: span,
      higherIsBetter: false,
      ...(rec.medianMs !== undefined ? { band: recoveryBand(rec.medianMs) } : {}),
      definition:
        'Failures that began in the window: incident reported → resolved, failed deploy → next successful deploy, rolled-back deploy → rollback; median.',
      thresholds: BAND_THRESHOLDS.recoveryTime,
      improve: recoveryInsight(rec),
      spark: buckets.map((b) => recoveryTime(selection, b).medianMs ?? null),
      events: rec.recoveries.map((r) =>
        event(
          r.id,
          r.kind === 'incident' ? 'incident' : 'deployment',
          r.title,
          r.startedAt,
          r.ms === undefined ? 'still open' : span(r.ms),
        ),
      ),
    }),
  ];

  return {
    edition: BAND_EDITION,
    generatedAt: options.now,
    window,
    environment: selection.environment,
    environments: environmentsOf(all),
    ...(options.service ? { service: options.service } : {}),
    services: servicesOf(all),
    keys,
    phases: phaseTiles(signals, window, options),
    deploysPerDay: deploysPerDay(selection, window),
    leadTimeHistogram: histogram(lead.changes.map((c) => c.leadMs)),
    notes: notes(signals, selection, lead.skewed, freq.count, previous.start),
  };
}

const causeText = { failed: 'failed', rolledBack: 'rolled back', incident: 'incident' } as const;

function perDayText(perDay: number, count?: number): string {
  const rate = perDay >= 1 ? `${(Math.round(perDay * 10) / 10).toString()}/day` : `${(Math.round(perDay * 70) / 10).toString()}/week`;
  return count === undefined ? rate : `${rate} (${count} deploys)`;
}

function bucketsOf(window: TimeWindow): TimeWindow[] {
  const n = Math.min(MAX_BUCKETS, window.days);
  const size = (window.end - window.start) / n;
  return Array.from({ length: n }, (_, i) => ({ start: window.start + i * size, end: window.start + (i + 1) * size, days: size / DAY_MS }));
}

function deploysPerDay(selection: Selection, window: TimeWindow): DayCount[] {
  const days: DayCount[] = Array.from({ length: window.days }, (_, i) => ({ day: window.start + i * DAY_MS, success: 0, failed: 0 }));
  for (const d of selection.deploys) {
    const i = Math.floor((d.at - window.start) / DAY_MS);
    if (d.at < window.start || d.at >= window.end || d.status === 'rolledBack') continue;
    days[i][d.status === 'success' ? 'success' : 'failed']++;
  }
  return days;
}

/** Lead-time bins on the band boundaries, so the chart reads against the thresholds. */
const BINS: Array<[number, string]> = [
  [3600_000, '< 1 h'],
  [DAY_MS, '1 h – 1 d'],
  [7 * DAY_MS, '1 d – 1 w'],
  [30 * DAY_MS, '1 w – 1 mo'],
  [Infinity, '> 1 mo'],
];

function histogram(samples: readonly number[]): HistogramBin[] {
  const bins = BINS.map(([, label]) => ({ label, count: 0 }));
  for (const s of samples) bins[BINS.findIndex(([limit]) => s < limit)].count++;
  return bins;
}

function notes(signals: readonly Signal[], selection: Selection, skewed: number, deployCount: number, since: number): string[] {
  const out: string[] = [];
  const where = selection.environment;
  if (selection.deploys.length === 0) {
    out.push(
      `No deploy recorded for ${where}: report deploys with DevOps: Report Deploy… (kept in git notes) or connect a service that deploys.`,
    );
  } else if (deployCount === 0) {
    out.push(`No successful deploy to ${where} in this window.`);
  }
  if (!signals.some((s) => s.kind === 'incident')) {
    out.push(
      'No incidents recorded: change failure rate counts failed deploys and rollbacks only, and time to restore measures failed deploys only.',
    );
  }
  if (selection.unlinked.length > 0) {
    out.push(
      `${selection.unlinked.length} incident(s) are tied to no deploy of ${where} (no deploy link, and their commit is in none of its deploys): counted in time to restore, not in change failure rate.`,
    );
  }
  if (selection.unscoped.length > 0) {
    out.push(`${selection.unscoped.length} incident(s) name no environment: counted for ${where}, the preferred environment.`);
  }
  for (const repo of selection.missingGraphs) {
    out.push(
      `Lead time: no commit history of ${repo || 'an unnamed repository'} in this workspace; its deploys are counted, their changes are not.`,
    );
  }
  if (skewed > 0) out.push(`${skewed} commit(s) are dated after their deploy (clock skew): their lead time counts as 0.`);
  const first = selection.deploys.find((d) => d.status === 'success');
  if (first && first.at >= since) {
    out.push(
      `The first deploy recorded for ${where} (${first.title}) is the baseline: the commits it contains were live before deploys were recorded, so they have no lead time.`,
    );
  }
  return out;
}
