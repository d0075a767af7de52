import type { Signal } from '../signal';
import { doraDeploys, pickEnvironment, type DoraDeploy } from './deploys';
import { firstDeploys, type ChangeLead, type CommitGraph } from './firstDeploy';
import { doraIncidents, type DoraIncident } from './incidents';

/**
 * What one dashboard view is computed from: the deploys and incidents of one environment (and
 * optionally one service), the changes each deploy brought, and which deploys failed and why.
 * Built once per view; every window (current, previous, sparkline buckets) reads it.
 */
export type FailureCause = 'failed' | 'rolledBack' | 'incident';

export interface Failure {
  deployId: string;
  cause: FailureCause;
  /** The signal that tells: the failed deploy itself, the rollback report, the incident. */
  evidenceId: string;
  at: number;
}

export interface Selection {
  environment: string;
  service?: string;
  /** Deploys of every outcome, oldest first. */
  deploys: DoraDeploy[];
  incidents: DoraIncident[];
  leads: ChangeLead[];
  /** Failures by deploy id (a deploy may be rolled back and have an incident). */
  failures: Map<string, Failure[]>;
  deployById: Map<string, DoraDeploy>;
  /** For each failed deploy, when the next successful one came (its recovery), if one did. */
  nextSuccessAt: Map<string, number>;
  /** Incidents tied to no deploy of this selection: in time to restore, not in change failure rate. */
  unlinked: DoraIncident[];
  /** Incidents that name no environment, shown in the preferred environment's view. */
  unscoped: DoraIncident[];
  /** Repositories whose commit graph was not available (lead time unknown for their deploys). */
  missingGraphs: string[];
}

export interface SelectionOptions {
  environment?: string;
  /** The environment shown by default and where incidents naming none are counted (setting, `production`). */
  preferredEnvironment: string;
  service?: string;
  /** Commit graphs by repository identity (see `graphRequests`). */
  graphs: ReadonlyMap<string, CommitGraph>;
}

export function selectDeploys(
  signals: readonly Signal[],
  options: Omit<SelectionOptions, 'graphs'>,
): { environment: string; deploys: DoraDeploy[] } {
  const all = doraDeploys(signals);
  const environment = pickEnvironment(
    options.service ? all.filter((d) => d.service === options.service) : all,
    options.preferredEnvironment,
    options.environment,
  );
  return { environment, deploys: all.filter((d) => d.environment === environment && (!options.service || d.service === options.service)) };
}

export function buildSelection(signals: readonly Signal[], options: SelectionOptions): Selection {
  const { environment, deploys } = selectDeploys(signals, options);
  const byRepo = new Map<string, DoraDeploy[]>();
  for (const d of deploys) {
    const list = byRepo.get(d.repo);
    if (list) list.push(d);
    else byRepo.set(d.repo, [d]);
  }
  const leads: ChangeLead[] = [];
  const missingGraphs: string[] = [];
  for (const [repo, list] of byRepo) {
    const graph = options.graphs.get(repo);
    if (graph) leads.push(...firstDeploys(list, graph));
    else if (list.some((d) => d.status === 'success')) missingGraphs.push(repo);
  }

  const failures = new Map<string, Failure[]>();
  const fail = (f: Failure) => {
    const list = failures.get(f.deployId);
    if (list) list.push(f);
    else failures.set(f.deployId, [f]);
  };
  // Replayed in time order, as core/deployStatus does: a rollback names the latest earlier deploy of
  // its commit, else the latest earlier deploy.
  const latest: DoraDeploy[] = [];
  const latestOfCommit = new Map<string, DoraDeploy>();
  for (const d of deploys) {
    if (d.status === 'success') {
      latest.push(d);
      latestOfCommit.set(d.commit, d);
    } else if (d.status === 'failed') {
      fail({ deployId: d.id, cause: 'failed', evidenceId: d.id, at: d.at });
    } else {
      const target = latestOfCommit.get(d.commit) ?? latest[latest.length - 1];
      if (target) fail({ deployId: target.id, cause: 'rolledBack', evidenceId: d.id, at: d.at });
    }
  }

  const deployById = new Map(deploys.map((d) => [d.id, d]));
  const nextSuccessAt = new Map<string, number>();
  let nextSuccess: number | undefined;
  for (let i = deploys.length - 1; i >= 0; i--) {
    const d = deploys[i];
    if (d.status === 'failed' && nextSuccess !== undefined && nextSuccess > d.at) nextSuccessAt.set(d.id, nextSuccess);
    if (d.status === 'success') nextSuccess = d.at;
  }
  const firstDeployOf = new Map(leads.map((l) => [l.commit, l.deployId]));
  const incidents: DoraIncident[] = [];
  const unlinked: DoraIncident[] = [];
  const unscoped: DoraIncident[] = [];
  for (const incident of doraIncidents(signals)) {
    if (options.service && incident.service !== options.service) continue;
    // An explicit link wins; else the first deploy here that contains the incident's commit, if it came before the incident.
    const linked = incident.deployId ? deployById.get(incident.deployId) : undefined;
    const byCommit = incident.commit ? deployById.get(firstDeployOf.get(incident.commit) ?? '') : undefined;
    const deploy = linked ?? (byCommit && byCommit.at <= incident.openedAt && !incident.deployId ? byCommit : undefined);
    const here =
      incident.environment === environment ||
      (incident.environment === undefined && (deploy !== undefined || environment === options.preferredEnvironment));
    if (!here) continue;
    incidents.push(incident);
    if (deploy) fail({ deployId: deploy.id, cause: 'incident', evidenceId: incident.id, at: incident.openedAt });
    else unlinked.push(incident);
    if (incident.environment === undefined && !deploy) unscoped.push(incident);
  }
  return {
    environment,
    ...(options.service ? { service: options.service } : {}),
    deploys,
    incidents,
    leads,
    failures,
    deployById,
    nextSuccessAt,
    unlinked,
    unscoped,
    missingGraphs,
  };
}
