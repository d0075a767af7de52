import { FeatureContext } from '../featureContext';
import { registerMonitorCommands } from './commands';
import { MonitorController } from './controller';

/**
 * Monitor (issue 5): Alertmanager / Grafana alerts and Sentry errors in the Monitor view, next to
 * the code (Problems, gutter, hover) and on the service's folder, with silences made from the
 * editor and notifications only for new alerts. Wiring only: the sources are created from the
 * settings and stored credentials once `activate()` has returned, and poll after that.
 */
export function activateMonitor(feature: FeatureContext): MonitorController {
  const monitor = new MonitorController(feature);
  feature.context.subscriptions.push(monitor, ...registerMonitorCommands(monitor));
  // Reading SecretStorage is asynchronous; the first requests follow from there, after activation.
  setTimeout(() => void monitor.rebuild(), 0);
  return monitor;
}
