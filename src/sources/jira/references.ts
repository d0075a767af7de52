/**
 * Titles of `PROJ-7` release-note references, with the issue's type and fix versions: one JQL search
 * (`key in (...)`) per 50 keys of the site's projects, cached for the resolver's life. Issues Jira does
 * not return (deleted, archived, not visible) are simply not resolved.
 */
import type { Reference } from '../../core/releaseNotes';
import { SourceError } from '../../core/sourceError';
import type { JiraApi } from './api';
import { issueUrl, ISSUE_KEY } from './mapping';

export interface JiraReference {
  key: string;
  summary: string;
  type?: string;
  status?: string;
  fixVersions: string[];
  url: string;
}

const BATCH = 50;

export class JiraReferenceResolver {
  private readonly cache = new Map<string, JiraReference | null>();

  constructor(private readonly api: JiraApi) {}

  /**
   * The issues of a fix version (`fixVersion = "1.4.0"`, the name quoted as JQL strings are), as key and
   * summary, for "planned for this release but no commit names it".
   */
  async versionIssues(version: string, signal?: AbortSignal): Promise<Array<{ key: string; summary: string }>> {
    const jql = `fixVersion = "${version.replace(/["\\]/g, (c) => `\\${c}`)}"`;
    const { items } = await this.api.search(jql, ['summary'], signal);
    return items
      .map((i) => ({
        key: String(i.key ?? '').toUpperCase(),
        summary: typeof i.fields?.summary === 'string' ? i.fields.summary.slice(0, 300) : '',
      }))
      .filter((i) => ISSUE_KEY.test(i.key));
  }

  /** The references of `references` this site knows; an error (auth, network) is returned, not thrown. */
  async resolve(
    references: readonly Reference[],
    signal?: AbortSignal,
  ): Promise<{ resolved: Map<string, JiraReference>; error?: SourceError }> {
    const keys = [...new Set(references.filter((r) => r.kind === 'issueKey').map((r) => r.key.toUpperCase()))].filter((k) =>
      ISSUE_KEY.test(k),
    );
    const missing = keys.filter((k) => !this.cache.has(k));
    let error: SourceError | undefined;
    for (let i = 0; i < missing.length && !error; i += BATCH) {
      const batch = missing.slice(i, i + BATCH);
      try {
        const { items } = await this.api.search(`key in (${batch.join(', ')})`, ['summary', 'issuetype', 'status', 'fixVersions'], signal);
        const found = new Set<string>();
        for (const issue of items) {
          const key = String(issue.key ?? '').toUpperCase();
          const f = issue.fields ?? {};
          if (!ISSUE_KEY.test(key) || typeof f.summary !== 'string') continue;
          found.add(key);
          this.cache.set(key, {
            key,
            summary: f.summary.slice(0, 300),
            ...(typeof f.issuetype?.name === 'string' ? { type: f.issuetype.name } : {}),
            ...(typeof f.status?.name === 'string' ? { status: f.status.name } : {}),
            fixVersions: (f.fixVersions ?? []).map((v) => v?.name).filter((n): n is string => typeof n === 'string'),
            url: issueUrl(this.api.site, key),
          });
        }
        for (const key of batch) if (!found.has(key)) this.cache.set(key, null);
      } catch (e) {
        // Jira refuses a whole `key in (...)` query (400) when one key names a project it does not have.
        if (e instanceof SourceError && e.kind === 'rejected' && batch.length > 1) {
          for (const key of batch) {
            const one = await this.resolve([{ kind: 'issueKey', key, number: 0 }], signal);
            if (one.error && one.error.kind !== 'rejected') error = one.error;
            if (!one.resolved.has(key)) this.cache.set(key, null);
          }
          continue;
        }
        if (e instanceof SourceError && e.kind === 'rejected') this.cache.set(batch[0], null);
        else error = e instanceof SourceError ? e : new SourceError(String(e), 'offline', 'Jira');
      }
    }
    const resolved = new Map<string, JiraReference>();
    for (const key of keys) {
      const ref = this.cache.get(key);
      if (ref) resolved.set(key, ref);
    }
    return { resolved, ...(error ? { error } : {}) };
  }
}
