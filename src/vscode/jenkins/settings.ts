import * as vscode from 'vscode';
import { checkServerUrl } from '../../http/serverUrl';
import { instanceBase, parseJobPath } from '../../sources/jenkins';

export const SECTION = 'devops.jenkins';

/** One entry of `devops.jenkins.instances`, checked. */
export interface JenkinsInstance {
  /** With its trailing slash. */
  base: string;
  origin: string;
  user?: string;
  /** Job paths (item names); empty: the instance is searched for the repository's jobs. */
  jobs: string[][];
}

/**
 * The Jenkins instances (`{ url, user, jobs }`). `application` scope: only the user's own settings
 * count, so a workspace (possibly in Restricted Mode) can never name a host the API token goes to.
 * Unusable entries are returned as problems.
 */
export function jenkinsInstances(): { instances: JenkinsInstance[]; problems: string[] } {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('instances');
  const raw = inspected?.globalValue ?? inspected?.defaultValue ?? [];
  const instances: JenkinsInstance[] = [];
  const problems: string[] = [];
  for (const entry of Array.isArray(raw) ? raw : []) {
    const setting = (typeof entry === 'string' ? { url: entry } : entry) as { url?: unknown; user?: unknown; jobs?: unknown };
    const checked =
      setting && typeof setting.url === 'string' ? checkServerUrl(setting.url, 'the API token with DevOps: Set Jenkins Token…') : undefined;
    if (!checked || 'error' in checked) {
      problems.push(`${JSON.stringify(entry).slice(0, 80)}: ${checked && 'error' in checked ? checked.error : 'not a Jenkins URL'}`);
      continue;
    }
    const base = instanceBase(checked.url.toString());
    const jobs: string[][] = [];
    for (const text of Array.isArray(setting.jobs) ? setting.jobs : []) {
      const path = typeof text === 'string' ? parseJobPath(text, base) : undefined;
      if (path) jobs.push(path);
      else problems.push(`${JSON.stringify(text).slice(0, 80)} is not a job path of ${base} (team/app or a job URL)`);
    }
    instances.push({
      base,
      origin: new URL(base).origin,
      ...(typeof setting.user === 'string' && setting.user.trim() ? { user: setting.user.trim() } : {}),
      jobs,
    });
  }
  return { instances, problems };
}
