import * as vscode from 'vscode';
import { parseArgoCdInstance, type ArgoCdInstance, type ArgoCdInstanceSetting } from '../../sources/argocd';

export const SECTION = 'devops.argocd';

/**
 * The Argo CD instances of `devops.argocd.instances` (`{ url, apps, environments }`). The setting has
 * `application` scope and is restricted: only the user's own settings count, so a workspace can never
 * name a server the stored token goes to. Unusable entries are returned as problems.
 */
export function argocdInstances(): { instances: ArgoCdInstance[]; problems: string[] } {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('instances');
  const raw = inspected?.globalValue ?? inspected?.defaultValue ?? [];
  const instances: ArgoCdInstance[] = [];
  const problems: string[] = [];
  for (const entry of Array.isArray(raw) ? raw : []) {
    const setting = typeof entry === 'string' ? { url: entry } : (entry as ArgoCdInstanceSetting);
    const instance = setting && typeof setting.url === 'string' ? parseArgoCdInstance(setting) : undefined;
    if (instance && !instances.some((i) => i.key === instance.key)) instances.push(instance);
    else if (!instance) problems.push(`${JSON.stringify(entry).slice(0, 80)} is not an Argo CD URL (https://host[/rootpath])`);
  }
  return { instances, problems };
}
