/**
 * Which GitLab project a git remote points at, and where its API lives. A remote on gitlab.com is
 * recognised with no setting; a self-managed instance when the settings name it, possibly behind a
 * path prefix (`https://git.example.com/gitlab`) and with SSH host aliases (`sshHosts`), because the
 * SSH host of an instance often differs from its web host. Hosts are compared after parsing, never
 * by pattern on the raw string; anything that is not clearly a
 * project of a known instance is rejected rather than guessed.
 */
import { byRemotePreference } from '../../core/remoteUrl';
import { checkServerUrl, withDefaultScheme } from '../../http/serverUrl';

export interface GitLabProjectRef {
  /** `https://gitlab.com` or `https://git.example.com/gitlab` (with the prefix, no trailing slash). */
  webBase: string;
  /** `<webBase>/api/v4`. */
  apiBase: string;
  /** The project's full path: `group/sub/project`. */
  path: string;
  /** The path as the API's `:id` takes it: `group%2Fsub%2Fproject`. */
  encodedPath: string;
  /**
   * The canonical repository identity: the project's web URL
   * without scheme, host lower-cased: `gitlab.com/group/sub/project`, `git.example.com/gitlab/group/project`.
   * Every GitLab signal carries it in `anchors.repo`.
   */
  identity: string;
  /** The project's web page. */
  webUrl: string;
  /** True for gitlab.com. */
  dotcom: boolean;
}

/** A self-managed instance as the settings give it. */
export interface GitLabInstanceSetting {
  /** Web URL of the instance, with its path prefix if any: `https://git.example.com/gitlab`. */
  url: string;
  /** Other host names (or `host:port`) that reach the same instance over SSH. */
  sshHosts?: readonly string[];
}

/** A parsed instance: what remotes are compared against. */
export interface GitLabInstance {
  webBase: string;
  /** `host[:port]` of the web URL, lower case, default port left out. */
  webHost: string;
  /** Lower-case host name of the web URL. */
  hostname: string;
  /** `''` or `/gitlab`: only HTTP(S) remotes carry it. */
  pathPrefix: string;
  /** SSH aliases, lower case: `host` (any port) or `host:port`. */
  sshHosts: readonly string[];
  dotcom: boolean;
}

export interface GitRemote {
  name: string;
  fetchUrl?: string;
  pushUrl?: string;
}

const DOTCOM: GitLabInstance = {
  webBase: 'https://gitlab.com',
  webHost: 'gitlab.com',
  hostname: 'gitlab.com',
  pathPrefix: '',
  // GitLab.com also takes SSH on port 443 under `altssh.gitlab.com`.
  sshHosts: ['gitlab.com', 'altssh.gitlab.com'],
  dotcom: true,
};
const DOTCOM_WEB_HOSTS = new Set(['gitlab.com', 'www.gitlab.com']);

// GitLab's own path rules: a segment holds letters, digits, `_`, `.` and `-`, does not start with
// `-` and never ends in `.git` or `.atom`. A leading dot (rare, allowed for groups) is refused too:
// it is also how `.`/`..` tricks start, and no guess is better than a wrong project.
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;
// `.` or `..` as a path segment, plain or percent-encoded: URL parsing would silently resolve it.
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;
// A project and up to 20 levels of nested groups.
const MAX_SEGMENTS = 21;
const MAX_REMOTE_CHARS = 2048;

/**
 * A self-managed instance from the settings; undefined when the URL is not a plain http(s) URL
 * (credentials, query or fragment in it) or names gitlab.com, which needs no setting.
 */
export function parseGitLabInstance(setting: GitLabInstanceSetting): GitLabInstance | undefined {
  const text = setting.url?.trim();
  if (!text || text.length > MAX_REMOTE_CHARS) {
    return undefined;
  }
  const checked = checkServerUrl(withDefaultScheme(text));
  if ('error' in checked) {
    return undefined;
  }
  const url = checked.url;
  if (!url.hostname || url.search || url.hash) {
    return undefined;
  }
  const hostname = url.hostname.toLowerCase();
  if (DOTCOM_WEB_HOSTS.has(hostname)) {
    return undefined;
  }
  const prefix = url.pathname.replace(/\/+$/, '');
  if (
    prefix !== '' &&
    (DOT_SEGMENT.test(text) ||
      !prefix
        .split('/')
        .slice(1)
        .every((s) => SEGMENT.test(s)))
  ) {
    return undefined;
  }
  const sshHosts = (setting.sshHosts ?? []).map(parseHostAlias).filter((h): h is string => h !== undefined);
  return {
    webBase: `${url.origin}${prefix}`,
    webHost: url.host.toLowerCase(),
    hostname,
    pathPrefix: prefix,
    sshHosts: [...new Set([hostname, ...sshHosts])],
    dotcom: false,
  };
}

/** `host` or `host:port`, lower case; undefined for anything else (a URL, a path, a user name). */
function parseHostAlias(alias: string): string | undefined {
  const text = alias.trim().toLowerCase();
  if (!text || /[/@\s]/.test(text)) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(`ssh://${text}`);
  } catch {
    return undefined;
  }
  if (!url.hostname || url.pathname !== '' || url.username) {
    return undefined;
  }
  return url.port ? `${url.hostname}:${url.port}` : url.hostname;
}

/**
 * The project a remote URL points at, on gitlab.com or on one of `instances`; undefined otherwise.
 * Takes `https://host[/prefix]/group/sub/project[.git]` (credentials in it are dropped),
 * `git@host:group/sub/project.git` and `ssh://git@host[:port]/group/sub/project.git`.
 */
export function parseGitLabRemote(remoteUrl: string, instances: readonly GitLabInstance[] = []): GitLabProjectRef | undefined {
  const remote = remoteUrl.trim();
  if (!remote || remote.length > MAX_REMOTE_CHARS || /[\s\0-\x1f\x7f]/.test(remote)) {
    return undefined;
  }
  const parts = splitRemote(remote);
  if (!parts) {
    return undefined;
  }
  const known = [DOTCOM, ...instances.filter((i) => !i.dotcom)];
  let instance: GitLabInstance | undefined;
  let path = parts.path;
  if (parts.transport === 'http') {
    instance = known.find((i) => i.webHost === parts.host || (i.dotcom && DOTCOM_WEB_HOSTS.has(parts.hostname) && !parts.port));
    if (!instance) {
      return undefined;
    }
    if (instance.pathPrefix) {
      if (!path.startsWith(`${instance.pathPrefix}/`)) {
        return undefined;
      }
      path = path.slice(instance.pathPrefix.length);
    }
  } else {
    const key = parts.port && parts.port !== '22' ? `${parts.hostname}:${parts.port}` : parts.hostname;
    // An alias with a port matches that port only; one without, any port.
    instance = known.find((i) => i.sshHosts.includes(key) || i.sshHosts.includes(parts.hostname));
    if (!instance) {
      return undefined;
    }
  }
  const projectPath = projectPathOf(path);
  if (!projectPath) {
    return undefined;
  }
  const hostForIdentity = new URL(instance.webBase).host.toLowerCase();
  const webUrl = `${instance.webBase}/${projectPath}`;
  return {
    webBase: instance.webBase,
    apiBase: `${instance.webBase}/api/v4`,
    path: projectPath,
    encodedPath: encodeURIComponent(projectPath),
    identity: `${hostForIdentity}${instance.pathPrefix}/${projectPath}`,
    webUrl,
    dotcom: instance.dotcom,
  };
}

/** The distinct GitLab projects among a repository's remotes, `origin` first, then `upstream`, then by name. */
export function gitlabProjectsFromRemotes(remotes: readonly GitRemote[], instances: readonly GitLabInstance[] = []): GitLabProjectRef[] {
  const ordered = byRemotePreference(remotes);
  const seen = new Set<string>();
  const out: GitLabProjectRef[] = [];
  for (const remote of ordered) {
    for (const url of [remote.fetchUrl, remote.pushUrl]) {
      const ref = url ? parseGitLabRemote(url, instances) : undefined;
      const key = ref?.identity.toLowerCase();
      if (ref && key && !seen.has(key)) {
        seen.add(key);
        out.push(ref);
      }
    }
  }
  return out;
}

interface RemoteParts {
  transport: 'http' | 'ssh';
  /** Lower-case host name. */
  hostname: string;
  /** `hostname[:port]` as a URL gives it (default port left out). */
  host: string;
  port: string;
  /** The path, decoded, starting with `/`. */
  path: string;
}

/** Host and path of a remote in git's URL or scp-like syntax; undefined for other transports. */
function splitRemote(remote: string): RemoteParts | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote)) {
    const afterScheme = remote.slice(remote.indexOf('://') + 3);
    if (DOT_SEGMENT.test(afterScheme.slice(Math.max(0, afterScheme.indexOf('/'))))) {
      return undefined;
    }
    let url: URL;
    try {
      url = new URL(remote);
    } catch {
      return undefined;
    }
    const transport =
      url.protocol === 'https:' || url.protocol === 'http:'
        ? 'http'
        : ['ssh:', 'git+ssh:', 'ssh+git:'].includes(url.protocol)
          ? 'ssh'
          : undefined;
    if (!transport || !url.hostname || url.search || url.hash) {
      return undefined;
    }
    const path = decodePath(url.pathname);
    if (path === undefined) {
      return undefined;
    }
    return { transport, hostname: url.hostname.toLowerCase(), host: url.host.toLowerCase(), port: url.port, path };
  }
  // scp-like `[user@]host:path`: git reads it so only when no slash comes before the colon. A path
  // starting with `/` would be absolute on the server, which GitLab's SSH paths never are.
  const scp = /^(?:[^@/:]+@)?([^@/:[\]]+):([^/].*)$/.exec(remote);
  if (!scp) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(`ssh://${scp[1]}`);
  } catch {
    return undefined;
  }
  if (!url.hostname || url.port) {
    return undefined;
  }
  return { transport: 'ssh', hostname: url.hostname.toLowerCase(), host: url.host.toLowerCase(), port: '', path: `/${scp[2]}` };
}

/** Decoded URL path; undefined when an escape is broken or decodes to a separator or control character. */
function decodePath(path: string): string | undefined {
  const segments = path.split('/');
  const decoded: string[] = [];
  for (const segment of segments) {
    let value: string;
    try {
      value = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (/[/\\\0-\x1f\x7f]/.test(value)) {
      return undefined;
    }
    decoded.push(value);
  }
  return decoded.join('/');
}

/** `group/sub/project` from `/group/sub/project.git` (one trailing slash allowed); undefined when not a project path. */
function projectPathOf(path: string): string | undefined {
  const trimmed = path
    .replace(/^\//, '')
    .replace(/\/$/, '')
    .replace(/\.git$/i, '');
  const segments = trimmed.split('/');
  if (segments.length < 2 || segments.length > MAX_SEGMENTS) {
    return undefined;
  }
  for (const segment of segments) {
    if (!SEGMENT.test(segment) || /\.(git|atom)$/i.test(segment)) {
      return undefined;
    }
  }
  return segments.join('/');
}
