import { median } from './quantile';
import type { Selection } from './selection';
import { inWindow, type TimeWindow } from './window';

/**
 * Time to restore service / failed deployment recovery time, for failures that began in the window:
 * an incident from reported to resolved; a failed deploy to the next successful one; a rolled-back
 * deploy to its rollback. A deploy with an incident is measured by the incident only. Median.
 */
export interface Recovery {
  /** The incident's or the failed deploy's signal id. */
  id: string;
  kind: 'incident' | 'failedDeploy' | 'rolledBack';
  title: string;
  startedAt: number;
  restoredAt?: number;
  ms?: number;
}

export interface RecoveryTime {
  medianMs?: number;
  recoveries: Recovery[];
  /** Failures of the window not restored yet. */
  open: number;
}

export function recoveryTime(selection: Selection, window: TimeWindow): RecoveryTime {
  const recoveries: Recovery[] = [];
  for (const incident of selection.incidents) {
    if (!inWindow(incident.openedAt, window)) continue;
    recoveries.push(recovery(incident.id, 'incident', incident.title, incident.openedAt, incident.resolvedAt));
  }
  for (const [deployId, failures] of selection.failures) {
    const deploy = selection.deployById.get(deployId);
    if (!deploy || !inWindow(deploy.at, window) || failures.some((f) => f.cause === 'incident')) continue;
    if (deploy.status === 'failed') {
      recoveries.push(recovery(deploy.id, 'failedDeploy', deploy.title, deploy.at, selection.nextSuccessAt.get(deploy.id)));
    } else {
      const rollback = failures.find((f) => f.cause === 'rolledBack');
      recoveries.push(recovery(deploy.id, 'rolledBack', deploy.title, deploy.at, rollback?.at));
    }
  }
  recoveries.sort((a, b) => a.startedAt - b.startedAt);
  const medianMs = median(recoveries.flatMap((r) => (r.ms !== undefined ? [r.ms] : [])));
  return { ...(medianMs !== undefined ? { medianMs } : {}), recoveries, open: recoveries.filter((r) => r.ms === undefined).length };
}

function recovery(id: string, kind: Recovery['kind'], title: string, startedAt: number, restoredAt: number | undefined): Recovery {
  return {
    id,
    kind,
    title,
    startedAt,
    ...(restoredAt !== undefined ? { restoredAt, ms: Math.max(0, restoredAt - startedAt) } : {}),
  };
}
