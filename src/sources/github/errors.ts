/**
 * GitHub failures as the one SourceError (src/core/sourceError), worded by `toSourceError` and
 * carrying GitHub's own `message` and `documentation_url` when it sent them.
 */
import type { ServiceCall } from '../../http/toSourceError';
import { toSourceError } from '../../http/toSourceError';
import type { SourceError } from '../../core/sourceError';

/** What the shared wording needs of a GitHub call: its documented error body `{ message, documentation_url }`. */
export function githubCall(what: string, repo: string): ServiceCall {
  return {
    service: 'GitHub',
    what,
    resource: repo,
    serviceMessage: (body) => parseErrorBody(body).message,
    documentationUrl: (body) => parseErrorBody(body).documentationUrl,
  };
}

/**
 * Wraps any failure of a GitHub call.
 * @param what  what was being done, e.g. `merge pull request #12 of octo/repo`
 * @param repo  `owner/repo`, for the 404 wording
 */
export function toGitHubError(error: unknown, what: string, repo: string, now = Date.now()): SourceError {
  return toSourceError(error, { ...githubCall(what, repo), now });
}

export function parseErrorBody(body: string | undefined): { message?: string; documentationUrl?: string } {
  if (!body) {
    return {};
  }
  try {
    const parsed = JSON.parse(body) as { message?: unknown; documentation_url?: unknown };
    return {
      message: typeof parsed.message === 'string' ? parsed.message.slice(0, 300) : undefined,
      documentationUrl:
        typeof parsed.documentation_url === 'string' && /^https:\/\//.test(parsed.documentation_url) ? parsed.documentation_url : undefined,
    };
  } catch {
    // The client keeps only the first 500 characters: a long body may be cut. Salvage the message.
    const match = /"message"\s*:\s*"((?:[^"\\]|\\.){1,300})"/.exec(body);
    return match ? { message: match[1] } : {};
  }
}
