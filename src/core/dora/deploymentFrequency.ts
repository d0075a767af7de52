import type { DoraDeploy } from './deploys';
import type { Selection } from './selection';
import { inWindow, type TimeWindow } from './window';

/** Deployment frequency: successful deploys to the environment in the window, per day. */
export interface Frequency {
  count: number;
  perDay: number;
  deploys: DoraDeploy[];
}

export function deploymentFrequency(selection: Selection, window: TimeWindow): Frequency {
  const deploys = selection.deploys.filter((d) => d.status === 'success' && inWindow(d.at, window));
  return { count: deploys.length, perDay: deploys.length / window.days, deploys };
}
