/**
 * Which Jenkins jobs build a repository. Configured job paths (`team/app`) are taken as they are: a job,
 * or a folder-like item (a multibranch project) whose branch jobs are looked up. With none configured
 * the instance is searched: one `api/json?tree=` read of the root's items three levels deep (folders,
 * organization folders, multibranch projects, their branch jobs), each job with the remote URLs its last
 * build checked out (git's BuildData `remoteUrls`); a multibranch project is the repository's when one
 * of its branch jobs built the repository's remote, a plain job when its own last build did.
 */
import { remoteIdentity } from '../../core/remoteUrl';
import type { JenkinsApi } from './api';
import { branchJobName, type JobPath } from './jobPath';
import type { JkItem } from './types';

/** A job or multibranch project that builds the repository. */
export interface ResolvedJob {
  path: string[];
  /** A multibranch project: its branch jobs' item names, as last read. */
  branches?: string[];
}

const SEARCH_DEPTH = 3;
const ITEM = 'name,url,lastBuild[actions[remoteUrls]]';

/** The tree of the search: items `depth` levels deep, each with its last build's remote URLs. */
export function searchTree(depth = SEARCH_DEPTH): string {
  let tree = `jobs[${ITEM}]`;
  for (let i = 0; i < depth; i++) tree = `jobs[${ITEM},${tree}]`;
  return tree;
}

export const CONFIGURED_TREE = 'name,url,jobs[name,url]';

/** Configured paths: each read once to tell a job from a multibranch project. */
export async function configuredJobs(api: JenkinsApi, paths: readonly JobPath[], signal?: AbortSignal): Promise<ResolvedJob[]> {
  const out: ResolvedJob[] = [];
  for (const path of paths) {
    const item = await api.job(path, CONFIGURED_TREE, signal);
    out.push(Array.isArray(item.jobs) ? { path: [...path], branches: names(item.jobs) } : { path: [...path] });
  }
  return out;
}

/** The instance's jobs that build one of the repository's identities (`host/owner/name`, lower case compared). */
export async function searchJobs(api: JenkinsApi, identities: readonly string[], signal?: AbortSignal): Promise<ResolvedJob[]> {
  const root = await api.root(searchTree(), signal);
  return matchJobs(root.jobs ?? [], identities);
}

export function matchJobs(items: readonly JkItem[], identities: readonly string[]): ResolvedJob[] {
  const wanted = new Set(identities.map((i) => i.toLowerCase()));
  const builds = (item: JkItem) =>
    (item.lastBuild?.actions ?? []).some((a) =>
      (a?.remoteUrls ?? []).some((u) => typeof u === 'string' && wanted.has(remoteIdentity(u)?.toLowerCase() ?? '')),
    );
  const out: ResolvedJob[] = [];
  const walk = (list: readonly JkItem[], parent: string[]) => {
    for (const item of list) {
      if (typeof item?.name !== 'string') continue;
      const path = [...parent, item.name];
      if (Array.isArray(item.jobs) && isMultibranch(item)) {
        if (item.jobs.some(builds)) out.push({ path, branches: names(item.jobs) });
      } else if (Array.isArray(item.jobs)) {
        walk(item.jobs, path);
      } else if (builds(item)) {
        out.push({ path });
      }
    }
  };
  walk(items, []);
  return out;
}

/** The branch job of a multibranch project for a branch, when the project has one. */
export function branchJob(job: ResolvedJob, branch: string | undefined): string[] | undefined {
  if (!branch || !job.branches) return undefined;
  const name = branchJobName(branch);
  return job.branches.includes(name) ? [...job.path, name] : undefined;
}

/**
 * A multibranch project (Pipeline's `WorkflowMultiBranchProject`, or another `MultiBranchProject` of the branch
 * API): its items are branch jobs. Folders and organization folders hold other items and are searched through.
 */
function isMultibranch(item: JkItem): boolean {
  return typeof item._class === 'string' && /MultiBranchProject$/.test(item._class);
}

function names(items: readonly JkItem[]): string[] {
  return items.map((j) => j?.name).filter((n): n is string => typeof n === 'string');
}
