import * as vscode from 'vscode';
import { DEFAULT_BRANCH_TEMPLATE } from '../../core/branchName';
import { parseGitLabInstance, type GitLabInstance, type GitLabInstanceSetting } from '../../sources/gitlab';

/** The `devops.gitlab.*` settings, read where they are used so changes apply at once. */
export const SECTION = 'devops.gitlab';

/**
 * Self-managed GitLab instances (`{ url, sshHosts }`). The setting has `application` scope: only the
 * user's own settings count, so a workspace (possibly in Restricted Mode) can never name a host our
 * tokens go to. gitlab.com needs no entry. Unusable entries are returned as problems.
 */
export function gitlabInstances(): { instances: GitLabInstance[]; problems: string[] } {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('instances');
  const raw = inspected?.globalValue ?? inspected?.defaultValue ?? [];
  const instances: GitLabInstance[] = [];
  const problems: string[] = [];
  for (const entry of Array.isArray(raw) ? raw : []) {
    const setting = typeof entry === 'string' ? { url: entry } : (entry as GitLabInstanceSetting);
    const instance = setting && typeof setting.url === 'string' ? parseGitLabInstance(setting) : undefined;
    if (instance) instances.push(instance);
    else problems.push(`${JSON.stringify(entry).slice(0, 80)} is not a GitLab URL (https://host[/prefix])`);
  }
  return { instances, problems };
}

export function branchTemplate(scope: vscode.Uri): string {
  return vscode.workspace.getConfiguration(SECTION, scope).get<string>('branchTemplate')?.trim() || DEFAULT_BRANCH_TEMPLATE;
}

/** The label Start Work puts on an issue (e.g. `doing`, `workflow::in progress`), and the ones it takes off. */
export function startWorkLabels(scope: vscode.Uri): { doing?: string; remove: string[] } {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const doing = config.get<string>('doingLabel')?.trim() || undefined;
  const remove = (config.get<unknown>('removeLabelsOnStart') ?? []) as unknown[];
  return { doing, remove: remove.filter((l): l is string => typeof l === 'string' && l.trim() !== '') };
}

export function planGrouping(): 'assignee' | 'state' {
  return vscode.workspace.getConfiguration(SECTION).get<string>('planGrouping') === 'state' ? 'state' : 'assignee';
}

export function notifyOnFailure(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('notifyOnFailure', false) === true;
}
