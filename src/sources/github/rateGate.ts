import type { RateLimit } from '../../http/types';

/**
 * Rate-limit state of one API origin: GitHub counts requests per user (token), so every repository
 * and phase polled with it shares one quota and one wait. Pure, so the poller's tests use it as is.
 */
export class RateGate {
  rateLimit?: RateLimit;
  /** Epoch ms before which no request is sent (a rate limit's reset or `Retry-After`). */
  blockedUntil = 0;
  /** Why it waits, for the view message and the log. */
  reason?: string;

  constructor(readonly origin: string) {}

  note(rateLimit: RateLimit | undefined): void {
    if (rateLimit) this.rateLimit = rateLimit;
  }

  block(until: number, reason: string): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
    this.reason = reason;
  }

  /** Epoch ms until which requests wait: a recorded block, or a spent quota until its reset. */
  waitUntil(now = Date.now()): number | undefined {
    const rl = this.rateLimit;
    const spent = rl?.remaining === 0 && rl.resetAt !== undefined && rl.resetAt > now ? rl.resetAt + 1000 : 0;
    const until = Math.max(this.blockedUntil, spent);
    return until > now ? until : undefined;
  }

  isBlocked(now = Date.now()): boolean {
    return this.waitUntil(now) !== undefined;
  }

  /** "4,982 of 5,000 GitHub API requests left (resets 14:05:00)". */
  describeQuota(): string | undefined {
    const rl = this.rateLimit;
    if (rl?.remaining === undefined) return undefined;
    const of = rl.limit !== undefined ? ` of ${rl.limit.toLocaleString('en-US')}` : '';
    const reset = rl.resetAt !== undefined ? ` (resets ${new Date(rl.resetAt).toLocaleTimeString()})` : '';
    return `${rl.remaining.toLocaleString('en-US')}${of} GitHub API requests left${reset}`;
  }
}
