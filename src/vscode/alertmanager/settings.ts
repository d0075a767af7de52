import { validateInstances, type AlertmanagerInstanceConfig } from '../../sources/alertmanager';
import { applicationSetting } from '../monitor/settings';

export interface AlertmanagerSettings {
  instances: AlertmanagerInstanceConfig[];
  /** Why configured instances were left out (bad URL, duplicate name...). */
  problems: string[];
}

/**
 * `devops.alertmanager.instances`: `application` scope, so only the user's settings count and a
 * workspace can never name a server the stored credentials are sent to.
 */
export function readAlertmanagerSettings(): AlertmanagerSettings {
  const { instances, problems } = validateInstances(applicationSetting<unknown>('alertmanager.instances') ?? []);
  return { instances, problems };
}
