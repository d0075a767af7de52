import assert from 'node:assert/strict';
import { mapFrameToWorkspace, WorkspaceFileIndex } from '../../../../src/core/codeMapping';
import { mapAlerts, parseAlert, parseSilence, serviceOf } from '../../../../src/sources/alertmanager/mapping';
import { syntheticAlerts, syntheticAlertsJson } from '../../../fixtures/alertmanager/synthetic';

describe('Alertmanager mapping', () => {
  it('maps the synthetic bench payload without warnings, keeping states and file anchors', () => {
    const raw: unknown[] = JSON.parse(syntheticAlertsJson(1000));
    const { signals, warnings } = mapAlerts(raw, { source: 'alertmanager:bench', instance: 'bench', now: Date.UTC(2026, 0, 1) });
    assert.deepEqual(warnings, []);
    assert.equal(signals.length, 1000);
    assert.equal(new Set(signals.map((s) => s.id)).size, 1000, 'fingerprints are unique');
    const states = new Map<string, number>();
    for (const s of signals) {
      states.set(s.state.normal, (states.get(s.state.normal) ?? 0) + 1);
    }
    assert.equal(states.get('silenced'), 100);
    assert.ok((states.get('inhibited') ?? 0) > 0);
    assert.equal(signals.filter((s) => s.anchors.files?.length).length, 200);
    assert.deepEqual(signals[0].anchors.files, [{ path: 'src/api/handler.ts', line: 1 }]);
  });

  it('maps annotation references to workspace files through the resolver', () => {
    const index = new WorkspaceFileIndex(['services/api/src/api/handler.ts', 'services/web/src/api/handler.ts']);
    const [alert] = syntheticAlerts(1);
    const { signals } = mapAlerts([alert], {
      source: 'alertmanager:x',
      instance: 'x',
      now: 0,
      // A service → folder setting: the alert's service picks the folder to prefer.
      resolveFile: (reference, { service }) => {
        const mapped = mapFrameToWorkspace(reference, index, [], { preferredRoots: [`services/${service}`] });
        return mapped.status === 'mapped' ? { path: mapped.path, line: mapped.line } : undefined;
      },
    });
    assert.deepEqual(signals[0].anchors.files, [{ path: 'services/api/src/api/handler.ts', line: 1 }]);
    assert.deepEqual(signals[0].detail?.fileReferences, [{ path: 'src/api/handler.ts', line: 1, offset: 9 }]);
  });

  it('fills gaps in a partial alert instead of failing, and says what is unusable', () => {
    const minimal = parseAlert({ fingerprint: 'ab12', labels: { alertname: 'X' } });
    assert.ok(typeof minimal !== 'string');
    assert.deepEqual(minimal.status, { state: 'active', silencedBy: [], inhibitedBy: [], mutedBy: [] });
    assert.deepEqual(minimal.annotations, {});
    assert.equal(parseAlert(null), 'alert is not an object');
    assert.equal(parseAlert({ labels: {} }), 'alert has no fingerprint');
  });

  it('treats a suppressed alert muted by a time interval as silenced', () => {
    const { signals } = mapAlerts(
      [
        {
          fingerprint: 'f',
          labels: { alertname: 'Nightly' },
          status: { state: 'suppressed', silencedBy: [], inhibitedBy: [], mutedBy: ['weekends'] },
        },
      ],
      { source: 's', instance: 'i', now: 0 },
    );
    assert.deepEqual(signals[0].state, { normal: 'silenced', native: 'suppressed' });
  });

  it('never copies a non-http generatorURL into the signal url', () => {
    const { signals } = mapAlerts([{ fingerprint: 'f', labels: { alertname: 'X' }, generatorURL: 'javascript:alert(1)' }], {
      source: 's',
      instance: 'i',
      now: 0,
    });
    assert.equal(signals[0].url, undefined);
  });

  it('reads silences and picks the service label in order', () => {
    const silence = parseSilence({
      id: 's1',
      status: { state: 'active' },
      matchers: [{ name: 'a', value: 'b', isRegex: false }, 'junk'],
      createdBy: 'me',
      comment: 'c',
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '2026-01-01T02:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    });
    assert.deepEqual(silence?.matchers, [{ name: 'a', value: 'b', isRegex: false, isEqual: true }]);
    assert.equal(silence?.endsAt, Date.UTC(2026, 0, 1, 2));
    assert.equal(parseSilence({ id: 5 }), undefined);
    assert.equal(serviceOf({ job: 'j', service: 's' }), 's');
    assert.equal(serviceOf({ job: 'j' }), 'j');
    assert.equal(serviceOf({ app: 'a' }), undefined);
  });
});
