import * as vscode from 'vscode';
import { DEFAULT_BRANCH_TEMPLATE } from '../../core/branchName';
import { parseEnterpriseHost, type EnterpriseHost, type MergeMethod } from '../../sources/github';

/** The `devops.github.*` settings, read where they are used so changes apply at once. */
export const SECTION = 'devops.github';

/**
 * GitHub Enterprise Server hosts. The setting has `application` scope, so only the user's own
 * settings count: a workspace (possibly in Restricted Mode) can never name a host our tokens go to.
 */
export function enterpriseHosts(): EnterpriseHost[] {
  const values = vscode.workspace.getConfiguration(SECTION).inspect<string[]>('enterpriseUrls');
  const urls = values?.globalValue ?? values?.defaultValue ?? [];
  const hosts: EnterpriseHost[] = [];
  for (const url of Array.isArray(urls) ? urls : []) {
    const host = typeof url === 'string' ? parseEnterpriseHost(url) : undefined;
    if (host && !hosts.some((h) => h.webBase === host.webBase)) hosts.push(host);
  }
  return hosts;
}

export function sprintMilestone(scope: vscode.Uri): string | undefined {
  return vscode.workspace.getConfiguration(SECTION, scope).get<string>('sprintMilestone')?.trim() || undefined;
}

export function branchTemplate(scope: vscode.Uri): string {
  return vscode.workspace.getConfiguration(SECTION, scope).get<string>('branchTemplate')?.trim() || DEFAULT_BRANCH_TEMPLATE;
}

export function planGrouping(): 'assignee' | 'state' {
  return vscode.workspace.getConfiguration(SECTION).get<string>('planGrouping') === 'state' ? 'state' : 'assignee';
}

export function notifyOnFailure(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('notifyOnFailure', false) === true;
}

export function mergeMethod(scope: vscode.Uri): MergeMethod | 'ask' {
  const value = vscode.workspace.getConfiguration(SECTION, scope).get<string>('mergeMethod', 'ask');
  return value === 'merge' || value === 'squash' || value === 'rebase' ? value : 'ask';
}
