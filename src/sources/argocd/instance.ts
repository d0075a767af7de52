/**
 * An Argo CD instance as the user's settings name it (`devops.argocd.instances`): its URL (behind a
 * path prefix too, Argo CD's `--rootpath`), the applications chosen by name (besides those whose
 * source repository is a workspace remote), and environment names per application.
 */

export interface ArgoCdInstanceSetting {
  url: string;
  /** Applications to show even when their repository is not a workspace remote (`name` or `namespace/name`). */
  apps?: string[];
  /** Environment name per application (`name` or `namespace/name`); default `cluster/namespace`. */
  environments?: Record<string, string>;
}

export interface ArgoCdInstance {
  /** `https://argocd.example.com` or with its root path, no trailing slash. */
  baseUrl: string;
  origin: string;
  /** `argocd.example.com` or `argocd.example.com/prefix`: the instance part of source ids. */
  key: string;
  apps: string[];
  environments: Record<string, string>;
}

export function parseArgoCdInstance(setting: ArgoCdInstanceSetting): ArgoCdInstance | undefined {
  let url: URL;
  try {
    url = new URL(String(setting.url).trim());
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) return undefined;
  const path = url.pathname.replace(/\/+$/, '');
  const strings = (list: unknown) => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : []);
  const environments: Record<string, string> = {};
  if (setting.environments && typeof setting.environments === 'object') {
    for (const [app, env] of Object.entries(setting.environments))
      if (typeof env === 'string' && env.trim()) environments[app] = env.trim();
  }
  return {
    baseUrl: `${url.origin}${path}`,
    origin: url.origin,
    key: `${url.host}${path}`,
    apps: strings(setting.apps).map((a) => a.trim()),
    environments,
  };
}
