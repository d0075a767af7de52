/**
 * Which applications the workspace is about: those with a source whose repoURL is a workspace
 * remote, compared by canonical identity (core/remoteUrl: an SSH remote and Argo CD's HTTPS repoURL
 * of one repository match), plus those the settings name. Argo CD's own `repo` filter compares the
 * URL as written, so matching is done here over one list of every application the token may see.
 */
import { remoteIdentity } from '../../core/remoteUrl';
import type { ArgoApplication, ArgoApplicationSource } from './types';

export interface MatchedApp {
  app: ArgoApplication;
  /** The canonical identity of the matching source's repository (the workspace's), else of the first source. */
  repo?: string;
  /** Index of that source among the app's sources (multi-source apps), 0 for a single source. */
  sourceIndex: number;
}

/** `spec.sources` for a multi-source app, else `spec.source`. */
export function appSources(app: ArgoApplication): ArgoApplicationSource[] {
  const many = app.spec?.sources;
  if (Array.isArray(many) && many.length > 0) return many;
  return app.spec?.source ? [app.spec.source] : [];
}

/** `name`, or `namespace/name` for an app in another namespace than Argo CD's. */
export function appKey(app: ArgoApplication): string {
  const name = app.metadata?.name ?? '';
  const ns = app.metadata?.namespace;
  return ns ? `${ns}/${name}` : name;
}

/** Whether a settings entry (`name` or `namespace/name`) names the app. */
export function namesApp(entry: string, app: ArgoApplication): boolean {
  return entry === app.metadata?.name || entry === appKey(app);
}

export function matchApplications(
  apps: readonly ArgoApplication[],
  workspaceIdentities: ReadonlySet<string>,
  chosen: readonly string[],
): MatchedApp[] {
  const out: MatchedApp[] = [];
  for (const app of apps) {
    if (typeof app.metadata?.name !== 'string' || !app.metadata.name) continue;
    const identities = appSources(app).map((s) => (typeof s.repoURL === 'string' ? remoteIdentity(s.repoURL) : undefined));
    const index = identities.findIndex((id) => id !== undefined && workspaceIdentities.has(id));
    if (index >= 0) out.push({ app, repo: identities[index], sourceIndex: index });
    else if (chosen.some((c) => namesApp(c, app))) {
      const first = identities.findIndex((id) => id !== undefined);
      out.push({ app, ...(first >= 0 ? { repo: identities[first] } : {}), sourceIndex: Math.max(0, first) });
    }
  }
  return out;
}
