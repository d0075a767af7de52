import * as vscode from 'vscode';
import { checkServerUrl } from '../../http/serverUrl';
import { cdsBase, parseWorkflowRef, type WorkflowRef } from '../../sources/cds';

export const SECTION = 'devops.cds';

/** One CDS API, checked: from `devops.cds.instances`, or cdsctl's current context. */
export interface CdsInstance {
  /** The API URL, with its trailing slash. */
  base: string;
  origin: string;
  /** Project keys to look in; empty: the projects with an application on the repository. */
  projects: string[];
  /** `PROJECT/workflow`s; empty: matched by the repository's name. */
  workflows: WorkflowRef[];
  /** The entry is cdsctl's context, not a setting. */
  fromCdsctl?: string;
}

/**
 * The CDS APIs (`{ url, projects, workflows }`). `application` scope: only the user's own settings count, so
 * a workspace (possibly in Restricted Mode) can never name a host the stored token is sent to. Unusable
 * entries are returned as problems.
 */
export function cdsInstances(): { instances: CdsInstance[]; problems: string[] } {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('instances');
  const raw = inspected?.globalValue ?? inspected?.defaultValue ?? [];
  const instances: CdsInstance[] = [];
  const problems: string[] = [];
  for (const entry of Array.isArray(raw) ? raw : []) {
    const setting = (typeof entry === 'string' ? { url: entry } : entry) as { url?: unknown; projects?: unknown; workflows?: unknown };
    const checked =
      setting && typeof setting.url === 'string' ? checkServerUrl(setting.url, 'the token with DevOps: Set CDS Token…') : undefined;
    if (!checked || 'error' in checked) {
      problems.push(`${JSON.stringify(entry).slice(0, 80)}: ${checked && 'error' in checked ? checked.error : 'not a CDS API URL'}`);
      continue;
    }
    const base = cdsBase(checked.url.toString());
    const projects: string[] = [];
    for (const key of Array.isArray(setting.projects) ? setting.projects : []) {
      if (typeof key === 'string' && /^[A-Za-z0-9_-]+$/.test(key.trim())) projects.push(key.trim());
      else problems.push(`${JSON.stringify(key).slice(0, 80)} is not a CDS project key`);
    }
    const workflows: WorkflowRef[] = [];
    for (const text of Array.isArray(setting.workflows) ? setting.workflows : []) {
      const ref = typeof text === 'string' ? parseWorkflowRef(text) : undefined;
      if (ref) workflows.push(ref);
      else problems.push(`${JSON.stringify(text).slice(0, 80)} is not a workflow (PROJECT/workflow)`);
    }
    instances.push({ base, origin: new URL(base).origin, projects, workflows });
  }
  return { instances, problems };
}
