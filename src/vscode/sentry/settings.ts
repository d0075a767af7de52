import { applicationSetting, stringList, trustedSetting } from '../monitor/settings';

export interface SentrySettings {
  baseUrl: string;
  organization: string;
  projects: string[];
}

/**
 * `devops.sentry.*`: the server URL has `application` scope (only the user's settings count); in
 * Restricted Mode the organization and projects, sent to that server with the token, also come from
 * the user's settings only. Undefined until an organization is set.
 */
export function readSentrySettings(): SentrySettings | undefined {
  const organization = (trustedSetting<string>('sentry.organization') ?? '').trim();
  if (!organization) return undefined;
  const baseUrl = (applicationSetting<string>('sentry.url') ?? 'https://sentry.io').trim() || 'https://sentry.io';
  return { baseUrl, organization, projects: stringList(trustedSetting<unknown>('sentry.projects')) };
}
