import { Signal, tagValue } from './signal';

/**
 * "Is this commit live in production, and since when?" — pure. Git answers ancestry questions
 * elsewhere (sources/git/containment.ts); this module only decides which questions to ask and
 * what the answers mean.
 *
 * Semantics:
 * - An environment runs the commit of its latest successful deploy that was not rolled back.
 *   `failed` deploys change nothing; a `rolledBack` report withdraws the most recent live deploy of
 *   the same commit (or, when none matches, the most recent live deploy), so the one before runs again.
 * - A commit X is live in an environment when X is an ancestor of (or equal to) the running commit.
 *   Ancestry, not equality: a commit of a merged feature branch is live once the merge is deployed.
 * - "since" is the EARLIEST deploy of the latest uninterrupted run of live deploys that all contain
 *   X. Not the latest deploy (X has been live longer than that), and not the first deploy ever that
 *   contained X: if a later deploy (a hotfix from another branch) or a rollback removed X, X has
 *   been live again only since it came back.
 */

export type DeployOutcome = 'success' | 'failed' | 'rolledBack';

export interface DeployEvent {
  id: string;
  environment: string;
  /** Full SHA of the deployed commit. */
  commit: string;
  status: DeployOutcome;
  version?: string;
  /** When it was deployed (ms since the epoch). */
  at: number;
  url?: string;
}

export interface EnvironmentHistory {
  environment: string;
  /** Successful deploys still in force, oldest first; the last one is what runs now. */
  live: DeployEvent[];
  /** The latest event of any status (e.g. a failed deploy after the running one). */
  latest?: DeployEvent;
}

/**
 * Whether `deployedCommit` contains `commit`: true/false when known, null when it cannot be known
 * here (a commit missing from this clone), undefined when not computed yet.
 */
export type ContainmentOracle = (deployedCommit: string, commit: string) => boolean | null | undefined;

export interface EnvironmentStatus {
  environment: string;
  /** True when the running commit contains the commit; undefined when unknown (or nothing runs). */
  live: boolean | undefined;
  /** The deploy since which the commit is live without interruption (see module comment). */
  since?: DeployEvent;
  /** What runs now. */
  current?: DeployEvent;
  /** The walk back for "since" stopped at the depth limit: live since at least `since`. */
  sinceIsLowerBound?: boolean;
}

/**
 * Deploy events from `deployment` signals of any source (the git journal or any deploying service):
 * the ones with an environment, a commit and a success/failed/rolledBack state.
 */
export function deployEventsFromSignals(signals: readonly Signal[]): DeployEvent[] {
  const events: DeployEvent[] = [];
  for (const s of signals) {
    const commit = s.anchors.commits?.[0];
    const environment = s.anchors.environment;
    const status = s.state.normal;
    if (s.kind !== 'deployment' || !commit || !environment || (status !== 'success' && status !== 'failed' && status !== 'rolledBack')) {
      continue;
    }
    const version = tagValue(s, 'version');
    events.push({
      id: s.id,
      environment,
      commit,
      status,
      at: s.createdAt,
      ...(version ? { version } : {}),
      ...(s.url ? { url: s.url } : {}),
    });
  }
  return events;
}

/** Default number of past live deploys examined per environment when looking for "since". */
export const DEFAULT_SINCE_DEPTH = 30;

/** Replays deploy events (any order) into per-environment histories, environments ordered by rank then name. */
export function environmentHistories(events: readonly DeployEvent[]): EnvironmentHistory[] {
  const sorted = [...events].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byEnv = new Map<string, EnvironmentHistory>();
  for (const event of sorted) {
    let history = byEnv.get(event.environment);
    if (!history) {
      history = { environment: event.environment, live: [] };
      byEnv.set(event.environment, history);
    }
    history.latest = event;
    if (event.status === 'success') {
      history.live.push(event);
    } else if (event.status === 'rolledBack') {
      let index = -1;
      for (let i = history.live.length - 1; i >= 0; i--) {
        if (history.live[i].commit === event.commit) {
          index = i;
          break;
        }
      }
      history.live.splice(index >= 0 ? index : history.live.length - 1, 1);
    }
  }
  return [...byEnv.values()].sort(compareEnvironments);
}

/** Production-like first, then staging-like, then the rest alphabetically. */
export function compareEnvironments(a: { environment: string }, b: { environment: string }): number {
  return environmentRank(a.environment) - environmentRank(b.environment) || a.environment.localeCompare(b.environment);
}

function environmentRank(name: string): number {
  const n = name.toLowerCase();
  if (/^(prod|production|live)\b/.test(n)) {
    return 0;
  }
  if (/^(staging|stage|preprod|pre-prod|uat)\b/.test(n)) {
    return 1;
  }
  return 2;
}

/** The status of `commit` in every environment, using only answers the oracle already has. */
export function commitStatus(
  commit: string,
  histories: readonly EnvironmentHistory[],
  contains: ContainmentOracle,
  maxDepth = DEFAULT_SINCE_DEPTH,
): EnvironmentStatus[] {
  return histories.map((history) => {
    const current = history.live[history.live.length - 1];
    if (!current) {
      return { environment: history.environment, live: undefined };
    }
    const answer = contains(current.commit, commit);
    if (answer !== true) {
      return { environment: history.environment, live: answer === false ? false : undefined, current };
    }
    let since = current;
    let depth = 1;
    for (let i = history.live.length - 2; i >= 0 && depth < maxDepth; i--, depth++) {
      if (contains(history.live[i].commit, commit) !== true) {
        return { environment: history.environment, live: true, current, since };
      }
      since = history.live[i];
    }
    const lowerBound = depth >= maxDepth && history.live.length > maxDepth;
    return { environment: history.environment, live: true, current, since, ...(lowerBound ? { sinceIsLowerBound: true } : {}) };
  });
}

/**
 * The (deployed commit → commits) questions `commitStatus` still needs answered for these commits.
 * Ask git, store the answers, call again; it returns an empty map when nothing is missing. Each
 * round needs at most one batch per environment, and at most `maxDepth` rounds happen.
 */
export function pendingContainment(
  commits: Iterable<string>,
  histories: readonly EnvironmentHistory[],
  contains: ContainmentOracle,
  maxDepth = DEFAULT_SINCE_DEPTH,
): Map<string, Set<string>> {
  const pending = new Map<string, Set<string>>();
  const need = (deployed: string, commit: string) => {
    let set = pending.get(deployed);
    if (!set) {
      set = new Set();
      pending.set(deployed, set);
    }
    set.add(commit);
  };
  const unique = [...new Set(commits)];
  for (const history of histories) {
    const floor = Math.max(0, history.live.length - maxDepth);
    for (const commit of unique) {
      for (let i = history.live.length - 1; i >= floor; i--) {
        const answer = contains(history.live[i].commit, commit);
        if (answer === undefined) {
          need(history.live[i].commit, commit);
          break;
        }
        if (answer !== true) {
          break;
        }
      }
    }
  }
  return pending;
}
