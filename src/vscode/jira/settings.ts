import * as vscode from 'vscode';
import { parseJiraSite, type JiraSite } from '../../sources/jira';

/** The `devops.jira.*` settings, read where they are used so changes apply at once. */
export const SECTION = 'devops.jira';
export const SITES_SETTING = `${SECTION}.sites`;

/**
 * The Jira sites (`{ url, kind, email | user, boards, jql, groupBy }`). The setting has `application`
 * scope: only the user's own settings count, so a workspace can never name a host our tokens go to.
 * Unusable entries are returned as problems.
 */
export function jiraSites(): { sites: JiraSite[]; problems: string[] } {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('sites');
  const raw = inspected?.globalValue ?? inspected?.defaultValue ?? [];
  const sites: JiraSite[] = [];
  const problems: string[] = [];
  for (const entry of Array.isArray(raw) ? raw : []) {
    const site = parseJiraSite(typeof entry === 'string' ? { url: entry } : (entry as Record<string, unknown>));
    if (typeof site === 'string') problems.push(`${JSON.stringify(entry).slice(0, 80)}: ${site}`);
    else if (sites.some((s) => s.url === site.url)) problems.push(`${site.url} is listed twice; the first entry is used`);
    else sites.push(site);
  }
  return { sites, problems };
}
