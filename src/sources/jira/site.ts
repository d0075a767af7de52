/**
 * A Jira site from the `devops.jira.sites` settings: Cloud (`https://team.atlassian.net`, e-mail + API
 * token, REST v3, ADF) or Data Center / Server (`https://jira.example.com[/context]`, personal access
 * token, REST v2, wiki markup). The agile API (`/rest/agile/1.0`) is the same on both.
 */

export type JiraKind = 'cloud' | 'datacenter';

export interface JiraSiteSetting {
  url?: unknown;
  kind?: unknown;
  email?: unknown;
  user?: unknown;
  boards?: unknown;
  jql?: unknown;
  groupBy?: unknown;
}

export interface JiraSite {
  /** Base URL without a trailing slash, with the Data Center context path (`https://jira.example.com/jira`). */
  url: string;
  origin: string;
  /** Host and path, for ids and messages (`team.atlassian.net`). */
  identity: string;
  kind: JiraKind;
  /** Cloud: the account e-mail Basic auth pairs with the API token; Data Center: the user name (shown only). */
  account?: string;
  /** Board ids chosen in the settings; empty = find the boards of the projects the repositories name. */
  boards: number[];
  /** Replaces the sprint query, sent exactly as written. */
  jql?: string;
  groupBy: 'status' | 'assignee';
}

/** The REST platform API's base for a site: v3 on Cloud, v2 on Data Center. */
export function platformBase(site: Pick<JiraSite, 'url' | 'kind'>): string {
  return `${site.url}/rest/api/${site.kind === 'cloud' ? '3' : '2'}`;
}

/** A site from one settings entry, or the reason it is unusable. */
export function parseJiraSite(entry: JiraSiteSetting): JiraSite | string {
  if (typeof entry?.url !== 'string') return 'has no url';
  let url: URL;
  try {
    url = new URL(entry.url.trim());
  } catch {
    return `${entry.url} is not a URL`;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) return `${entry.url}: use https://`;
  if (url.username || url.password || url.search || url.hash) return `${entry.url}: no credentials, query or fragment in the URL`;
  const kind: JiraKind =
    entry.kind === 'cloud' || entry.kind === 'datacenter' ? entry.kind : url.hostname.endsWith('.atlassian.net') ? 'cloud' : 'datacenter';
  const path = url.pathname.replace(/\/+$/, '');
  const base = `${url.origin}${path}`;
  const account =
    typeof entry.email === 'string' && entry.email.trim()
      ? entry.email.trim()
      : typeof entry.user === 'string' && entry.user.trim()
        ? entry.user.trim()
        : undefined;
  if (kind === 'cloud' && !account) return `${entry.url}: Jira Cloud needs the account's "email" (API tokens are sent with it)`;
  const boards = Array.isArray(entry.boards) ? entry.boards.filter((b): b is number => Number.isSafeInteger(b) && (b as number) > 0) : [];
  const jql = typeof entry.jql === 'string' && entry.jql.trim() ? entry.jql : undefined;
  return {
    url: base,
    origin: url.origin,
    identity: `${url.host}${path}`,
    kind,
    ...(account ? { account } : {}),
    boards,
    ...(jql ? { jql } : {}),
    groupBy: entry.groupBy === 'assignee' ? 'assignee' : 'status',
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
