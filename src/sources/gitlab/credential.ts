/**
 * The credential for a GitLab project's API, bound to the API's origin only: the HTTP client sends
 * it to that exact origin and drops it on any redirect elsewhere (artifact storage, a login page).
 * GitLab takes personal, project and group access tokens in `PRIVATE-TOKEN`, and OAuth tokens as
 * `Authorization: Bearer` (doc/api/rest/authentication.md).
 */
import { bearerCredential } from '../../http/credentials';
import type { Credential } from '../../http/types';
import type { GitLabProjectRef } from './remote';

/** `accessToken`: a personal, project or group access token; `oauth`: an OAuth 2.0 access token. */
export type GitLabTokenKind = 'accessToken' | 'oauth';

export function gitlabCredential(
  project: Pick<GitLabProjectRef, 'apiBase'>,
  token: string,
  kind: GitLabTokenKind = 'accessToken',
): Credential {
  const origin = new URL(project.apiBase).origin;
  return kind === 'oauth' ? bearerCredential(origin, token) : bearerCredential(origin, token, 'PRIVATE-TOKEN');
}
