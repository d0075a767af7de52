import { FeatureContext } from '../featureContext';

/** Monitor: Alertmanager / Grafana alerts and Sentry errors (issue 5). Being built. */
export function activateMonitor(_feature: FeatureContext): void {
  // Wired by the Monitor feature.
}
