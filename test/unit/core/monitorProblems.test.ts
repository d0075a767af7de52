import assert from 'node:assert/strict';
import { timeText } from '../../../src/core/format';
import { problemFor } from '../../../src/core/monitorProblems';
import type { Signal } from '../../../src/core/signal';

function alert(severity: string, normal: Signal['state']['normal'], files: Signal['anchors']['files']): Signal {
  return {
    id: `alertmanager:prod:alert:${severity}`,
    source: 'alertmanager:prod',
    kind: 'alert',
    title: 'HighErrorRate: Error rate above 5%',
    state: { normal, native: 'active' },
    createdAt: Date.UTC(2026, 10, 22, 8, 0, 0),
    updatedAt: Date.UTC(2026, 10, 22, 8, 0, 0),
    labels: [severity],
    tags: [`severity:${severity}`],
    anchors: { files },
  };
}

const STARTED = Date.UTC(2026, 10, 22, 8, 0, 0);
const NOW = STARTED + 2 * 3600_000;

describe('monitorProblems', () => {
  it('gives a critical alert an error entry at its first file, the rest as related', () => {
    assert.deepEqual(
      problemFor(
        alert('critical', 'firing', [
          { path: 'src/a.ts', line: 42 },
          { path: 'src/b.ts', line: 3, endLine: 9 },
        ]),
        { now: NOW },
      ),
      {
        path: 'src/a.ts',
        line: 42,
        severity: 'error',
        message: `HighErrorRate: Error rate above 5% (firing since 2 hours ago (${timeText(STARTED, NOW)}))`,
        signalId: 'alertmanager:prod:alert:critical',
        related: [{ path: 'src/b.ts', line: 3, endLine: 9 }],
      },
    );
  });

  it('gives warnings for lower severities and line 1 when the line is unknown', () => {
    const entry = problemFor(alert('warning', 'firing', [{ path: 'src/a.ts' }]));
    assert.equal(entry?.severity, 'warning');
    assert.equal(entry?.line, 1);
    assert.doesNotMatch(entry?.message ?? '', /\d{4}-\d\d-\d\dT/, 'no raw ISO time in Problems');
  });

  it('drops a silenced critical alert to a hint naming who silenced it and until when, or leaves it out', () => {
    const until = NOW + 5 * 3600_000;
    const silenced: Signal = {
      ...alert('critical', 'silenced', [{ path: 'src/a.ts', line: 4 }]),
      detail: {
        silences: [
          { id: 's1', createdBy: 'bob', endsAt: NOW + 3600_000 },
          { id: 's2', createdBy: 'ada@example.com', endsAt: until },
        ],
      },
    };
    const hint = problemFor(silenced, { now: NOW });
    assert.equal(hint?.severity, 'hint', 'not an Error any more');
    assert.equal(hint?.message, `HighErrorRate: Error rate above 5% (silenced by ada@example.com until ${timeText(until, NOW)})`);
    assert.equal(problemFor(silenced, { now: NOW, muted: 'hide' }), undefined);
    const inhibited = problemFor(alert('critical', 'inhibited', [{ path: 'src/a.ts', line: 4 }]), { now: NOW });
    assert.deepEqual(
      [inhibited?.severity, inhibited?.message],
      ['hint', 'HighErrorRate: Error rate above 5% (inhibited by another alert)'],
    );
    assert.equal(problemFor(alert('critical', 'firing', [{ path: 'src/a.ts', line: 4 }]), { now: NOW, muted: 'hide' })?.severity, 'error');
  });

  it('gives nothing without a file or once resolved, and nothing for other kinds', () => {
    assert.equal(problemFor(alert('critical', 'firing', [])), undefined);
    assert.equal(problemFor(alert('critical', 'resolved', [{ path: 'src/a.ts', line: 1 }])), undefined);
    assert.equal(problemFor({ ...alert('critical', 'firing', [{ path: 'a.ts', line: 1 }]), kind: 'pullRequest' }), undefined);
  });

  it('maps incident severities: critical to error, major to warning, minor to information', () => {
    const incident = (severity: string): Signal => ({
      ...alert(severity, 'open', [{ path: 'src/pay.ts', line: 7, endLine: 9 }]),
      id: `git:/r:incident:${severity}`,
      source: 'git:/r',
      kind: 'incident',
      title: 'Checkout fails',
      author: 'Ada',
    });
    assert.equal(problemFor(incident('critical'))?.severity, 'error');
    assert.equal(problemFor(incident('major'))?.severity, 'warning');
    assert.equal(problemFor(incident('minor'))?.severity, 'information');
    assert.equal(
      problemFor(incident('critical'), { now: NOW })?.message,
      `Incident (critical): Checkout fails — reported 2 hours ago (${timeText(STARTED, NOW)}) by Ada`,
    );
    assert.equal(problemFor({ ...incident('critical'), state: { normal: 'resolved', native: 'resolved' } }), undefined);
  });
});
