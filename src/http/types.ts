/**
 * The contract of the one HTTP client every source uses.
 * Sources depend on this interface only, so tests and the bench can inject the same client.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A credential bound to one origin. The client attaches it only when the request URL's parsed
 * origin equals `origin` exactly, and registers `value`, `secret` and every entry of `secrets` for
 * redaction in every log line, error and response it returns, each in all the forms a server may
 * echo it (URL-, JSON- and HTML-escaped: see `secretForms`). Build one with `bearerCredential` or
 * `basicCredential` (src/http/credentials), which fill these in.
 */
export interface Credential {
  /** Scheme, host and port, as `new URL(x).origin` gives it (`https://api.example.com`). */
  origin: string;
  /** Header name, usually `Authorization`. */
  header: string;
  /** Full header value, e.g. `Bearer abc`, `Basic ...`. */
  value: string;
  /** The raw secret inside `value`, for redaction (defaults to `value`). */
  secret?: string;
  /**
   * Other raw values that are secret and that `value` does not show as they are: for Basic,
   * `user:password` and the password alone (never the user name, which is not a secret).
   */
  secrets?: string[];
  /**
   * Further headers that belong to the same credential (a user-name header next to a password
   * header): sent only with it, to its origin, and dropped with it on a redirect elsewhere. Their
   * values are not secrets; the secret travels in `header`/`value`. Build with `headerPairCredential`.
   */
  companionHeaders?: Readonly<Record<string, string>>;
}

export interface HttpRequest {
  method?: HttpMethod;
  url: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** JSON-serialised when an object; sent as is when a string. */
  body?: unknown;
  credential?: Credential;
  /** Cancels the request; default: the signal of the enclosing refresh (core/abortScope). */
  signal?: AbortSignal;
  /** Overrides the client's default timeout. */
  timeoutMs?: number;
  /** GETs are conditional (ETag / Last-Modified) by default; false turns it off. */
  conditional?: boolean;
  /** How to read the body: parsed JSON (default) or text. */
  responseType?: 'json' | 'text';
  /** Overrides the client's default retry count (0 for non-idempotent calls that must not repeat). */
  maxRetries?: number;
  /** The prefix of the service's own rate-limit headers (`<prefix>limit`, `remaining`, `reset`), when not a common one. */
  rateLimitHeaders?: string;
}

export interface RateLimit {
  limit?: number;
  remaining?: number;
  /** Epoch ms when the window resets. */
  resetAt?: number;
}

export interface HttpResponse<T> {
  /** On a cache hit (`notModified`), the cached response's status (200), not the wire's 304. */
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  data: T;
  /** True when the server answered 304 and `data` comes from the client's cache. */
  notModified: boolean;
  /** Final URL (redacted). */
  url: string;
  rateLimit?: RateLimit;
}

export type HttpErrorKind =
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'http' // a 4xx/5xx not otherwise classified
  | 'unauthorized' // 401
  | 'forbidden' // 403 that is not a rate limit
  | 'notFound' // 404
  | 'rateLimited' // 429, or 403 with rate-limit headers, after the retry budget
  | 'parse' // body is not what was asked for (malformed JSON)
  | 'tooLarge' // body over the client's size limit
  | 'refused'; // the request was refused before sending (bad URL, credential for another origin)

/** A long-lived GET whose body arrives over time (server-sent events). */
export interface HttpStreamRequest {
  url: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  credential?: Credential;
  /** Ends the stream; required, since the server may never end it. */
  signal: AbortSignal;
  /** Complete lines of the body (each with its line break), redacted, as they arrive. */
  onText(text: string): void;
}

export interface HttpClientLike {
  request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>>;
  /**
   * Opens a stream: resolves when the server ends the body, rejects with the client's error on a
   * non-2xx answer (with its body) or a broken connection, and as cancelled when `signal` aborts.
   * Clients without it (test doubles) offer no streaming; callers fall back to polling.
   */
  stream?(req: HttpStreamRequest): Promise<void>;
}
