import * as vscode from 'vscode';
import { pagerDutyEndpoints, type PagerDutyEndpoints, type PagerDutyRegion } from '../../sources/pagerduty';

export const SECTION = 'devops.pagerduty';

export interface PagerDutySettings {
  region: PagerDutyRegion;
  endpoints: PagerDutyEndpoints;
  escalationPolicies: string[];
  services: string[];
  /** The email PagerDuty's `From` header names the acting user by. */
  email?: string;
  problems: string[];
}

/**
 * The `devops.pagerduty.*` settings, read from the user's settings only (`application` scope,
 * restricted): a workspace can never choose the hosts the stored key goes to. `apiUrl` / `eventsUrl`
 * replace the region's hosts (a proxy); both must be http(s) URLs.
 */
export function pagerDutySettings(): PagerDutySettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const user = <T>(key: string): T | undefined => {
    const i = config.inspect<T>(key);
    return i?.globalValue ?? i?.defaultValue;
  };
  const problems: string[] = [];
  const region: PagerDutyRegion = user<string>('region') === 'eu' ? 'eu' : 'us';
  const endpoints = { ...pagerDutyEndpoints(region) };
  for (const [key, field] of [
    ['apiUrl', 'rest'],
    ['eventsUrl', 'events'],
  ] as const) {
    const value = user<string>(key)?.trim();
    if (!value) continue;
    try {
      const url = new URL(value);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
      endpoints[field] = value.replace(/\/+$/, '');
    } catch {
      problems.push(`${key} ${JSON.stringify(value).slice(0, 80)} is not an http(s) URL`);
    }
  }
  const list = (key: string) =>
    (user<unknown[]>(key) ?? []).filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
  const email = user<string>('email')?.trim() || undefined;
  return {
    region,
    endpoints,
    escalationPolicies: list('escalationPolicies'),
    services: list('services'),
    ...(email ? { email } : {}),
    problems,
  };
}
