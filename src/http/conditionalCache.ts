/**
 * The validators (ETag, Last-Modified) and bodies of earlier GET responses, so the next poll can
 * ask "changed since?" and a 304 costs no body and, where the service says so, no rate limit.
 * A bounded LRU: by entry count and by total body size, so a few huge responses cannot pin memory.
 */
import { createHash } from 'node:crypto';
import type { Credential } from './types';

export interface CachedResponse {
  etag?: string;
  lastModified?: string;
  status: number;
  /** Lower-cased header names, as received with the full response. */
  headers: Record<string, string>;
  /** The raw body text; parsed again on each hit so callers never share (and mutate) one object. */
  body: string;
}

export interface ConditionalCacheOptions {
  maxEntries?: number;
  /** Total body characters kept; a single body larger than this is not cached. */
  maxTotalChars?: number;
}

/**
 * The cache key: method, full URL, the representation asked for (`Accept`) and the identity of the
 * credential, so two accounts never see each other's cached data. The credential enters only as a
 * hash, never in clear.
 */
export function conditionalCacheKey(method: string, url: string, credential: Credential | undefined, accept = ''): string {
  const identity = credential
    ? createHash('sha256')
        .update(`${credential.origin}\n${credential.header}\n${credential.value}\n${JSON.stringify(credential.companionHeaders ?? {})}`)
        .digest('hex')
        .slice(0, 32)
    : 'anonymous';
  return `${method} ${url} ${accept} ${identity}`;
}

export class ConditionalCache {
  private readonly entries = new Map<string, CachedResponse>();
  private totalChars = 0;
  private readonly maxEntries: number;
  private readonly maxTotalChars: number;

  constructor(options: ConditionalCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 500;
    this.maxTotalChars = options.maxTotalChars ?? 64 * 1024 * 1024;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry, marked most recently used. */
  get(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      // Map keeps insertion order: re-inserting moves the key to the young end.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Stores an entry (only if it has a validator and fits), evicting the least recently used. */
  set(key: string, entry: CachedResponse): void {
    this.delete(key);
    if ((!entry.etag && !entry.lastModified) || entry.body.length > this.maxTotalChars) {
      return;
    }
    this.entries.set(key, entry);
    this.totalChars += entry.body.length;
    for (const [oldestKey] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.totalChars <= this.maxTotalChars) {
        break;
      }
      this.delete(oldestKey);
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry) {
      this.totalChars -= entry.body.length;
      this.entries.delete(key);
    }
  }
}
