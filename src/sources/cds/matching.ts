/**
 * Which CDS workflows build a repository. Workflows named in the settings are taken as they are; projects
 * named without workflows give their workflows that use the repository (`GET /project/<key>/workflows?repo=`);
 * with nothing named, the API is asked which projects have an application on the repository
 * (`GET /project?repo=`: each with the workflows using it). CDS knows a repository by its full name on its
 * VCS server (`owner/name`, `group/sub/project`): the path of the repository's remote identity.
 */
import type { CdsApi, WorkflowRef } from './api';

/** `owner/name` of each remote identity (`host/owner/name`); local paths have none. */
export function repositoryNames(identities: readonly string[]): string[] {
  const out = new Set<string>();
  for (const identity of identities) {
    if (identity.startsWith('/') || /^[a-z]:[\\/]/i.test(identity)) continue;
    const slash = identity.indexOf('/');
    const path = slash > 0 ? identity.slice(slash + 1) : '';
    if (path.includes('/')) out.add(path);
  }
  return [...out];
}

/** A workflow as the settings write it: `PROJECT/workflow`. */
export function parseWorkflowRef(text: string): WorkflowRef | undefined {
  const m = /^\s*([A-Za-z0-9_-]+)\/([^/\s][^/]*?)\s*$/.exec(text);
  return m ? { project: m[1], workflow: m[2] } : undefined;
}

export async function matchWorkflows(
  api: CdsApi,
  configured: { projects: readonly string[]; workflows: readonly WorkflowRef[] },
  names: readonly string[],
  signal?: AbortSignal,
): Promise<WorkflowRef[]> {
  const found = new Map<string, WorkflowRef>();
  const add = (project: unknown, workflow: unknown) => {
    if (typeof project === 'string' && project && typeof workflow === 'string' && workflow)
      found.set(`${project}/${workflow}`, { project, workflow });
  };
  for (const w of configured.workflows) add(w.project, w.workflow);
  if (configured.workflows.length > 0) return [...found.values()];
  // Projects named for a repository without a remote: all their workflows.
  if (names.length === 0)
    for (const project of configured.projects) for (const w of await api.workflows(project, undefined, signal)) add(project, w.name);
  for (const name of names) {
    if (configured.projects.length > 0) {
      for (const project of configured.projects) for (const w of await api.workflows(project, name, signal)) add(project, w.name);
    } else {
      for (const p of await api.projectsOfRepository(name, signal))
        for (const w of Array.isArray(p.workflows) ? p.workflows : []) add(w?.project_key || p.key, w?.name);
    }
  }
  return [...found.values()].sort((a, b) => `${a.project}/${a.workflow}`.localeCompare(`${b.project}/${b.workflow}`));
}
