import type { Signal } from '../signal';
import { serviceOf } from './deploys';

/**
 * Incidents from any source (the git journal, an incident tool): when they were reported, when they
 * were resolved, and what ties them to a deploy (an explicit parent link, else their commit).
 */
export interface DoraIncident {
  id: string;
  title: string;
  environment?: string;
  service: string;
  commit?: string;
  /** The deployment signal the incident names as its parent (a report's "follows deploy …"). */
  deployId?: string;
  openedAt: number;
  /** When it was resolved or closed (the signal's last update then); undefined while open. */
  resolvedAt?: number;
}

export function doraIncidents(signals: readonly Signal[]): DoraIncident[] {
  const kinds = new Map(signals.map((s) => [s.id, s.kind]));
  const incidents: DoraIncident[] = [];
  for (const s of signals) {
    if (s.kind !== 'incident') continue;
    const done = s.state.normal === 'resolved' || s.state.normal === 'closed';
    const commit = s.anchors.commits?.[0];
    incidents.push({
      id: s.id,
      title: s.title,
      service: serviceOf(s),
      openedAt: s.createdAt,
      ...(s.anchors.environment ? { environment: s.anchors.environment } : {}),
      ...(commit ? { commit } : {}),
      ...(s.parentId && kinds.get(s.parentId) === 'deployment' ? { deployId: s.parentId } : {}),
      ...(done ? { resolvedAt: Math.max(s.updatedAt, s.createdAt) } : {}),
    });
  }
  return incidents.sort((a, b) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : 1));
}
