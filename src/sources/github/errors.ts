/**
 * GitHub failures as sentences a user can act on, carrying GitHub's own `message` and
 * `documentation_url` when it sent them. Built from the HTTP client's `HttpError`, which holds the
 * start of the (already redacted) error body.
 */
import type { HttpErrorKind, RateLimit } from '../../http/types';

export class GitHubError extends Error {
  override readonly name = 'GitHubError';

  constructor(
    message: string,
    readonly kind: HttpErrorKind,
    readonly status?: number,
    /** GitHub's `message` field, as sent. */
    readonly githubMessage?: string,
    readonly documentationUrl?: string,
    /** Epoch ms before which trying again is pointless (rate limits), when known. */
    readonly retryAt?: number,
    readonly rateLimit?: RateLimit,
  ) {
    super(message);
  }
}

/** What the client's error exposes; typed structurally so this module needs no runtime import. */
interface HttpErrorLike {
  kind: HttpErrorKind;
  message: string;
  status?: number;
  retryAfterMs?: number;
  rateLimit?: RateLimit;
  body?: string;
}

function isHttpErrorLike(error: unknown): error is HttpErrorLike {
  return error instanceof Error && typeof (error as Partial<HttpErrorLike>).kind === 'string';
}

/**
 * Wraps any failure of a GitHub call.
 * @param what  what was being done, e.g. `merge pull request #12 of octo/repo`
 * @param repo  `owner/repo`, for the 404 wording
 */
export function toGitHubError(error: unknown, what: string, repo: string, now = Date.now()): GitHubError {
  if (error instanceof GitHubError) {
    return error;
  }
  if (!isHttpErrorLike(error)) {
    const text = error instanceof Error ? error.message : String(error);
    return new GitHubError(`Could not ${what}: ${text}`, 'network');
  }
  const { message: githubMessage, documentationUrl } = parseErrorBody(error.body);
  const said = githubMessage ? `: GitHub says "${githubMessage}"` : '';
  const docs = documentationUrl ? ` See ${documentationUrl}` : '';
  const retryAt = retryTime(error, now);
  let message: string;
  switch (error.kind) {
    case 'unauthorized':
      message = `Could not ${what}: GitHub did not accept the credentials (401)${said}. Sign in to GitHub again.`;
      break;
    case 'rateLimited': {
      const when = retryAt !== undefined ? ` until ${clock(retryAt)} (${duration(retryAt - now)})` : '';
      message = `Could not ${what}: GitHub rate limit reached; waiting${when}${said}.`;
      break;
    }
    case 'notFound':
      message = `Could not ${what}: ${repo} not found or no access (sign in?)${said}.`;
      break;
    case 'forbidden':
      message = `Could not ${what}: GitHub refused (403)${said}.`;
      break;
    case 'http':
      message = error.status !== undefined && error.status >= 500
        ? `Could not ${what}: GitHub had a server error (${error.status}); try again later${said}.`
        : `Could not ${what}: GitHub refused (${error.status ?? 'error'})${said}.`;
      break;
    default:
      message = `Could not ${what}: ${error.message}`;
  }
  return new GitHubError(`${message}${docs}`, error.kind, error.status, githubMessage, documentationUrl, retryAt, error.rateLimit);
}

/** GitHub's documented error body is `{ message, documentation_url }`; anything else yields nothing. */
export function parseErrorBody(body: string | undefined): { message?: string; documentationUrl?: string } {
  if (!body) {
    return {};
  }
  try {
    const parsed = JSON.parse(body) as { message?: unknown; documentation_url?: unknown };
    return {
      message: typeof parsed.message === 'string' ? parsed.message.slice(0, 300) : undefined,
      documentationUrl: typeof parsed.documentation_url === 'string' && /^https:\/\//.test(parsed.documentation_url)
        ? parsed.documentation_url
        : undefined,
    };
  } catch {
    // The client keeps only the first 500 characters: a long body may be cut. Salvage the message.
    const match = /"message"\s*:\s*"((?:[^"\\]|\\.){1,300})"/.exec(body);
    return match ? { message: match[1] } : {};
  }
}

/**
 * When trying again makes sense: the primary window's reset when the quota is spent, unless
 * `Retry-After` (secondary limit, or a 503) asks for longer. The client reports either as
 * `retryAfterMs`, measured a moment ago, so the exact reset time is preferred when they agree.
 */
function retryTime(error: HttpErrorLike, now: number): number | undefined {
  const afterRetry = error.retryAfterMs !== undefined ? now + error.retryAfterMs : undefined;
  const reset = error.rateLimit?.remaining === 0 ? error.rateLimit.resetAt : undefined;
  if (reset === undefined) {
    return afterRetry;
  }
  return afterRetry !== undefined && afterRetry > reset + 1000 ? afterRetry : reset;
}

function clock(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 19)} UTC`;
}

function duration(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return seconds < 120 ? `in ${seconds} s` : `in ${Math.ceil(seconds / 60)} min`;
}
