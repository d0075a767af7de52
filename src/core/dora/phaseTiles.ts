import type { Signal } from '../signal';
import type { ReportEvent, Tile } from './model';
import { phaseHealth, type PhaseHealthOptions } from './phaseHealth';
import { event, tile } from './tile';
import { percent, span } from './span';
import { previousWindow, type TimeWindow } from './window';

/** Phase health as dashboard tiles (no bands: DORA defines none for these), each with its trend. */
export function phaseTiles(signals: readonly Signal[], window: TimeWindow, options: PhaseHealthOptions): Tile[] {
  const now = phaseHealth(signals, window, options);
  const before = phaseHealth(signals, previousWindow(window), options);
  const events = (list: readonly Signal[], value: (s: Signal) => string): ReportEvent[] =>
    list.map((s) => event(s.id, s.kind, s.title, s.createdAt, value(s)));
  const durationOf = (s: Signal) => (typeof s.detail?.durationMs === 'number' ? span(s.detail.durationMs) : s.state.normal);
  const severities = Object.entries(now.alerts.bySeverity)
    .sort((a, b) => b[1] - a[1])
    .map(([severity, n]) => `${n} ${severity}`)
    .join(', ');
  return [
    tile({
      key: 'ciSuccess',
      title: 'CI success (default branch)',
      value: now.ci.successRate,
      previous: before.ci.successRate,
      display: now.ci.successRate === undefined ? '—' : `${percent(now.ci.successRate)} of ${now.ci.runs.length} runs`,
      format: percent,
      higherIsBetter: true,
      definition: 'Finished runs (success or failed) of the default branch started in the window that succeeded.',
      improve:
        now.ci.runs.length === 0
          ? 'No CI run of the default branch is known: connect a CI service.'
          : 'Fix or quarantine the flakiest job first.',
      spark: [],
      events: events(now.ci.runs, (s) => s.state.normal),
    }),
    tile({
      key: 'ciDuration',
      title: 'CI duration (median)',
      value: now.ci.medianDurationMs,
      previous: before.ci.medianDurationMs,
      display: now.ci.medianDurationMs === undefined ? '—' : span(now.ci.medianDurationMs),
      format: span,
      higherIsBetter: false,
      definition: 'Median duration of the finished default-branch runs of the window.',
      improve: 'Cache dependencies and split the slowest job to shorten it.',
      spark: [],
      events: events(now.ci.runs, durationOf),
    }),
    tile({
      key: 'prCycle',
      title: 'Pull request cycle time',
      value: now.pullRequests.medianCycleMs,
      previous: before.pullRequests.medianCycleMs,
      display:
        now.pullRequests.medianCycleMs === undefined
          ? '—'
          : `${span(now.pullRequests.medianCycleMs)} (${now.pullRequests.merged.length} merged)`,
      format: span,
      higherIsBetter: false,
      definition: 'From opened to merged, for pull/merge requests merged in the window; median.',
      improve:
        now.pullRequests.merged.length === 0
          ? 'No merged pull request is known in this window.'
          : 'Smaller pull requests are reviewed and merged sooner.',
      spark: [],
      events: events(now.pullRequests.merged, (s) => s.state.normal),
    }),
    tile({
      key: 'reviewWait',
      title: 'Review wait',
      value: now.pullRequests.medianReviewWaitMs,
      previous: before.pullRequests.medianReviewWaitMs,
      display: now.pullRequests.medianReviewWaitMs === undefined ? '—' : span(now.pullRequests.medianReviewWaitMs),
      format: span,
      higherIsBetter: false,
      definition: 'From opened to the first review, for pull requests opened in the window that have one; median.',
      improve: 'Agree on a review turnaround, and request reviewers when opening.',
      spark: [],
      events: events(now.pullRequests.reviewed, (s) => s.state.normal),
    }),
    tile({
      key: 'alerts',
      title: 'Alerts firing',
      value: now.alerts.firing.length,
      display: now.alerts.firing.length === 0 ? '0' : `${now.alerts.firing.length} (${severities})`,
      format: String,
      definition: 'Alerts firing now, by severity (not silenced or inhibited).',
      improve: now.alerts.firing.length === 0 ? 'Nothing firing.' : 'Silence what is known and noisy; page only on what needs a human.',
      spark: [],
      events: events(now.alerts.firing, (s) => s.labels[0] ?? ''),
    }),
    tile({
      key: 'errors',
      title: 'New errors',
      value: now.errors.newInWindow.length,
      previous: before.errors.newInWindow.length,
      display: String(now.errors.newInWindow.length),
      format: String,
      higherIsBetter: false,
      definition: 'Error issues first seen in the window (from an error tracker).',
      improve: now.errors.newInWindow.length === 0 ? 'No new error in this window.' : 'Triage the new issues that follow a deploy first.',
      spark: [],
      events: events(now.errors.newInWindow, (s) => s.labels[0] ?? ''),
    }),
  ];
}
