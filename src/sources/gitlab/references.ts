/**
 * Titles for the `!123` and `#45` references release notes collect (src/core/releaseNotes), from
 * `GET /projects/:id/merge_requests/:iid` and `GET /projects/:id/issues/:iid`. Bounded: at most
 * `maxLookups` requests per call (the rest are reported as skipped); cached: a title is asked once
 * per `ttlMs`, a reference GitLab does not know (404) is remembered as missing. A failure other than
 * "not found" stops the lookups and is returned with what was resolved so far, so release notes are
 * still written, with titles where they could be had.
 */
import { SourceError } from '../../core/sourceError';
import type { Reference } from '../../core/releaseNotes';
import type { GitLabApi } from './api';
import { title } from './mapping';

export interface ResolvedReference {
  /** As the release notes spell it: `!123`, `#45`. */
  key: string;
  kind: 'issue' | 'mergeRequest';
  title: string;
  url?: string;
  /** GitLab's state word: `opened`, `merged`, `closed`. */
  state: string;
}

export interface ReferenceResolution {
  resolved: Map<string, ResolvedReference>;
  /** References GitLab does not know (or the token cannot see). */
  missing: string[];
  /** References not looked up: over the bound, another project's, or after a failure. */
  skipped: string[];
  /** The failure that stopped the lookups, if any. */
  error?: SourceError;
}

export interface ReferenceResolverOptions {
  /** Requests one `resolve` call may make. Default 50. */
  maxLookups?: number;
  /** How long a resolved title is trusted. Default 1 hour. */
  ttlMs?: number;
  /** Cache size. Default 1000. */
  maxEntries?: number;
  now?: () => number;
}

interface CacheEntry {
  value: ResolvedReference | null;
  at: number;
}

export class GitLabReferenceResolver {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly maxLookups: number;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly api: GitLabApi,
    options: ReferenceResolverOptions = {},
  ) {
    this.maxLookups = Math.max(0, options.maxLookups ?? 50);
    this.ttlMs = options.ttlMs ?? 3600_000;
    this.maxEntries = Math.max(1, options.maxEntries ?? 1000);
    this.now = options.now ?? Date.now;
  }

  async resolve(refs: readonly Reference[], signal?: AbortSignal): Promise<ReferenceResolution> {
    const out: ReferenceResolution = { resolved: new Map(), missing: [], skipped: [] };
    let lookups = 0;
    const seen = new Set<string>();
    for (const ref of refs) {
      const local = this.localKey(ref);
      if (!local) {
        if (ref.kind !== 'issueKey') out.skipped.push(ref.key);
        continue;
      }
      if (seen.has(local)) continue;
      seen.add(local);
      const cached = this.cache.get(local);
      if (cached && this.now() - cached.at < this.ttlMs) {
        if (cached.value) out.resolved.set(ref.key, { ...cached.value, key: ref.key });
        else out.missing.push(ref.key);
        continue;
      }
      if (out.error || lookups >= this.maxLookups) {
        out.skipped.push(ref.key);
        continue;
      }
      lookups++;
      try {
        const value = await this.lookup(ref, signal);
        this.remember(local, value);
        out.resolved.set(ref.key, { ...value, key: ref.key });
      } catch (error) {
        if (error instanceof SourceError && error.kind === 'notFound') {
          this.remember(local, null);
          out.missing.push(ref.key);
        } else if (error instanceof SourceError) {
          out.error = error;
          out.skipped.push(ref.key);
        } else {
          throw error;
        }
      }
    }
    return out;
  }

  /** `!12` / `#3` of this project (unscoped, or scoped to this project's path); undefined otherwise. */
  private localKey(ref: Reference): string | undefined {
    if ((ref.kind !== 'issue' && ref.kind !== 'mergeRequest') || !Number.isSafeInteger(ref.number) || ref.number <= 0) {
      return undefined;
    }
    if (ref.scope && ref.scope.toLowerCase() !== this.api.project.path.toLowerCase()) {
      return undefined;
    }
    return `${ref.kind === 'issue' ? '#' : '!'}${ref.number}`;
  }

  private async lookup(ref: Reference, signal: AbortSignal | undefined): Promise<ResolvedReference> {
    if (ref.kind === 'mergeRequest') {
      const mr = await this.api.getMergeRequest(ref.number, signal);
      return {
        key: ref.key,
        kind: 'mergeRequest',
        title: title(mr.title),
        ...webUrl(mr.web_url),
        state: String(mr.state ?? 'unknown').slice(0, 40),
      };
    }
    const issue = await this.api.getIssue(ref.number, signal);
    return {
      key: ref.key,
      kind: 'issue',
      title: title(issue.title),
      ...webUrl(issue.web_url),
      state: String(issue.state ?? 'unknown').slice(0, 40),
    };
  }

  private remember(key: string, value: ResolvedReference | null): void {
    this.cache.delete(key);
    this.cache.set(key, { value, at: this.now() });
    while (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
  }
}

function webUrl(value: unknown): { url?: string } {
  if (typeof value !== 'string') return {};
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? { url: url.href } : {};
  } catch {
    return {};
  }
}
