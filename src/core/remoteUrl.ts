/**
 * Git remote URLs in any of git's syntaxes (`https://host/a/b.git`, `git@host:a/b.git`,
 * `ssh://git@host:2222/a/b`, `git://`, `git+ssh://`), parsed the way git reads them, and the
 * canonical repository identity every service uses in `anchors.repo`: host and path without scheme,
 * user, `.git` or trailing slash, host lower-cased (`forge.example.com/owner/name`, `git.example.com/group/sub/project`).
 * The port stays for http(s), where it tells instances apart, and goes for ssh, where it is a transport detail.
 */

export interface RemoteParts {
  scheme: 'https' | 'http' | 'ssh' | 'git';
  /** Lower case, without port. */
  hostname: string;
  /** Port when one was written, else undefined. */
  port?: string;
  /** Decoded path without leading or trailing slashes, e.g. `group/sub/project.git`. */
  path: string;
}

const SCHEMES: Record<string, RemoteParts['scheme']> = {
  'https:': 'https',
  'http:': 'http',
  'ssh:': 'ssh',
  'git+ssh:': 'ssh',
  'ssh+git:': 'ssh',
  'git:': 'git',
};

export function parseRemoteUrl(remote: string): RemoteParts | undefined {
  const text = remote.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return undefined;
    }
    const scheme = SCHEMES[url.protocol];
    if (!scheme || !url.hostname || url.search || url.hash) return undefined;
    return {
      scheme,
      hostname: url.hostname.toLowerCase(),
      ...(url.port ? { port: url.port } : {}),
      path: trimSlashes(decodePath(url.pathname)),
    };
  }
  // scp-like syntax: `[user@]host:path`; git reads it so only when no slash comes before the colon.
  const scp = /^(?:[^@/:]+@)?([^@/:]+):(.+)$/.exec(text);
  if (!scp) return undefined;
  let hostname: string;
  try {
    hostname = new URL(`ssh://${scp[1]}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  return { scheme: 'ssh', hostname, path: trimSlashes(scp[2]) };
}

/** `host[:port]/path` of a remote, or undefined for a local path or an unparsable URL. */
export function remoteIdentity(remote: string): string | undefined {
  const parts = parseRemoteUrl(remote);
  if (!parts || !parts.path) return undefined;
  const port = parts.port && (parts.scheme === 'https' || parts.scheme === 'http') ? `:${parts.port}` : '';
  return `${parts.hostname}${port}/${parts.path.replace(/\.git$/i, '')}`;
}

/** The identity of a repository known by its web URL (`https://forge.example.com/o/r` → `forge.example.com/o/r`). */
export function webIdentity(webUrl: string): string | undefined {
  return remoteIdentity(webUrl);
}

function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Remotes in the order a repository's identity is taken from: `origin`, then `upstream`, then by name. */
export function byRemotePreference<T extends { name: string }>(remotes: readonly T[]): T[] {
  const rank = (name: string) => (name === 'origin' ? 0 : name === 'upstream' ? 1 : 2);
  return [...remotes].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}
