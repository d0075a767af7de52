/**
 * What GitLab last said about its rate limits, shared by the phase sources of one instance so a
 * limit met by one phase holds back the others: the `RateLimit-*` headers every answer carries
 * (parsed by src/http/rateLimit) and the `Retry-After` of a throttled (429) answer, which the one
 * SourceError turns into `retryAt`.
 */
import type { SourceError } from '../../core/sourceError';
import type { RateLimit } from '../../http/types';

export class GitLabRateState {
  /** The quota as last seen (`RateLimit-Limit`, `-Remaining`, `-Reset`). */
  rateLimit?: RateLimit;
  /** Epoch ms before which no request should be sent (a throttled answer's `Retry-After`). */
  retryAt?: number;

  noteRateLimit(rateLimit: RateLimit | undefined): void {
    if (rateLimit && (rateLimit.remaining !== undefined || rateLimit.resetAt !== undefined)) {
      this.rateLimit = rateLimit;
    }
  }

  noteError(error: SourceError): void {
    this.noteRateLimit(error.rateLimit);
    if (error.retryAt !== undefined && (error.kind === 'rateLimited' || error.kind === 'server')) {
      this.retryAt = Math.max(this.retryAt ?? 0, error.retryAt);
    }
  }

  /** When the next request may go out, if not now: after `Retry-After`, or after the reset of a spent quota. */
  notBefore(now: number): number | undefined {
    const candidates: number[] = [];
    if (this.retryAt !== undefined && this.retryAt > now) {
      candidates.push(this.retryAt);
    }
    const rl = this.rateLimit;
    if (rl?.remaining === 0 && rl.resetAt !== undefined && rl.resetAt > now) {
      candidates.push(rl.resetAt);
    }
    return candidates.length > 0 ? Math.max(...candidates) : undefined;
  }
}
