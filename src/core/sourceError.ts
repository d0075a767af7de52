/**
 * The one error type of every service source: what failed as a sentence a user can act on, its
 * kind (which the UI turns into a hint, a sign-in button or a wait), and the service's own words.
 * Built from HTTP failures by `toSourceError` (src/http); sources throw nothing else for service
 * failures, so views, notifications and commands treat every service's failures alike.
 */

export type SourceErrorKind =
  | 'auth' //         401: no or a rejected credential
  | 'forbidden' //    403 that is not a rate limit: the credential lacks a permission
  | 'notFound' //     404: wrong URL or project, or no access
  | 'rateLimited' //  429 / spent quota: wait until `retryAt`
  | 'rejected' //     another 4xx: the service refused this request (its words are in `serviceMessage`)
  | 'server' //       5xx
  | 'tls' //          certificate not trusted, expired, wrong host name
  | 'offline' //      DNS, connection refused or reset, network unreachable
  | 'timeout'
  | 'badResponse' //  not the documented shape: malformed JSON, too large, unexpected fields
  | 'refused' //      not sent: bad URL, a credential for another origin
  | 'config' //       the settings name something unusable
  | 'cancelled';

/** What the user can do about each kind; `service` is the display name (its `ServiceDisplay.name`). */
const HINTS: Record<SourceErrorKind, (service: string) => string | undefined> = {
  auth: (s) => `Sign in to ${s} again, or store a new token.`,
  forbidden: (s) => `The credential lacks a permission ${s} requires for this.`,
  notFound: () => 'Check the URL and project in the settings, and that the credential can see them.',
  rateLimited: () => 'Requests resume by themselves once the limit resets.',
  rejected: () => undefined,
  server: () => 'It is tried again later.',
  tls: () => "The server's certificate is not trusted: check the URL, or add your organisation's CA to the system's trust store.",
  offline: () => 'The server cannot be reached: check the network, VPN or proxy, and the URL.',
  timeout: () => 'It is tried again later; raise devops.http.timeoutSeconds for a slow server.',
  badResponse: () => "The answer is not what the service's API documents: does the URL point at its API?",
  refused: () => undefined,
  config: () => 'Check the DevOps settings.',
  cancelled: () => undefined,
};

export interface SourceErrorDetails {
  status?: number;
  /** The service's own explanation (its error body's message), as sent, cut to a sane length. */
  serviceMessage?: string;
  /** Epoch ms before which trying again is pointless (rate limits, `Retry-After`). */
  retryAt?: number;
  /** Quota seen on the failing response. */
  rateLimit?: { limit?: number; remaining?: number; resetAt?: number };
  cause?: unknown;
}

export class SourceError extends Error {
  override readonly name = 'SourceError';
  readonly status?: number;
  readonly serviceMessage?: string;
  readonly retryAt?: number;
  readonly rateLimit?: SourceErrorDetails['rateLimit'];

  constructor(
    message: string,
    readonly kind: SourceErrorKind,
    /** Display name of the service. */
    readonly service: string,
    details: SourceErrorDetails = {},
  ) {
    super(message, details.cause !== undefined ? { cause: details.cause } : undefined);
    this.status = details.status;
    this.serviceMessage = details.serviceMessage;
    this.retryAt = details.retryAt;
    this.rateLimit = details.rateLimit;
  }

  /** What the user can do about it, or undefined when the message says it all. */
  get hint(): string | undefined {
    return HINTS[this.kind](this.service);
  }
}

export function isSourceError(error: unknown): error is SourceError {
  return error instanceof SourceError;
}
