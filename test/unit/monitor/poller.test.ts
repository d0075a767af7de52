import assert from 'node:assert/strict';
import { SignalHub } from '../../../src/core/hub';
import { silentLogger } from '../../../src/core/logger';
import { Refresher } from '../../../src/core/refresher';
import type { Signal } from '../../../src/core/signal';
import type { Source } from '../../../src/core/source';
import { MonitorPoller } from '../../../src/vscode/monitor/poller';
import { makeSignal } from '../core/signals';

/** A source whose answers the test scripts: a counter of refreshes, optionally failing. */
class CountingSource implements Source {
  readonly label: string;
  readonly phases = ['monitor'] as const;
  refreshes = 0;
  failWith: string | undefined;
  constructor(readonly id: string) {
    this.label = id;
  }
  async refresh(): Promise<Signal[]> {
    this.refreshes++;
    if (this.failWith) throw new Error(this.failWith);
    return [makeSignal(1, { source: this.id, kind: 'alert', state: { normal: 'firing', native: 'active' } })];
  }
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never happened: ${what}`);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('Monitor poller', () => {
  let hub: SignalHub;
  let poller: MonitorPoller;

  beforeEach(() => {
    hub = new SignalHub();
  });

  afterEach(() => {
    poller.dispose();
    hub.dispose();
  });

  it('reads a new source once even while unfocused, then waits for focus', async () => {
    poller = new MonitorPoller(new Refresher(hub, silentLogger), hub, () => ({ baseMs: 1, maxMs: 4 }), false, silentLogger);
    const source = new CountingSource('alertmanager:a');
    poller.setSources([source]);
    await until('the first poll', () => source.refreshes === 1);
    assert.equal(hub.query({ source: source.id }).length, 1, 'through the Refresher into the hub');
    await settle();
    assert.equal(source.refreshes, 1, 'paused while unfocused');
    poller.setFocused(true);
    await until('polling resumes on focus', () => source.refreshes >= 3);
    poller.setFocused(false);
    await settle();
    const paused = source.refreshes;
    await settle();
    assert.equal(source.refreshes, paused, 'paused again');
  });

  it('keeps polling a failing source, whose health says why, and stops polling removed sources', async () => {
    poller = new MonitorPoller(new Refresher(hub, silentLogger), hub, () => ({ baseMs: 1, maxMs: 2 }), true, silentLogger);
    const failing = new CountingSource('alertmanager:down');
    failing.failWith = 'connect ECONNREFUSED 127.0.0.1:9';
    const other = new CountingSource('sentry:acme');
    poller.setSources([failing, other]);
    await until('retries of the failing source', () => failing.refreshes >= 3);
    assert.equal(hub.getHealth(failing.id)?.status, 'error');
    assert.equal(hub.getHealth(failing.id)?.message, 'connect ECONNREFUSED 127.0.0.1:9');
    assert.equal(hub.getHealth(other.id)?.status, 'ok', 'one failing instance does not stop the others');
    poller.setSources([other]);
    await settle();
    const stopped = failing.refreshes;
    await settle();
    assert.equal(failing.refreshes, stopped);
    assert.ok(other.refreshes > 1);
  });
});
