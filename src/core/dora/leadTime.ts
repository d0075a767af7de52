import type { ChangeLead } from './firstDeploy';
import { median, quantile } from './quantile';
import type { Selection } from './selection';
import { inWindow, type TimeWindow } from './window';

/**
 * Lead time for changes: for every commit first deployed (to this environment) in the window, the
 * time from its commit to that deploy; median and 90th percentile.
 */
export interface LeadTime {
  medianMs?: number;
  p90Ms?: number;
  changes: ChangeLead[];
  skewed: number;
}

export function leadTime(selection: Selection, window: TimeWindow): LeadTime {
  const changes = selection.leads.filter((l) => inWindow(l.deployedAt, window));
  const samples = changes.map((c) => c.leadMs);
  const medianMs = median(samples);
  const p90Ms = quantile(samples, 0.9);
  return {
    ...(medianMs !== undefined ? { medianMs } : {}),
    ...(p90Ms !== undefined ? { p90Ms } : {}),
    changes,
    skewed: changes.filter((c) => c.skewed).length,
  };
}
