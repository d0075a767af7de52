import assert from 'node:assert/strict';
import { SignalHub } from '../../../src/core/hub';
import { Refresher } from '../../../src/core/refresher';
import { Source } from '../../../src/core/source';
import { Signal } from '../../../src/core/signal';
import { makeSignal } from './signals';

function source(id: string, produce: () => Promise<Signal[]>): Source & { calls: number } {
  const s = { id, label: id, phases: ['build'] as const, calls: 0, refresh: async () => { s.calls++; return produce(); } };
  return s;
}

describe('Refresher', () => {
  const logs: string[] = [];
  const logger = { trace() {}, debug() {}, info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string | Error) => logs.push(String(m)) };

  it('replaces a source\'s signals and records health; a failing source keeps its last data', async () => {
    const hub = new SignalHub();
    const refresher = new Refresher(hub, logger, () => 42);
    let fail = false;
    const a = source('a', async () => {
      if (fail) throw new Error('503 Service Unavailable');
      return [makeSignal(1, { source: 'a' })];
    });
    const b = source('b', async () => [makeSignal(2, { source: 'b' })]);
    const first = await refresher.refreshAll([a, b], new AbortController().signal);
    assert.deepEqual(first.map((o) => o.ok), [true, true]);
    assert.equal(hub.size, 2);
    assert.deepEqual(hub.getHealth('a'), { source: 'a', status: 'ok', lastSuccessAt: 42 });

    fail = true;
    const second = await refresher.refreshAll([a, b], new AbortController().signal);
    assert.deepEqual(second.map((o) => o.ok), [false, true]);
    assert.equal(hub.size, 2, 'the failing source\'s signals are kept');
    assert.equal(hub.getHealth('a')?.status, 'error');
    assert.equal(hub.getHealth('a')?.message, '503 Service Unavailable');
    assert.equal(hub.getHealth('a')?.lastSuccessAt, 42);
    assert.ok(logs.some((l) => l.includes('a: refresh failed: 503')));
  });

  it('joins a refresh already running for the same source', async () => {
    const hub = new SignalHub();
    const refresher = new Refresher(hub, logger);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = source('slow', async () => { await gate; return []; });
    const p1 = refresher.refresh(slow, new AbortController().signal);
    const p2 = refresher.refresh(slow, new AbortController().signal);
    release();
    await Promise.all([p1, p2]);
    assert.equal(slow.calls, 1);
  });
});
