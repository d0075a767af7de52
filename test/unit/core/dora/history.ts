import type { CommitGraph, CommitNode } from '../../../../src/core/dora/firstDeploy';
import { signalId, tag, type Signal } from '../../../../src/core/signal';

/** Hand-written histories for the DORA tests: times in hours from T0, commits named by one letter. */
export const T0 = Date.UTC(2024, 5, 3, 0, 0, 0); // a Monday
export const HOUR = 3600_000;
export const DAY = 24 * HOUR;
export const at = (hours: number) => T0 + hours * HOUR;

/** A readable name → a full SHA (the metrics check nothing but equality). */
export function sha(name: string): string {
  return Buffer.from(name).toString('hex').padEnd(40, '0').slice(0, 40);
}

export function graph(nodes: Record<string, { hours: number; parents?: string[] }>): CommitGraph {
  const map = new Map<string, CommitNode>();
  for (const [name, n] of Object.entries(nodes)) map.set(sha(name), { time: at(n.hours), parents: (n.parents ?? []).map(sha) });
  return map;
}

const SOURCE = 'git:/repo';
export const REPO = 'example.com/team/app';

export function deploy(
  name: string,
  commit: string,
  hours: number,
  status: 'success' | 'failed' | 'rolledBack' = 'success',
  environment = 'production',
  extra: Partial<Signal> = {},
): Signal {
  return {
    id: signalId(SOURCE, 'deployment', name),
    source: SOURCE,
    kind: 'deployment',
    title: `${name} → ${environment}`,
    state: { normal: status, native: status },
    createdAt: at(hours),
    updatedAt: at(hours),
    labels: [status],
    tags: [tag('env', environment), tag('commit', sha(commit))],
    anchors: { repo: REPO, commits: [sha(commit)], environment },
    ...extra,
  };
}

export function deployId(name: string): string {
  return signalId(SOURCE, 'deployment', name);
}

export function incident(
  name: string,
  hours: number,
  options: { resolvedHours?: number; commit?: string; deploy?: string; environment?: string } = {},
): Signal {
  return {
    id: signalId(SOURCE, 'incident', name),
    source: SOURCE,
    kind: 'incident',
    title: `incident ${name}`,
    state: options.resolvedHours !== undefined ? { normal: 'resolved', native: 'resolved' } : { normal: 'open', native: 'open' },
    createdAt: at(hours),
    updatedAt: at(options.resolvedHours ?? hours),
    labels: ['major'],
    tags: [],
    anchors: {
      repo: REPO,
      ...(options.commit ? { commits: [sha(options.commit)] } : {}),
      ...(options.environment ? { environment: options.environment } : {}),
    },
    ...(options.deploy ? { parentId: deployId(options.deploy) } : {}),
  };
}

export function incidentId(name: string): string {
  return signalId(SOURCE, 'incident', name);
}
