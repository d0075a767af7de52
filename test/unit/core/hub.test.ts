import assert from 'node:assert/strict';
import { HubChange, SignalHub } from '../../../src/core/hub';
import { makeSignal } from './signals';

describe('SignalHub', () => {
  let hub: SignalHub;
  let changes: HubChange[];
  let now: number;

  beforeEach(() => {
    now = 1_000;
    hub = new SignalHub({ clock: () => now, historyLimit: 3 });
    changes = [];
    hub.onDidChange((c) => changes.push(c));
  });

  it('upserts by id and fires one change per call', () => {
    hub.upsert([makeSignal(1), makeSignal(2)]);
    assert.equal(hub.size, 2);
    assert.equal(changes.length, 1);
    assert.equal(changes[0].added.length, 2);

    hub.upsert([makeSignal(1, { title: 'renamed' })]);
    assert.equal(hub.size, 2);
    assert.equal(hub.get('test:src:pipelineRun:1')?.title, 'renamed');
    assert.equal(changes[1].updated.length, 1);
    assert.equal(changes[1].added.length, 0);
  });

  it('fires nothing when an upserted signal is unchanged (deep equality)', () => {
    hub.upsert([makeSignal(1, { tags: ['a:b'], anchors: { files: [{ path: 'x.ts', line: 3 }] } })]);
    hub.upsert([makeSignal(1, { tags: ['a:b'], anchors: { files: [{ path: 'x.ts', line: 3 }] } })]);
    assert.equal(changes.length, 1);
    hub.upsert([makeSignal(1, { tags: ['a:b'], anchors: { files: [{ path: 'x.ts', line: 4 }] } })]);
    assert.equal(changes.length, 2);
  });

  it('records state changes with a bounded history', () => {
    const states = ['queued', 'running', 'failed', 'running', 'success'] as const;
    for (const normal of states) {
      now += 10;
      hub.upsert([makeSignal(1, { state: { normal, native: normal }, updatedAt: now })]);
    }
    const history = hub.stateHistory('test:src:pipelineRun:1');
    assert.deepEqual(
      history.map((h) => `${h.from}>${h.to}`),
      ['running>failed', 'failed>running', 'running>success'],
    );
    assert.equal(changes.at(-1)?.stateChanges[0].to, 'success');
  });

  it('answers queries by kind, phase, tag, label, anchors and parent, and keeps indexes right after updates', () => {
    hub.upsert([
      makeSignal('run', { kind: 'pipelineRun', tags: ['branch:main'], anchors: { branch: 'main', commits: ['abc'] } }),
      makeSignal('job', { kind: 'job', parentId: 'test:src:pipelineRun:run', labels: ['failed'] }),
      makeSignal('alert', {
        kind: 'alert',
        tags: ['service:api'],
        anchors: { environment: 'production', files: [{ path: 'src/a.ts', line: 4 }] },
      }),
    ]);
    assert.deepEqual(
      hub.query({ kind: 'job' }).map((s) => s.id),
      ['test:src:job:job'],
    );
    assert.equal(hub.query({ phase: 'build' }).length, 2);
    assert.equal(hub.query({ kind: ['alert', 'job'] }).length, 2);
    assert.equal(hub.query({ tag: 'branch:main' }).length, 1);
    assert.equal(hub.query({ label: 'failed' }).length, 1);
    assert.equal(hub.query({ commit: 'abc' }).length, 1);
    assert.equal(hub.query({ file: 'src/a.ts' }).length, 1);
    assert.equal(hub.query({ environment: 'production', kind: 'alert' }).length, 1);
    assert.equal(hub.query({ environment: 'production', kind: 'job' }).length, 0);
    assert.deepEqual(
      hub.children('test:src:pipelineRun:run').map((s) => s.id),
      ['test:src:job:job'],
    );
    assert.equal(hub.query({ tag: 'nope' }).length, 0);

    hub.upsert([makeSignal('run', { kind: 'pipelineRun', tags: ['branch:dev'], anchors: { branch: 'dev' } })]);
    assert.equal(hub.query({ tag: 'branch:main' }).length, 0);
    assert.equal(hub.query({ branch: 'dev' }).length, 1);
    assert.equal(hub.query({ commit: 'abc' }).length, 0);
  });

  it('replaceSource removes what a source no longer reports and leaves other sources alone', () => {
    hub.upsert([makeSignal(1), makeSignal(2), makeSignal(3, { source: 'other' })]);
    const change = hub.replaceSource('test:src', [makeSignal(2), makeSignal(4)]);
    assert.deepEqual(
      change.removed.map((s) => s.id),
      ['test:src:pipelineRun:1'],
    );
    assert.deepEqual(
      change.added.map((s) => s.id),
      ['test:src:pipelineRun:4'],
    );
    assert.deepEqual(
      hub
        .all()
        .map((s) => s.id)
        .sort(),
      ['other:pipelineRun:3', 'test:src:pipelineRun:2', 'test:src:pipelineRun:4'],
    );
    assert.throws(() => hub.replaceSource('test:src', [makeSignal(9, { source: 'other' })]), /belongs to other/);
  });

  it('round-trips through a snapshot, marks its sources stale and skips malformed entries', () => {
    hub.upsert([makeSignal(1, { tags: ['env:prod'] }), makeSignal(2, { source: 'b' })]);
    hub.setHealth({ source: 'b', status: 'ok', lastSuccessAt: 500 });
    const snapshot = JSON.parse(JSON.stringify(hub.toSnapshot()));
    snapshot.signals.push({ id: 'broken' }, null, { ...makeSignal(3), tags: 'not-an-array' });

    const restored = new SignalHub();
    const result = restored.loadSnapshot(snapshot);
    assert.deepEqual(result, { loaded: 2, skipped: 3 });
    assert.deepEqual(
      restored.query({ tag: 'env:prod' }).map((s) => s.id),
      ['test:src:pipelineRun:1'],
    );
    assert.equal(restored.getHealth('test:src')?.status, 'stale');
    assert.equal(restored.getHealth('b')?.status, 'stale');
    assert.equal(restored.getHealth('b')?.lastSuccessAt, 500);
    assert.throws(() => restored.loadSnapshot({ schema: 'other', signals: [] }), /Not a hub snapshot/);
  });

  it('fires health changes only when health differs', () => {
    const seen: string[] = [];
    hub.onDidChangeHealth((h) => seen.push(`${h.source}:${h.status}`));
    hub.setHealth({ source: 's', status: 'error', message: 'boom' });
    hub.setHealth({ source: 's', status: 'error', message: 'boom' });
    hub.setHealth({ source: 's', status: 'ok', lastSuccessAt: 1 });
    assert.deepEqual(seen, ['s:error', 's:ok']);
  });

  it('keeps delivering to other listeners when one throws', async () => {
    const seen: number[] = [];
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    const mochaHandlers = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', onUncaught);
    try {
      hub.onDidChange(() => {
        throw new Error('listener bug');
      });
      hub.onDidChange(() => seen.push(1));
      hub.upsert([makeSignal(1)]);
      await new Promise((r) => setTimeout(r, 10));
    } finally {
      process.removeListener('uncaughtException', onUncaught);
      for (const h of mochaHandlers) process.on('uncaughtException', h);
    }
    assert.deepEqual(seen, [1]);
    assert.equal((uncaught[0] as Error).message, 'listener bug');
  });
});
