/**
 * Reading the headers servers use to say "slow down": `Retry-After` (RFC 9110), the common
 * `x-ratelimit-*` family, the IETF draft's `ratelimit-*`, and a service's own family when its
 * requests name one (`HttpRequest.rateLimitHeaders`).
 */
import type { RateLimit } from './types';

// A reset value above this is an epoch time in seconds; below it, seconds from now.
// (1e9 s is September 2001: no window is that long, no real reset is that early.)
const EPOCH_THRESHOLD_SECONDS = 1e9;

const FAMILIES = ['x-ratelimit-', 'ratelimit-'];

/** The first rate-limit header family present (the service's own first), or undefined when the response carries none. */
export function parseRateLimit(headers: Record<string, string>, now = Date.now(), ownFamily?: string): RateLimit | undefined {
  for (const prefix of ownFamily ? [ownFamily, ...FAMILIES] : FAMILIES) {
    const limit = toNumber(headers[`${prefix}limit`]);
    const remaining = toNumber(headers[`${prefix}remaining`]);
    const reset = toNumber(headers[`${prefix}reset`]);
    if (limit === undefined && remaining === undefined && reset === undefined) {
      continue;
    }
    const rateLimit: RateLimit = {};
    if (limit !== undefined) {
      rateLimit.limit = limit;
    }
    if (remaining !== undefined) {
      rateLimit.remaining = remaining;
    }
    if (reset !== undefined) {
      rateLimit.resetAt = reset > EPOCH_THRESHOLD_SECONDS ? reset * 1000 : now + reset * 1000;
    }
    return rateLimit;
  }
  return undefined;
}

/** `Retry-After` as milliseconds from now: delay-seconds or an HTTP date; undefined when absent or invalid. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) {
    return undefined;
  }
  if (/^\d+(\.\d+)?$/.test(text)) {
    return Math.round(Number(text) * 1000);
  }
  // An HTTP date always names its day or month; this also keeps Date.parse from reading '-5' as a year.
  const date = /[A-Za-z]/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Why and how long the server asked us to wait before trying again. */
export interface ServerWait {
  waitMs: number;
  reason: string;
  /** True for a rate limit (429, or 403 with rate-limit signals), false for a 503 asking for patience. */
  rateLimited: boolean;
}

/**
 * The wait a response asks for, if any:
 * - `Retry-After` on 429, 503, and on 403 (a secondary rate limit);
 * - on 403/429 with `remaining: 0`, until the window resets.
 * A 429 without either still counts as rate limited, with no known wait.
 */
export function serverWait(
  status: number,
  headers: Record<string, string>,
  rateLimit: RateLimit | undefined,
  now = Date.now(),
): ServerWait | undefined {
  const rateLimitStatus = status === 429 || status === 403;
  const retryAfter = parseRetryAfter(headers['retry-after'], now);
  if (retryAfter !== undefined && (rateLimitStatus || status === 503)) {
    return { waitMs: retryAfter, reason: `Retry-After: ${headers['retry-after'].trim()}`, rateLimited: rateLimitStatus };
  }
  if (rateLimitStatus && rateLimit?.remaining === 0 && rateLimit.resetAt !== undefined) {
    return {
      waitMs: Math.max(0, rateLimit.resetAt - now),
      reason: `rate limit of ${rateLimit.limit ?? '?'} exhausted until ${new Date(rateLimit.resetAt).toISOString()}`,
      rateLimited: true,
    };
  }
  return undefined;
}

function toNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : undefined;
}
