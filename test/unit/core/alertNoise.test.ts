import assert from 'node:assert/strict';
import { AlertNoiseFilter, severityRank, type AlertObservation } from '../../../src/core/alertNoise';
import type { Signal } from '../../../src/core/signal';

function alert(id: string, severity: string, state: AlertObservation['state'] = 'firing', service = 'api'): AlertObservation {
  return { id, severity, state, service };
}

const ids = (alerts: AlertObservation[]) => alerts.map((a) => a.id);

describe('alertNoise', () => {
  describe('severityRank', () => {
    it('orders critical > error/high > warning > info > unknown, case-insensitively', () => {
      assert.ok(severityRank('critical') > severityRank('error'));
      assert.equal(severityRank('error'), severityRank('HIGH'));
      assert.ok(severityRank('high') > severityRank('warning'));
      assert.ok(severityRank('Warning') > severityRank('info'));
      assert.ok(severityRank('info') > severityRank('banana'));
      assert.equal(severityRank(undefined), 0);
      assert.equal(severityRank('fatal'), severityRank('critical'));
    });
  });

  describe('AlertNoiseFilter', () => {
    it('notifies nothing for what was already there at the first refresh (the baseline)', () => {
      const filter = new AlertNoiseFilter();
      assert.deepEqual(filter.observe('am:prod', [alert('a', 'critical')]), []);
      assert.deepEqual(filter.observe('am:prod', [alert('a', 'critical')]), []);
    });

    it('notifies a newly firing critical alert once, whatever the number of refreshes', () => {
      const filter = new AlertNoiseFilter();
      filter.observe('am:prod', []);
      assert.deepEqual(ids(filter.observe('am:prod', [alert('b', 'critical')])), ['b']);
      assert.deepEqual(filter.observe('am:prod', [alert('b', 'critical')]), []);
      // Resolved, then firing again with the same fingerprint: still at most one notification.
      filter.observe('am:prod', []);
      assert.deepEqual(filter.observe('am:prod', [alert('b', 'critical')]), []);
    });

    it('applies the severity threshold (default critical)', () => {
      const byDefault = new AlertNoiseFilter();
      byDefault.observe('s', []);
      assert.deepEqual(ids(byDefault.observe('s', [alert('w', 'warning'), alert('e', 'error'), alert('c', 'critical')])), ['c']);

      const fromError = new AlertNoiseFilter({ threshold: 'error' });
      fromError.observe('s', []);
      assert.deepEqual(
        ids(
          fromError.observe('s', [
            alert('w', 'warning'),
            alert('h', 'high'),
            alert('c', 'critical'),
            alert('x', undefined as unknown as string),
          ]),
        ),
        ['h', 'c'],
      );
    });

    it('lets a lowered threshold catch an alert that was below it before', () => {
      const filter = new AlertNoiseFilter();
      filter.observe('s', []);
      assert.deepEqual(filter.observe('s', [alert('w', 'warning')]), []);
      filter.setThreshold('warning');
      assert.deepEqual(ids(filter.observe('s', [alert('w', 'warning')])), ['w']);
    });

    it('treats an unknown threshold word as the default, not as "everything"', () => {
      const filter = new AlertNoiseFilter({ threshold: 'loud' });
      filter.observe('s', []);
      assert.deepEqual(ids(filter.observe('s', [alert('w', 'warning'), alert('c', 'critical')])), ['c']);
    });

    it('notifies a silenced or inhibited alert only when it starts firing', () => {
      const filter = new AlertNoiseFilter();
      filter.observe('s', []);
      assert.deepEqual(filter.observe('s', [alert('x', 'critical', 'silenced'), alert('y', 'critical', 'inhibited')]), []);
      assert.deepEqual(ids(filter.observe('s', [alert('x', 'critical', 'firing'), alert('y', 'critical', 'inhibited')])), ['x']);
    });

    it('stays quiet for muted services, and unmuting releases no backlog', () => {
      const filter = new AlertNoiseFilter({ mutedServices: ['billing'] });
      filter.observe('s', []);
      assert.deepEqual(filter.observe('s', [alert('m', 'critical', 'firing', 'billing')]), []);
      assert.equal(filter.isMuted('billing'), true);
      filter.unmute('billing');
      assert.deepEqual(filter.observe('s', [alert('m', 'critical', 'firing', 'billing')]), []);
      assert.deepEqual(ids(filter.observe('s', [alert('n', 'critical', 'firing', 'billing')])), ['n']);
      filter.mute('api');
      assert.deepEqual(filter.mutedServices(), ['api']);
      assert.deepEqual(filter.observe('s', [alert('o', 'critical', 'firing', 'api')]), []);
    });

    it('keeps one baseline per source, so an instance that comes up late does not flood', () => {
      const filter = new AlertNoiseFilter();
      filter.observe('am:prod', []);
      assert.deepEqual(filter.observe('am:staging', [alert('s1', 'critical')]), []);
      assert.deepEqual(ids(filter.observe('am:staging', [alert('s1', 'critical'), alert('s2', 'critical')])), ['s2']);
    });

    it('respects ids marked as seen (e.g. restored from the snapshot)', () => {
      const filter = new AlertNoiseFilter();
      filter.observe('s', []);
      filter.markSeen(['old']);
      assert.deepEqual(ids(filter.observe('s', [alert('old', 'critical'), alert('new', 'critical')])), ['new']);
    });

    it('reads severity and service from alert signals', () => {
      const signal = (id: string, severity: string, service: string, kind: Signal['kind'] = 'alert'): Signal => ({
        id,
        source: 'alertmanager:prod',
        kind,
        title: id,
        state: { normal: 'firing', native: 'active' },
        createdAt: 0,
        updatedAt: 0,
        labels: [severity],
        tags: [`severity:${severity}`, `service:${service}`],
        anchors: {},
      });
      const filter = new AlertNoiseFilter({ mutedServices: ['web'] });
      filter.observeSignals('alertmanager:prod', []);
      const chosen = filter.observeSignals('alertmanager:prod', [
        signal('a', 'critical', 'api'),
        signal('b', 'warning', 'api'),
        signal('c', 'critical', 'web'),
        signal('d', 'critical', 'api', 'error'),
      ]);
      assert.deepEqual(
        chosen.map((s) => s.id),
        ['a'],
      );
    });
  });
});
