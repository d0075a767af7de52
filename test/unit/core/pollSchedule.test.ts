import assert from 'node:assert/strict';
import { delayOnFocus, nextPollDelay, type PollTiming } from '../../../src/core/pollSchedule';

describe('pollSchedule', () => {
  const policy: PollTiming = { baseMs: 30_000, maxMs: 300_000 };

  it('polls at the base rate after a change and for the first poll', () => {
    assert.equal(nextPollDelay(policy, { focused: true, changed: true, previousDelayMs: 240_000 }), 30_000);
    assert.equal(nextPollDelay(policy, { focused: true, changed: false }), 60_000);
  });

  it('backs off while nothing changes, up to the cap', () => {
    const delays: number[] = [];
    let previous: number | undefined = 30_000;
    for (let i = 0; i < 6; i++) {
      previous = nextPollDelay(policy, { focused: true, changed: false, previousDelayMs: previous });
      delays.push(previous!);
    }
    assert.deepEqual(delays, [60_000, 120_000, 240_000, 300_000, 300_000, 300_000]);
  });

  it('backs off on failure too, and honours a longer server-requested wait', () => {
    assert.equal(nextPollDelay(policy, { focused: true, changed: true, failed: true, previousDelayMs: 30_000 }), 60_000);
    assert.equal(nextPollDelay(policy, { focused: true, changed: false, failed: true, retryAfterMs: 900_000 }), 900_000);
  });

  it('pauses when unfocused, or slows down when the policy says so', () => {
    assert.equal(nextPollDelay(policy, { focused: false, changed: true }), undefined);
    assert.equal(nextPollDelay({ ...policy, unfocusedMs: 600_000 }, { focused: false, changed: true }), 600_000);
  });

  it('keeps the base pace while work is in progress on the server, even without changes', () => {
    assert.equal(nextPollDelay(policy, { focused: true, changed: false, inProgress: true, previousDelayMs: 240_000 }), 30_000);
  });

  it("never polls sooner than the server's minimum interval", () => {
    assert.equal(nextPollDelay(policy, { focused: true, changed: true, minDelayMs: 60_000 }), 60_000);
  });

  it('polls at once on focus when the last poll is old enough', () => {
    assert.equal(delayOnFocus(policy, undefined, 1_000_000), 0);
    assert.equal(delayOnFocus(policy, 1_000_000 - 45_000, 1_000_000), 0);
    assert.equal(delayOnFocus(policy, 1_000_000 - 10_000, 1_000_000), 20_000);
  });
});
