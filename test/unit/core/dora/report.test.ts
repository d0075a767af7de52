import assert from 'node:assert/strict';
import { forPage } from '../../../../src/core/dashboard/forPage';
import { reportCsv, reportJson } from '../../../../src/core/dora/exportMetrics';
import { buildDoraReport } from '../../../../src/core/dora/report';
import { phaseHealth } from '../../../../src/core/dora/phaseHealth';
import { currentWindow } from '../../../../src/core/dora/window';
import { signalId, type Signal } from '../../../../src/core/signal';
import { at, DAY, deploy, deployId, graph, HOUR, incident, REPO } from './history';

const g = graph({ c: { hours: 20, parents: ['b'] }, d: { hours: 30, parents: ['c'] } });
const base = { now: at(72), days: 7, preferredEnvironment: 'production', graphs: new Map([[REPO, g]]), utcOffsetMinutes: 0 };

describe('dora report', () => {
  it('says which inputs are missing: no deploys, no incidents', () => {
    const report = buildDoraReport([], base);
    assert.equal(report.environment, 'production');
    assert.deepEqual(
      report.keys.map((k) => [k.key, k.display, k.band]),
      [
        ['deploymentFrequency', '0/week (0 deploys)', 'low'],
        ['leadTime', '—', undefined],
        ['changeFailureRate', '—', undefined],
        ['recoveryTime', '—', undefined],
      ],
    );
    assert.ok(report.notes.some((n) => n.startsWith('No deploy recorded for production')));
    assert.ok(
      report.notes.some((n) => n.startsWith('No incidents recorded: change failure rate counts failed deploys and rollbacks only')),
    );
    assert.match(report.edition, /2023/);
  });

  it('fills tiles, trend, sparkline, charts and the events behind each number', () => {
    const signals: Signal[] = [
      deploy('D0', 'b', 12 - 7 * 24), // previous window: the baseline
      deploy('D1', 'c', 24),
      deploy('D2', 'd', 48),
      deploy('D3', 'd', 50, 'failed'),
      incident('I', 49, { deploy: 'D2', environment: 'production', resolvedHours: 49.5 }),
    ];
    const report = buildDoraReport(signals, base);
    const [freq, lead, cfr, rec] = report.keys;
    assert.equal(freq.value, 2 / 7);
    assert.equal(freq.previous, 1 / 7);
    assert.equal(freq.trend, 'better');
    assert.equal(freq.band, 'high');
    assert.equal(freq.spark.length, 7);
    assert.equal(
      freq.spark.reduce((a, b) => (a ?? 0) + (b ?? 0), 0),
      2,
    );
    assert.deepEqual(
      lead.events.map((e) => [e.kind, e.value, e.signalId]),
      [
        ['commit', 'lead 18 h', deployId('D2')],
        ['commit', 'lead 4 h', deployId('D1')],
      ],
    );
    assert.equal(lead.value, 4 * HOUR);
    assert.equal(lead.band, 'elite');
    assert.equal(cfr.value, 2 / 3); // D2 (incident) and D3 (failed) of D1 D2 D3
    assert.equal(cfr.band, 'low');
    assert.deepEqual(
      cfr.events.map((e) => [e.ref, e.value]),
      [
        [deployId('D2'), 'incident'],
        [deployId('D3'), 'failed'],
      ],
    );
    assert.equal(rec.value, 0.5 * HOUR); // only the incident: D3 failed and nothing succeeded after it (still open)
    assert.ok(rec.events.some((e) => e.value === 'still open'));
    assert.deepEqual(
      report.deploysPerDay.filter((d) => d.success + d.failed > 0).map((d) => [(d.day - report.window.start) / DAY, d.success, d.failed]),
      [
        [5, 1, 0],
        [6, 1, 1],
      ],
    );
    assert.deepEqual(
      report.leadTimeHistogram.map((b) => b.count),
      [0, 2, 0, 0, 0],
    );
    assert.ok(report.notes.every((n) => !n.startsWith('No incidents')));
    assert.ok(report.keys.every((k) => k.definition && k.improve && k.thresholds));
  });

  it('points at a pattern of failures in the insight line', () => {
    // 2024-05-31 (T0 − 3 days) is a Friday: two failures on Friday afternoon, one on Monday morning.
    const friday = -3 * 24;
    const signals = [
      deploy('D0', 'b', -200),
      deploy('F1', 'c', friday + 14, 'failed'),
      deploy('F2', 'c', friday + 15, 'failed'),
      deploy('M1', 'd', 9, 'failed'),
      deploy('OK', 'd', friday + 16),
    ];
    const report = buildDoraReport(signals, base);
    assert.match(report.keys[2].improve, /^2 of 3 failures followed deploys of Friday afternoons/);
  });

  it('exports JSON and CSV with every event, quoting commas and defusing formulas', () => {
    const signals = [deploy('D0', 'b', -200), deploy('D1', 'c', 24, 'success', 'production', { title: '=HYPERLINK("x"), v2' })];
    const report = buildDoraReport(signals, base);
    assert.deepEqual(JSON.parse(reportJson(report)), JSON.parse(JSON.stringify(report)));
    const csv = reportCsv(report);
    const lines = csv.trimEnd().split('\r\n');
    assert.match(lines[0], /^row,metric,title,value,display,band/);
    assert.equal(lines.filter((l) => l.startsWith('metric,')).length, report.keys.length + report.phases.length);
    assert.ok(lines.some((l) => l.includes(`"'=HYPERLINK(""x""), v2"`)));
    const page = forPage({ ...report, keys: report.keys.map((k) => ({ ...k, events: [...k.events, ...k.events, ...k.events] })) }, 2);
    assert.ok(page.keys.every((k) => k.events.length <= 2));
  });
});

describe('dora phase health', () => {
  const window = currentWindow(at(72), 7);
  const s = (id: string, over: Partial<Signal>): Signal => ({
    id: signalId('ci:x', over.kind ?? 'pipelineRun', id),
    source: 'ci:x',
    kind: 'pipelineRun',
    title: id,
    state: { normal: 'success', native: 'success' },
    createdAt: at(10),
    updatedAt: at(10),
    labels: [],
    tags: [],
    anchors: { repo: REPO, branch: 'main' },
    ...over,
  });

  it('CI of the default branch, PR cycle and review wait, alerts by severity, new errors', () => {
    const h = phaseHealth(
      [
        s('r1', { detail: { durationMs: 60_000 } }),
        s('r2', { state: { normal: 'failed', native: 'failure' }, detail: { durationMs: 180_000 } }),
        s('r3', { detail: { durationMs: 120_000 } }),
        s('feature', { anchors: { repo: REPO, branch: 'topic' } }),
        s('running', { state: { normal: 'running', native: 'in_progress' } }),
        s('pr1', {
          kind: 'pullRequest',
          state: { normal: 'merged', native: 'merged' },
          createdAt: at(0),
          updatedAt: at(30),
          detail: { mergedAt: at(20), reviews: [{ submittedAt: new Date(at(2)).toISOString() }] },
        }),
        s('pr2', { kind: 'pullRequest', state: { normal: 'open', native: 'open' }, createdAt: at(5), detail: { reviews: [] } }),
        s('a1', { kind: 'alert', state: { normal: 'firing', native: 'active' }, tags: ['severity:critical'] }),
        s('a2', { kind: 'alert', state: { normal: 'firing', native: 'active' }, tags: ['severity:critical'] }),
        s('a3', { kind: 'alert', state: { normal: 'silenced', native: 'suppressed' }, tags: ['severity:warning'] }),
        s('e1', { kind: 'error', state: { normal: 'open', native: 'unresolved' }, createdAt: at(50) }),
        s('e0', { kind: 'error', state: { normal: 'open', native: 'unresolved' }, createdAt: at(-500) }),
      ],
      window,
    );
    assert.equal(h.ci.runs.length, 3);
    assert.equal(h.ci.successRate, 2 / 3);
    assert.equal(h.ci.medianDurationMs, 120_000);
    assert.equal(h.pullRequests.medianCycleMs, 20 * HOUR);
    assert.equal(h.pullRequests.medianReviewWaitMs, 2 * HOUR);
    assert.deepEqual(h.alerts.bySeverity, { critical: 2 });
    assert.deepEqual(
      h.errors.newInWindow.map((e) => e.title),
      ['e1'],
    );
  });
});
