/**
 * The VS Code layer's poll timer (src/vscode/github/poller.ts) with the shared rate-limit gate: it
 * follows the core's PollPolicy and never sends a request while the origin waits for a rate limit.
 */
import assert from 'node:assert/strict';
import type { PhaseOutcome, PhaseSource } from '../../../src/vscode/github/connection';
import { PhasePoller } from '../../../src/vscode/github/poller';
import { RateGate } from '../../../src/vscode/github/rateGate';

function fakeSource(phase: 'build' | 'code', gate: RateGate, inProgress = false): PhaseSource {
  // What the poller reads of a phase source: its phase, and its connection's gate, last build and API.
  return { id: `github:example.com/o/r#${phase}`, phase, connection: { gate, lastBuild: { inProgress }, source: { api: {} } } } as unknown as PhaseSource;
}

function outcome(source: PhaseSource, changed: boolean, pollIntervalSeconds?: number): PhaseOutcome {
  return { source, at: Date.now(), result: { phase: source.phase, signals: [], changed, requests: 3, notModified: changed ? 0 : 3, pollIntervalSeconds } };
}

describe('github/PhasePoller and RateGate', () => {
  const pollers: PhasePoller[] = [];
  const make = (source: PhaseSource, focused = true) => {
    const runs: string[] = [];
    const poller = new PhasePoller(source, async (s) => void runs.push(s.id), () => focused);
    pollers.push(poller);
    return { poller, runs };
  };
  afterEach(() => pollers.splice(0).forEach((p) => p.dispose()));

  it('polls every 10 s while a run of the branch is in progress, and backs off when nothing changes', () => {
    const gate = new RateGate('https://api.github.com');
    const running = make(fakeSource('build', gate, true)).poller;
    running.observe(outcome(running.source, false));
    assert.deepEqual([running.decision?.reason, running.decision?.delayMs], ['inProgress', 10_000]);

    const idle = make(fakeSource('code', gate)).poller;
    const delays: (number | undefined)[] = [];
    for (const changed of [true, false, false, false]) {
      idle.observe(outcome(idle.source, changed));
      delays.push(idle.decision?.delayMs);
    }
    assert.deepEqual(delays, [10_000, 20_000, 40_000, 80_000]);
  });

  it('never polls sooner than X-Poll-Interval', () => {
    const { poller } = make(fakeSource('code', new RateGate('https://api.github.com')));
    poller.observe(outcome(poller.source, true, 60));
    assert.equal(poller.decision?.delayMs, 60_000);
  });

  it('waits for the reset when the quota is spent, and for Retry-After on a secondary limit', () => {
    const now = Date.now();
    const spent = new RateGate('https://api.github.com');
    spent.note({ limit: 5000, remaining: 0, resetAt: now + 120_000 });
    assert.equal(spent.isBlocked(now), true, 'a spent quota blocks every phase of the origin');
    const { poller } = make(fakeSource('code', spent));
    poller.observe(outcome(poller.source, true));
    assert.equal(poller.decision?.reason, 'retryAfter');
    assert.ok(poller.decision!.delayMs! >= 119_000 && poller.decision!.delayMs! <= 121_000, String(poller.decision?.delayMs));
    assert.match(spent.describeQuota() ?? '', /^0 of 5,000 GitHub API requests left \(resets /);

    const secondary = new RateGate('https://ghe.example.com');
    secondary.block(now + 30_000, 'GitHub asked to slow down');
    const other = make(fakeSource('code', secondary)).poller;
    other.observe(outcome(other.source, true));
    assert.ok(other.decision!.delayMs! >= 29_000, String(other.decision?.delayMs));
    assert.equal(secondary.isBlocked(now + 31_000), false, 'the wait ends');
  });

  it('pauses while the window is unfocused and polls once focus returns', () => {
    const { poller, runs } = make(fakeSource('code', new RateGate('https://api.github.com')), false);
    poller.observe({ source: poller.source, at: 0, result: outcome(poller.source, true).result });
    assert.equal(poller.decision?.reason, 'unfocused');
    assert.equal(poller.decision?.delayMs, undefined, 'no timer while unfocused');
    poller.setFocused(true);
    assert.deepEqual(runs, [poller.source.id], 'polled on focus (the last poll was long ago)');
    poller.setFocused(false);
    assert.equal(poller.decision?.reason, 'unfocused');
  });

  it('does not poll on focus while the origin waits for a rate limit', () => {
    const gate = new RateGate('https://api.github.com');
    gate.block(Date.now() + 60_000, 'rate limited');
    const { poller, runs } = make(fakeSource('code', gate), false);
    poller.setFocused(true);
    assert.deepEqual(runs, []);
  });
});
