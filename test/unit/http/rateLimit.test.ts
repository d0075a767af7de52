import assert from 'node:assert/strict';
import { parseRateLimit, parseRetryAfter, serverWait } from '../../../src/http/rateLimit';

const now = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 12:00:42 GMT', now), 42_000);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now), 0);
  });

  it('ignores absent and garbage values', () => {
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter('-5', now), undefined);
  });
});

describe('parseRateLimit', () => {
  it('reads GitHub x-ratelimit-* with an epoch-seconds reset', () => {
    assert.deepEqual(
      parseRateLimit({ 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4987', 'x-ratelimit-reset': '1767272400' }, now),
      { limit: 5000, remaining: 4987, resetAt: 1767272400_000 },
    );
  });

  it('reads IETF-draft ratelimit-* with a delta-seconds reset', () => {
    assert.deepEqual(parseRateLimit({ 'ratelimit-limit': '100', 'ratelimit-remaining': '0', 'ratelimit-reset': '30' }, now), {
      limit: 100,
      remaining: 0,
      resetAt: now + 30_000,
    });
  });

  it("reads a service's own family when its request names it (Sentry's x-sentry-rate-limit-*)", () => {
    const headers = { 'x-sentry-rate-limit-limit': '40', 'x-sentry-rate-limit-remaining': '39', 'x-sentry-rate-limit-reset': '1767272460' };
    assert.deepEqual(parseRateLimit(headers, now, 'x-sentry-rate-limit-'), { limit: 40, remaining: 39, resetAt: 1767272460_000 });
    assert.equal(parseRateLimit(headers, now), undefined, 'not a common family');
  });

  it('returns undefined without headers and skips unparsable values', () => {
    assert.equal(parseRateLimit({ 'content-type': 'application/json' }, now), undefined);
    assert.deepEqual(parseRateLimit({ 'x-ratelimit-remaining': 'lots', 'x-ratelimit-limit': '10' }, now), { limit: 10 });
  });
});

describe('serverWait', () => {
  it('honours Retry-After on 429, 503 and 403 (GitHub secondary limit), but not on other statuses', () => {
    assert.deepEqual(serverWait(429, { 'retry-after': '3' }, undefined, now), {
      waitMs: 3000,
      reason: 'Retry-After: 3',
      rateLimited: true,
    });
    assert.equal(serverWait(503, { 'retry-after': '3' }, undefined, now)?.rateLimited, false);
    assert.equal(serverWait(403, { 'retry-after': '60' }, undefined, now)?.waitMs, 60_000);
    assert.equal(serverWait(500, { 'retry-after': '3' }, undefined, now), undefined);
  });

  it('waits until the reset when the remaining budget is zero on 403/429', () => {
    const wait = serverWait(403, {}, { limit: 60, remaining: 0, resetAt: now + 90_000 }, now);
    assert.equal(wait?.waitMs, 90_000);
    assert.equal(wait?.rateLimited, true);
    assert.match(wait?.reason ?? '', /rate limit of 60 exhausted until 2026-01-01T12:01:30.000Z/);
  });

  it('does not treat a 403 with budget left as a rate limit', () => {
    assert.equal(serverWait(403, {}, { limit: 60, remaining: 12, resetAt: now + 90_000 }, now), undefined);
  });
});
