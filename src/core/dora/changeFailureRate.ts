import type { DoraDeploy } from './deploys';
import type { Failure, Selection } from './selection';
import { inWindow, type TimeWindow } from './window';

/**
 * Change failure rate: of the deploys attempted in the window (successful or failed; a rollback report
 * is not a deploy), the share that failed, was rolled back, or had an incident linked to it.
 */
export interface FailureRate {
  attempts: DoraDeploy[];
  failed: Array<{ deploy: DoraDeploy; failures: Failure[] }>;
  rate?: number;
}

export function changeFailureRate(selection: Selection, window: TimeWindow): FailureRate {
  const attempts = selection.deploys.filter((d) => d.status !== 'rolledBack' && inWindow(d.at, window));
  const failed = attempts.flatMap((deploy) => {
    const failures = selection.failures.get(deploy.id);
    return failures ? [{ deploy, failures }] : [];
  });
  return { attempts, failed, ...(attempts.length > 0 ? { rate: failed.length / attempts.length } : {}) };
}
