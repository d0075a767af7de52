/**
 * The one poll scheduler (src/core/pollScheduler.ts) on the shared policy (pollSchedule.ts), with
 * sources standing in for GitHub's phases (10 s base, 5 min cap, X-Poll-Interval, rate-limit resets)
 * and for the monitoring services (failing instances, removed ones). These are the behaviours the
 * former GitHub and Monitor pollers were tested for.
 */
import assert from 'node:assert/strict';
import { SignalHub } from '../../../src/core/hub';
import { silentLogger } from '../../../src/core/logger';
import { PollScheduler } from '../../../src/core/pollScheduler';
import { Refresher } from '../../../src/core/refresher';
import type { Signal } from '../../../src/core/signal';
import type { PollHints, Source } from '../../../src/core/source';
import { RateGate } from '../../../src/sources/github/rateGate';
import { makeSignal } from './signals';

const GITHUB = () => ({ baseMs: 10_000, maxMs: 300_000 });

/** A source whose answers and hints the test scripts. */
class ScriptedSource implements Source {
  readonly label: string;
  readonly phases = ['build'] as const;
  refreshes = 0;
  /** Each refresh returns a new signal version when true (the hub changes). */
  changes = false;
  failWith: string | undefined;
  hints: PollHints = {};
  constructor(readonly id: string) {
    this.label = id;
  }
  private version = 'v0';
  async refresh(): Promise<Signal[]> {
    this.refreshes++;
    if (this.failWith) throw new Error(this.failWith);
    if (this.changes) this.version = `v${this.refreshes}`;
    return [makeSignal(1, { source: this.id, title: this.version })];
  }
  pollHints(): PollHints {
    return this.hints;
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

describe('core/PollScheduler', () => {
  let hub: SignalHub;
  let scheduler: PollScheduler;
  const make = (focused = true) => {
    hub = new SignalHub();
    scheduler = new PollScheduler(new Refresher(hub, silentLogger), hub, { focused, logger: silentLogger });
    return scheduler;
  };
  afterEach(() => {
    scheduler.dispose();
    hub.dispose();
  });

  /** Adds a source (polled at once) and waits for that first poll. */
  async function added(source: ScriptedSource, timing = GITHUB): Promise<void> {
    scheduler.setSources('test:', [{ source, timing }]);
    await until('the first poll', () => source.refreshes === 1 && scheduler.decision(source.id)?.reason !== 'new');
  }

  it('polls every 10 s while something is in progress, and backs off to 5 min while nothing changes', async () => {
    make();
    const running = new ScriptedSource('test:running');
    running.hints = { active: true };
    await added(running);
    for (let i = 0; i < 3; i++) {
      await scheduler.pollNow(running.id, false);
      assert.deepEqual([scheduler.decision(running.id)?.reason, scheduler.decision(running.id)?.delayMs], ['active', 10_000]);
    }

    const idle = new ScriptedSource('test:idle');
    idle.changes = true;
    scheduler.setSources('test:', [
      { source: running, timing: GITHUB },
      { source: idle, timing: GITHUB },
    ]);
    await until('the first poll', () => idle.refreshes === 1 && scheduler.decision(idle.id)?.reason !== 'new');
    assert.equal(scheduler.decision(idle.id)?.delayMs, 10_000, 'a change: the base pace');
    idle.changes = false;
    const delays: (number | undefined)[] = [];
    for (let i = 0; i < 7; i++) {
      await scheduler.pollNow(idle.id, false);
      delays.push(scheduler.decision(idle.id)?.delayMs);
    }
    assert.deepEqual(delays, [20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
    idle.changes = true;
    await scheduler.pollNow(idle.id, false);
    assert.equal(scheduler.decision(idle.id)?.delayMs, 10_000, 'snaps back on a change');
    idle.changes = false;
    await scheduler.pollNow(idle.id, true);
    assert.equal(scheduler.decision(idle.id)?.delayMs, 20_000, 'after the user acted: from the base pace again');
  });

  it('never polls sooner than the service asks (X-Poll-Interval)', async () => {
    make();
    const source = new ScriptedSource('test:poll-interval');
    source.changes = true;
    source.hints = { minIntervalMs: 60_000 };
    await added(source);
    assert.equal(scheduler.decision(source.id)?.delayMs, 60_000);
  });

  it("waits for a spent quota's reset (shared by every source of the origin) and for Retry-After", async () => {
    make();
    const now = Date.now();
    const spent = new RateGate('https://api.github.com');
    spent.note({ limit: 5000, remaining: 0, resetAt: now + 120_000 });
    assert.equal(spent.isBlocked(now), true, 'a spent quota blocks every phase of the origin');
    assert.match(spent.describeQuota() ?? '', /^0 of 5,000 GitHub API requests left \(resets /);
    const a = new ScriptedSource('test:a');
    a.hints = { notBefore: spent.waitUntil() };
    await added(a);
    const decision = scheduler.decision(a.id)!;
    assert.equal(decision.reason, 'waiting');
    assert.ok(decision.delayMs! >= 119_000 && decision.delayMs! <= 122_000, String(decision.delayMs));

    const secondary = new RateGate('https://ghe.example.com');
    secondary.block(now + 30_000, 'GitHub asked to slow down');
    const b = new ScriptedSource('test:b');
    b.hints = { notBefore: secondary.waitUntil() };
    scheduler.setSources('test:', [
      { source: a, timing: GITHUB },
      { source: b, timing: GITHUB },
    ]);
    await until('the first poll of b', () => b.refreshes === 1 && scheduler.decision(b.id)?.reason !== 'new');
    assert.ok(scheduler.decision(b.id)!.delayMs! >= 29_000, String(scheduler.decision(b.id)?.delayMs));
    assert.equal(secondary.isBlocked(now + 31_000), false, 'the wait ends');
  });

  it('reads a new source once even while unfocused, then pauses until focus returns and polls then', async () => {
    make(false);
    const source = new ScriptedSource('test:unfocused');
    source.hints = { active: true };
    await added(source, () => ({ baseMs: 1, maxMs: 4 }));
    assert.equal(hub.query({ source: source.id }).length, 1, 'through the Refresher into the hub');
    assert.equal(scheduler.decision(source.id)?.reason, 'unfocused');
    assert.equal(scheduler.decision(source.id)?.delayMs, undefined, 'no timer while unfocused');
    await settle();
    assert.equal(source.refreshes, 1, 'paused while unfocused');
    scheduler.setFocused(true);
    await until('polling resumes on focus', () => source.refreshes >= 3);
    scheduler.setFocused(false);
    await settle();
    const paused = source.refreshes;
    await settle();
    assert.equal(source.refreshes, paused, 'paused again');
  });

  it('does not poll on focus while the source waits for a rate limit', async () => {
    make(false);
    const gate = new RateGate('https://api.github.com');
    const source = new ScriptedSource('test:limited');
    await added(source);
    gate.block(Date.now() + 60_000, 'rate limited');
    source.hints = { notBefore: gate.waitUntil() };
    scheduler.setFocused(true);
    await settle();
    assert.equal(source.refreshes, 1);
  });

  it('keeps polling a failing source, whose health says why, and stops polling removed sources', async () => {
    make();
    const failing = new ScriptedSource('test:down');
    failing.failWith = 'connect ECONNREFUSED 127.0.0.1:9';
    const other = new ScriptedSource('test:up');
    const fast = () => ({ baseMs: 1, maxMs: 2 });
    scheduler.setSources('test:', [
      { source: failing, timing: fast },
      { source: other, timing: fast },
    ]);
    await until('retries of the failing source', () => failing.refreshes >= 3);
    assert.equal(hub.getHealth(failing.id)?.status, 'error');
    assert.equal(hub.getHealth(failing.id)?.message, 'connect ECONNREFUSED 127.0.0.1:9');
    assert.equal(hub.getHealth(other.id)?.status, 'ok', 'one failing source does not stop the others');
    scheduler.setSources('test:', [{ source: other, timing: fast }]);
    await settle();
    const stopped = failing.refreshes;
    await settle();
    assert.equal(failing.refreshes, stopped);
    assert.ok(other.refreshes > 1);
  });
});
