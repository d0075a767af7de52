import assert from 'node:assert/strict';
import { ACTIVE_DELAY_MS, MAX_IDLE_DELAY_MS, PollPolicy, type PollObservation } from '../../../src/sources/github/poller';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const base: PollObservation = { now: NOW, inProgress: false, changed: false, focused: true };

describe('github/poller', () => {
  it('polls every 10 s while a run of the current branch is in progress', () => {
    const policy = new PollPolicy();
    for (let i = 0; i < 5; i++) {
      const d = policy.next({ ...base, inProgress: true });
      assert.equal(d.delayMs, ACTIVE_DELAY_MS);
      assert.equal(d.reason, 'inProgress');
      assert.equal(d.at, NOW + ACTIVE_DELAY_MS);
    }
  });

  it('doubles the delay on each unchanged poll up to 5 minutes, and snaps back on a change', () => {
    const policy = new PollPolicy();
    const delays = Array.from({ length: 8 }, () => policy.next(base).delayMs);
    assert.deepEqual(delays, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
    assert.equal(MAX_IDLE_DELAY_MS, 300_000);
    assert.equal(policy.next({ ...base, changed: true }).delayMs, 10_000);
    assert.equal(policy.next(base).delayMs, 20_000);
    policy.reset();
    assert.equal(policy.next(base).delayMs, 10_000);
  });

  it('pauses while the window is unfocused', () => {
    const d = new PollPolicy().next({ ...base, focused: false, inProgress: true });
    assert.equal(d.delayMs, undefined);
    assert.equal(d.reason, 'unfocused');
  });

  it('never polls sooner than X-Poll-Interval', () => {
    const policy = new PollPolicy();
    assert.equal(policy.next({ ...base, inProgress: true, pollIntervalSeconds: 60 }).delayMs, 60_000);
    assert.equal(policy.next({ ...base, pollIntervalSeconds: 1 }).delayMs, 10_000);
  });

  it('waits for the rate-limit reset, and says until when', () => {
    const d = new PollPolicy().next({ ...base, inProgress: true, rateLimit: { remaining: 0, resetAt: NOW + 15 * 60_000 } });
    assert.equal(d.reason, 'rateLimited');
    assert.equal(d.delayMs, 15 * 60_000 + 1000);
    assert.match(d.message, /12:15:01 UTC/);
    // A reset already past, or quota left, does not hold polling back.
    assert.equal(new PollPolicy().next({ ...base, rateLimit: { remaining: 0, resetAt: NOW - 1 } }).reason, 'changed');
    assert.equal(new PollPolicy().next({ ...base, rateLimit: { remaining: 10, resetAt: NOW + 60_000 } }).reason, 'changed');
  });

  it('honours Retry-After (secondary rate limit) even when unfocused', () => {
    const d = new PollPolicy().next({ ...base, focused: false, retryAfterMs: 90_000 });
    assert.equal(d.reason, 'retryAfter');
    assert.equal(d.delayMs, 90_000);
    assert.match(d.message, /12:01:30 UTC/);
  });
});
