import assert from 'node:assert/strict';
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

describe('monitorProblems', () => {
  it('gives a critical alert an error entry at its first file, the rest as related', () => {
    assert.deepEqual(
      problemFor(
        alert('critical', 'firing', [
          { path: 'src/a.ts', line: 42 },
          { path: 'src/b.ts', line: 3, endLine: 9 },
        ]),
      ),
      {
        path: 'src/a.ts',
        line: 42,
        severity: 'error',
        message: 'HighErrorRate: Error rate above 5% (firing since 2026-11-22T08:00:00.000Z)',
        signalId: 'alertmanager:prod:alert:critical',
        related: [{ path: 'src/b.ts', line: 3, endLine: 9 }],
      },
    );
  });

  it('gives warnings for lower severities and line 1 when the line is unknown', () => {
    const entry = problemFor(alert('warning', 'silenced', [{ path: 'src/a.ts' }]));
    assert.equal(entry?.severity, 'warning');
    assert.equal(entry?.line, 1);
    assert.match(entry?.message ?? '', /silenced since/);
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
      problemFor(incident('critical'))?.message,
      'Incident (critical): Checkout fails — reported 2026-11-22T08:00:00.000Z by Ada',
    );
    assert.equal(problemFor({ ...incident('critical'), state: { normal: 'resolved', native: 'resolved' } }), undefined);
  });
});
