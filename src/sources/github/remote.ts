/**
 * Which GitHub repository a git remote points at, and where its API lives.
 * A remote on github.com is picked up with no setting; a GitHub Enterprise Server (GHES) host is
 * recognised when the settings name it, and its API is `https://HOST/api/v3`.
 * Hosts are compared after parsing (core/remoteUrl), never by regex on the raw string.
 */
import { byRemotePreference, parseRemoteUrl } from '../../core/remoteUrl';
import { checkServerUrl, withDefaultScheme } from '../../http/serverUrl';

export interface GitHubRepoRef {
  /** Lower-cased host (with port for a non-default https port), e.g. `github.com`. */
  host: string;
  owner: string;
  repo: string;
  /** e.g. `https://api.github.com` or `https://ghe.example.com/api/v3` (no trailing slash). */
  apiBase: string;
  /** e.g. `https://github.com` or `https://ghe.example.com`. */
  webBase: string;
  enterprise: boolean;
}

/** The repository's canonical identity (`anchors.repo` of its signals): `github.com/owner/repo`. */
export function githubIdentity(repo: Pick<GitHubRepoRef, 'host' | 'owner' | 'repo'>): string {
  return `${repo.host}/${repo.owner}/${repo.repo}`;
}

/** A GHES instance named in the settings. */
export interface EnterpriseHost {
  /** Lower-cased host without port, as git remotes name it for ssh. */
  hostname: string;
  webBase: string;
  apiBase: string;
}

const DOTCOM_HOSTS = new Set(['github.com', 'www.github.com', 'ssh.github.com']);
// GitHub's own rules: owners are alphanumerics and single hyphens (at most 39); repository names
// are alphanumerics, `.`, `-` and `_` (at most 100).
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * A GHES setting, given as a host (`ghe.example.com`), a web URL (`https://ghe.example.com`) or the
 * API URL (`https://ghe.example.com/api/v3`). Undefined when it cannot be parsed or names github.com.
 */
export function parseEnterpriseHost(setting: string): EnterpriseHost | undefined {
  const text = setting.trim();
  if (!text) {
    return undefined;
  }
  const checked = checkServerUrl(withDefaultScheme(text));
  if ('error' in checked || !checked.url.hostname) {
    return undefined;
  }
  const url = checked.url;
  const hostname = url.hostname.toLowerCase();
  if (DOTCOM_HOSTS.has(hostname)) {
    return undefined;
  }
  const webBase = url.origin;
  return { hostname, webBase, apiBase: `${webBase}/api/v3` };
}

/**
 * Parses `https://github.com/o/r.git`, `git@github.com:o/r.git`, `ssh://git@host:22/o/r`,
 * `git://…` and `git+ssh://…`. Credentials in the URL are dropped. Undefined when the remote is not
 * on github.com nor on one of `enterpriseHosts`, or its path is not `owner/repo`.
 */
export function parseGitHubRemote(remoteUrl: string, enterpriseHosts: readonly EnterpriseHost[] = []): GitHubRepoRef | undefined {
  const parts = parseRemoteUrl(remoteUrl);
  if (!parts) {
    return undefined;
  }
  const segments = parts.path.split('/');
  if (segments.length !== 2) {
    return undefined;
  }
  const owner = segments[0];
  const repo = segments[1].replace(/\.git$/i, '');
  if (!OWNER.test(owner) || !REPO.test(repo) || repo === '.' || repo === '..') {
    return undefined;
  }
  if (DOTCOM_HOSTS.has(parts.hostname)) {
    return { host: 'github.com', owner, repo, apiBase: 'https://api.github.com', webBase: 'https://github.com', enterprise: false };
  }
  const ghes = enterpriseHosts.find((h) => h.hostname === parts.hostname);
  if (!ghes) {
    return undefined;
  }
  return { host: new URL(ghes.webBase).host, owner, repo, apiBase: ghes.apiBase, webBase: ghes.webBase, enterprise: true };
}

export interface GitRemote {
  name: string;
  fetchUrl?: string;
  pushUrl?: string;
}

/** The distinct GitHub repositories among a repository's remotes, `origin` first then by remote name. */
export function githubReposFromRemotes(remotes: readonly GitRemote[], enterpriseHosts: readonly EnterpriseHost[] = []): GitHubRepoRef[] {
  const ordered = byRemotePreference(remotes);
  const seen = new Set<string>();
  const out: GitHubRepoRef[] = [];
  for (const remote of ordered) {
    for (const url of [remote.fetchUrl, remote.pushUrl]) {
      const ref = url ? parseGitHubRemote(url, enterpriseHosts) : undefined;
      const key = ref && `${ref.apiBase} ${ref.owner.toLowerCase()}/${ref.repo.toLowerCase()}`;
      if (ref && key && !seen.has(key)) {
        seen.add(key);
        out.push(ref);
      }
    }
  }
  return out;
}
