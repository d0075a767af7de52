import type { DoraDeploy } from './deploys';

/**
 * Lead time for changes needs, for every commit, the first successful deploy that contains it, by
 * ancestry. Asking git "does deploy D contain commit C?" per pair is what we must not do (10,000
 * deploys × 100,000 commits). Instead git lists the commit graph once per repository and selection
 * (`git rev-list --parents` from the deployed commits, minus what was deployed before the period),
 * and this module walks it: deploys in time order, each one claims the commits reachable from it that
 * no earlier deploy claimed. A commit an earlier deploy contains has all its ancestors contained too,
 * so each walk stops at claimed commits and the whole pass visits every commit and edge once.
 */
export interface CommitNode {
  /** Committer time, ms since the epoch: when the change was committed to the branch it was deployed from. */
  time: number;
  parents: readonly string[];
}

/** The commits git listed; a commit absent from it was deployed before the period (or is not in this clone). */
export type CommitGraph = ReadonlyMap<string, CommitNode>;

/** What to ask git for one repository: `rev-list include… ^exclude…`. */
export interface GraphRequest {
  repo: string;
  include: string[];
  exclude: string[];
  /** The first deploy ever recorded when the journal starts inside the period (see `graphRequests`). */
  baselineId?: string;
}

/** One change (commit) and the deploy that first brought it to the environment. */
export interface ChangeLead {
  commit: string;
  deployId: string;
  committedAt: number;
  deployedAt: number;
  /** deployedAt − committedAt, never negative (see `skewed`). */
  leadMs: number;
  /** The commit is dated after its deploy (clock skew between the committer's machine and the deploy's): counted as 0. */
  skewed: boolean;
}

/**
 * The graph reads the metrics need for these deploys (one environment and service), from `since` on.
 * Commits deployed before `since` are excluded (they are not changes of the period). When nothing was
 * deployed before `since`, the first deploy of the record is a baseline: what it contains was live
 * before anyone recorded deploys, so it gets no lead time (else a repository's whole history would
 * count as one deploy's changes).
 */
export function graphRequests(deploys: readonly DoraDeploy[], since: number): GraphRequest[] {
  const byRepo = new Map<string, DoraDeploy[]>();
  for (const d of deploys) {
    if (d.status !== 'success') continue;
    const list = byRepo.get(d.repo);
    if (list) list.push(d);
    else byRepo.set(d.repo, [d]);
  }
  const requests: GraphRequest[] = [];
  for (const [repo, list] of byRepo) {
    const before = list.filter((d) => d.at < since);
    const during = list.filter((d) => d.at >= since);
    if (during.length === 0) continue;
    const baseline = before.length === 0 ? during[0] : undefined;
    const exclude = baseline ? [baseline.commit] : before.map((d) => d.commit);
    const include = during.filter((d) => d !== baseline).map((d) => d.commit);
    requests.push({
      repo,
      include: [...new Set(include)],
      exclude: [...new Set(exclude)],
      ...(baseline ? { baselineId: baseline.id } : {}),
    });
  }
  return requests;
}

/**
 * The changes each successful deploy brought, walking `graph` (see module comment). `deploys` are one
 * repository's, any order; only successful ones claim commits.
 */
export function firstDeploys(deploys: readonly DoraDeploy[], graph: CommitGraph): ChangeLead[] {
  const claimed = new Set<string>();
  const leads: ChangeLead[] = [];
  const ordered = deploys.filter((d) => d.status === 'success').sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  for (const deploy of ordered) {
    const stack = [deploy.commit];
    while (stack.length > 0) {
      const sha = stack.pop() as string;
      const node = graph.get(sha);
      if (!node || claimed.has(sha)) continue;
      claimed.add(sha);
      const lead = deploy.at - node.time;
      leads.push({
        commit: sha,
        deployId: deploy.id,
        committedAt: node.time,
        deployedAt: deploy.at,
        leadMs: Math.max(0, lead),
        skewed: lead < 0,
      });
      for (const parent of node.parents) if (!claimed.has(parent)) stack.push(parent);
    }
  }
  return leads;
}
