import assert from 'node:assert/strict';
import { SignalHub } from '../../../src/core/hub';
import { Refresher } from '../../../src/core/refresher';
import { Source } from '../../../src/core/source';
import { Signal } from '../../../src/core/signal';
import { makeSignal } from './signals';

function source(id: string, produce: () => Promise<Signal[]>): Source & { calls: number } {
  const s = {
    id,
    label: id,
    phases: ['build'] as const,
    calls: 0,
    refresh: async () => {
      s.calls++;
      return produce();
    },
  };
  return s;
}

describe('Refresher', () => {
  const logs: string[] = [];
  const logger = {
    trace() {},
    debug() {},
    info: (m: string) => logs.push(m),
    warn: (m: string) => logs.push(m),
    error: (m: string | Error) => logs.push(String(m)),
  };

  it("replaces a source's signals and records health; a failing source keeps its last data", async () => {
    const hub = new SignalHub();
    const refresher = new Refresher(hub, logger, () => 42);
    let fail = false;
    const a = source('a', async () => {
      if (fail) throw new Error('503 Service Unavailable');
      return [makeSignal(1, { source: 'a' })];
    });
    const b = source('b', async () => [makeSignal(2, { source: 'b' })]);
    const first = await refresher.refreshAll([a, b], new AbortController().signal);
    assert.deepEqual(
      first.map((o) => o.ok),
      [true, true],
    );
    assert.equal(hub.size, 2);
    assert.deepEqual(hub.getHealth('a'), { source: 'a', status: 'ok', lastSuccessAt: 42 });

    fail = true;
    const second = await refresher.refreshAll([a, b], new AbortController().signal);
    assert.deepEqual(
      second.map((o) => o.ok),
      [false, true],
    );
    assert.equal(hub.size, 2, "the failing source's signals are kept");
    assert.equal(hub.getHealth('a')?.status, 'error');
    assert.equal(hub.getHealth('a')?.message, '503 Service Unavailable');
    assert.equal(hub.getHealth('a')?.lastSuccessAt, 42);
    assert.ok(logs.some((l) => l.includes('a: refresh failed: 503')));
  });

  it('runs once more after a refresh that was running when asked, shared by every caller meanwhile', async () => {
    const hub = new SignalHub();
    const refresher = new Refresher(hub, logger);
    let release!: () => void;
    let gate = new Promise<void>((r) => (release = r));
    let reported = 0;
    const slow = source('slow', async () => {
      const seen = reported; // what a refresh reads when it starts
      await gate;
      return Array.from({ length: seen }, (_, i) => makeSignal(i, { source: 'slow' }));
    });
    const p1 = refresher.refresh(slow, new AbortController().signal);
    reported = 1; // a report is written while the first refresh is already reading
    const p2 = refresher.refresh(slow, new AbortController().signal);
    const p3 = refresher.refresh(slow, new AbortController().signal);
    const firstRelease = release;
    gate = new Promise<void>((r) => (release = r));
    firstRelease();
    await p1;
    release();
    const [o2, o3] = await Promise.all([p2, p3]);
    assert.equal(slow.calls, 2, 'one follow-up refresh for both later callers');
    assert.equal(o2.count, 1);
    assert.equal(o3, o2);
    assert.equal(hub.size, 1, 'the report written during the first refresh is in the hub');
  });

  it('drops the result of a refresh whose source was removed while it ran (a closed repository leaves no signals)', async () => {
    const hub = new SignalHub();
    const live = new Set(['gone']);
    const refresher = new Refresher(hub, logger, Date.now, (id) => live.has(id));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const gone = source('gone', async () => {
      await gate;
      return [makeSignal(1, { source: 'gone' })];
    });
    const pending = refresher.refresh(gone, new AbortController().signal);
    live.delete('gone');
    release();
    assert.deepEqual(await pending, { source: 'gone', ok: false, error: 'removed' });
    assert.equal(hub.size, 0);
    assert.equal(hub.getHealth('gone'), undefined, 'no health row for a source that is gone');
  });
});
