/**
 * The credential for a Jira site, bound to its origin only (the HTTP client sends it nowhere else):
 * Cloud takes the account e-mail and an API token as HTTP Basic; Data Center / Server a personal
 * access token as `Authorization: Bearer`.
 */
import { basicCredential, bearerCredential } from '../../http/credentials';
import type { Credential } from '../../http/types';
import type { JiraSite } from './site';

export function jiraCredential(site: Pick<JiraSite, 'origin' | 'kind' | 'account'>, token: string): Credential {
  return site.kind === 'cloud' ? basicCredential(site.origin, site.account ?? '', token) : bearerCredential(site.origin, token);
}
