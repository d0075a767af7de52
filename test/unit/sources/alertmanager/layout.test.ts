/**
 * The Monitor view's layout, fed with alerts as the real mapping makes them from Alertmanager's v2
 * JSON (the synthetic payload keeps Alertmanager 0.25's exact shape) and with Sentry signals as the
 * Sentry mapping makes them from the documented issue shape.
 */
import assert from 'node:assert/strict';
import type { SourceHealth } from '../../../../src/core/hub';
import { buildView, type GroupNode, type SignalNode, type TreeNode } from '../../../../src/core/phaseTree';
import type { Signal } from '../../../../src/core/signal';
import { mapAlerts, type SilenceSummary } from '../../../../src/sources/alertmanager/mapping';
import { mapIssue, parseIssue, type SentryIssue } from '../../../../src/sources/sentry/mapping';
import { criticalFiringCount } from '../../../../src/core/alertNoise';
import { timeText } from '../../../../src/core/format';
import { alertmanagerLayout, describeAlert } from '../../../../src/sources/alertmanager/layout';
import { describeIssue, sentryLayout } from '../../../../src/sources/sentry/layout';
import { syntheticAlerts } from '../../../fixtures/alertmanager/synthetic';
import { fixture } from '../../../fixtures/sentry/server';

const NOW = Date.UTC(2026, 0, 1, 12);

function alerts(count: number, source = 'alertmanager:prod', silences: SilenceSummary[] = []): Signal[] {
  return mapAlerts(syntheticAlerts(count, { now: NOW }), {
    source,
    instance: source.split(':')[1],
    now: NOW,
    silences: new Map(silences.map((s) => [s.id, s])),
  }).signals;
}

function sentrySignals(): Signal[] {
  const issues = (JSON.parse(fixture('issues.json')) as unknown[]).map(parseIssue).filter((i): i is SentryIssue => typeof i !== 'string');
  return issues.map((issue) => mapIssue(issue, undefined, { source: 'sentry:acme', now: NOW }));
}

/** The Monitor view as the Alertmanager and Sentry services lay it out, in their registration order. */
function tree(signals: Signal[], health: SourceHealth[] = []): TreeNode[] {
  const options = {
    health: (source: string) => health.find((h) => h.source === source),
    label: (source: string) => (source === 'alertmanager:prod' ? 'Alertmanager · prod' : undefined),
    now: () => NOW,
  };
  return buildView('monitor', { signals, health }, [alertmanagerLayout(options), sentryLayout(options)]);
}

const groups = (nodes: readonly TreeNode[]) => nodes.filter((n): n is GroupNode => n.type === 'group');

describe('Monitor view layout', () => {
  it('groups alerts instance → severity (critical first) → service → alert', () => {
    const roots = groups(tree(alerts(40)));
    assert.deepEqual(
      roots.map((r) => [r.label, r.groupBy]),
      [['Alertmanager · prod', 'instance']],
    );
    const severities = groups(roots[0].children);
    assert.deepEqual(
      severities.map((s) => s.label),
      ['critical', 'warning', 'info'],
    );
    const services = groups(severities[0].children);
    assert.deepEqual(
      services.map((s) => s.label),
      ['api', 'auth'],
      'critical is every 4th alert: services 0 and 4 of 8',
    );
    assert.ok(services.every((s) => s.groupBy === 'service' && s.children.every((c) => c.type === 'signal' && c.signal.kind === 'alert')));
    const ids = new Set<string>();
    const visit = (nodes: readonly TreeNode[]) =>
      nodes.forEach((n) => {
        assert.ok(!ids.has(n.id), `tree ids are unique (${n.id})`);
        ids.add(n.id);
        if (n.type !== 'health') visit(n.children);
      });
    visit(roots);
  });

  it('says who silenced an alert and until when, and puts firing alerts first', () => {
    const silence: SilenceSummary = {
      id: '00000000-0000-4000-8000-00000000000a',
      state: 'active',
      matchers: [],
      createdBy: 'ada@example.com',
      comment: 'deploying',
      startsAt: NOW - 60_000,
      endsAt: NOW + 2 * 3600_000,
      updatedAt: NOW - 60_000,
    };
    const signals = alerts(10, 'alertmanager:prod', [silence]);
    const silenced = signals.find((s) => s.state.normal === 'silenced');
    assert.ok(silenced, 'the synthetic payload silences the 10th alert');
    assert.equal(describeAlert(silenced, NOW), `silenced by ada@example.com until ${timeText(silence.endsAt, NOW)}`);
    assert.match(timeText(silence.endsAt, NOW), /^\d\d:\d\d$/);
    assert.match(timeText(NOW + 3 * 86_400_000, NOW), /^Jan 4, \d\d:\d\d$/);

    const service = groups(groups(groups(tree(signals))[0].children).flatMap((s) => s.children)).find((g) =>
      g.children.some((c) => c.id === silenced.id),
    )!;
    const rows = service.children as SignalNode[];
    assert.equal(rows[rows.length - 1].signal.id, silenced.id, 'silenced after firing');
    assert.equal(rows[rows.length - 1].description, describeAlert(silenced, NOW));
    assert.match(service.description ?? '', /1 muted/);
  });

  it('describes inhibited and firing alerts', () => {
    const signals = alerts(17);
    const inhibited = signals.find((s) => s.state.normal === 'inhibited')!;
    assert.equal(describeAlert(inhibited, NOW), 'inhibited by 1 alert');
    assert.equal(describeAlert(signals[0], NOW), 'firing');
  });

  it('marks a failing instance on its row and keeps its alerts, stale', () => {
    const health: SourceHealth[] = [
      { source: 'alertmanager:prod', status: 'error', message: 'connection refused', lastSuccessAt: NOW - 60_000 },
    ];
    const nodes = tree(alerts(4), health);
    assert.equal(nodes[0].type, 'health', 'the error row with the reason comes first');
    const instance = groups(nodes)[0];
    assert.match(instance.description ?? '', /unreachable, showing last data/);
    assert.match(instance.tooltip ?? '', /connection refused/);
    const leaf = groups(groups(instance.children)[0].children)[0].children[0] as SignalNode;
    assert.equal(leaf.stale, true);
  });

  it('groups Sentry issues organization → project → level → issue with counts', () => {
    const roots = groups(tree(sentrySignals()));
    assert.deepEqual(
      roots.map((r) => [r.label, r.groupBy]),
      [['sentry:acme', 'sentry']],
    );
    const projects = groups(roots[0].children);
    assert.deepEqual(
      projects.map((p) => p.label),
      ['api', 'billing', 'web'],
    );
    const apiLevels = groups(projects[0].children);
    assert.deepEqual(
      apiLevels.map((l) => l.label),
      ['error', 'warning'],
      'more severe first',
    );
    const api1 = (apiLevels[0].children as SignalNode[]).find((n) => n.signal.detail?.shortId === 'API-1')!;
    assert.equal(api1.description, '1,523 events · 87 users');
    assert.equal(describeIssue(api1.signal), '1,523 events · 87 users');
  });

  it('counts firing critical alerts for the badge, not silenced or lower ones', () => {
    const signals = alerts(40);
    const expected = signals.filter((s) => s.state.normal === 'firing' && s.tags.includes('severity:critical')).length;
    assert.ok(expected > 0);
    assert.equal(criticalFiringCount(signals), expected);
    assert.equal(criticalFiringCount(sentrySignals()), 0);
  });
});
