/**
 * Turns any failure of a service call into the one `SourceError` (src/core/sourceError), worded
 * the same for every service: "Could not list merge requests of group/app: <Service> did not accept
 * the credentials (401): <Service> says "401 Unauthorized". Sign in to <Service> again."
 */
import { SourceError, type SourceErrorKind } from '../core/sourceError';
import { errorMessage } from '../core/errorMessage';
import type { HttpErrorKind, RateLimit } from './types';

export interface ServiceCall {
  /** The service's display name (its `ServiceDisplay.name`). */
  service: string;
  /** What was being done, e.g. `list pull requests of octo/app`. */
  what: string;
  /** What a 404 says was not found, e.g. `octo/app`. */
  resource?: string;
  /** The service's own explanation from its error body (its documented error shape); undefined when none. */
  serviceMessage?: (body: string) => string | undefined;
  /** A link to the service's documentation of the failure, when its error body names one. */
  documentationUrl?: (body: string) => string | undefined;
  now?: number;
}

/** What the HTTP client's error exposes; structural, so anything shaped like it converts. */
interface HttpErrorLike {
  kind: HttpErrorKind;
  message: string;
  status?: number;
  retryAfterMs?: number;
  rateLimit?: RateLimit;
  body?: string;
  code?: string;
}

function isHttpErrorLike(error: unknown): error is HttpErrorLike {
  return error instanceof Error && typeof (error as Partial<HttpErrorLike>).kind === 'string' && !(error instanceof SourceError);
}

const TLS_CODES = /^(CERT_|ERR_TLS_|UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED_CERT|ERR_SSL_|EPROTO$)/;

/** The kind of any failure of a service call, as the one error type names it. */
export function sourceErrorKind(error: unknown): SourceErrorKind {
  if (error instanceof SourceError) return error.kind;
  if (!isHttpErrorLike(error)) return 'offline';
  switch (error.kind) {
    case 'unauthorized':
      return 'auth';
    case 'rateLimited':
      return 'rateLimited';
    case 'notFound':
      return 'notFound';
    case 'forbidden':
      return 'forbidden';
    case 'http':
      return error.status !== undefined && error.status >= 500 ? 'server' : 'rejected';
    case 'network':
      return error.code && TLS_CODES.test(error.code) ? 'tls' : 'offline';
    case 'timeout':
      return 'timeout';
    case 'parse':
    case 'tooLarge':
      return 'badResponse';
    case 'cancelled':
      return 'cancelled';
    case 'refused':
      return 'refused';
  }
}

export function toSourceError(error: unknown, call: ServiceCall): SourceError {
  if (error instanceof SourceError) return error;
  const { service, what } = call;
  if (!isHttpErrorLike(error)) {
    return new SourceError(`Could not ${what}: ${errorMessage(error)}`, 'offline', service, { cause: error });
  }
  const now = call.now ?? Date.now();
  const serviceMessage = error.body ? safe(() => call.serviceMessage?.(error.body as string)) : undefined;
  const documentationUrl = error.body ? safe(() => call.documentationUrl?.(error.body as string)) : undefined;
  const said = serviceMessage ? `: ${service} says "${serviceMessage}"` : '';
  const docs = documentationUrl ? ` See ${documentationUrl}` : '';
  const retryAt = retryTime(error, now);
  let kind: SourceErrorKind;
  let message: string;
  switch (error.kind) {
    case 'unauthorized':
      kind = 'auth';
      message = `Could not ${what}: ${service} did not accept the credentials (401)${said}. Sign in to ${service} again.`;
      break;
    case 'rateLimited': {
      kind = 'rateLimited';
      const when = retryAt !== undefined ? ` until ${clock(retryAt)} (${inDuration(retryAt - now)})` : '';
      message = `Could not ${what}: ${service} rate limit reached; waiting${when}${said}.`;
      break;
    }
    case 'notFound':
      kind = 'notFound';
      message = `Could not ${what}: ${call.resource ?? 'it was'} not found or no access (sign in?)${said}.`;
      break;
    case 'forbidden':
      kind = 'forbidden';
      message = `Could not ${what}: ${service} refused (403)${said}.`;
      break;
    case 'http':
      if (error.status !== undefined && error.status >= 500) {
        kind = 'server';
        message = `Could not ${what}: ${service} had a server error (${error.status}); try again later${said}.`;
      } else {
        kind = 'rejected';
        message = `Could not ${what}: ${service} refused (${error.status ?? 'error'})${said}.`;
      }
      break;
    case 'network':
      kind = error.code && TLS_CODES.test(error.code) ? 'tls' : 'offline';
      message = `Could not ${what}: ${error.message}`;
      break;
    case 'timeout':
      kind = 'timeout';
      message = `Could not ${what}: ${error.message}`;
      break;
    case 'parse':
    case 'tooLarge':
      kind = 'badResponse';
      message = `Could not ${what}: ${error.message}`;
      break;
    case 'cancelled':
      kind = 'cancelled';
      message = `Could not ${what}: cancelled`;
      break;
    case 'refused':
      kind = 'refused';
      message = `Could not ${what}: ${error.message}`;
      break;
  }
  return new SourceError(`${message}${docs}`, kind, service, {
    status: error.status,
    serviceMessage,
    retryAt,
    rateLimit: error.rateLimit,
    cause: error,
  });
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/**
 * When trying again makes sense: the window's reset when the quota is spent, unless `Retry-After`
 * (a secondary limit, a 503) asks for longer. Both arrive measured a moment ago, so the exact reset
 * time wins when they agree.
 */
function retryTime(error: HttpErrorLike, now: number): number | undefined {
  const afterRetry = error.retryAfterMs !== undefined ? now + error.retryAfterMs : undefined;
  const reset = error.rateLimit?.remaining === 0 ? error.rateLimit.resetAt : undefined;
  if (reset === undefined) return afterRetry;
  return afterRetry !== undefined && afterRetry > reset + 1000 ? afterRetry : reset;
}

function clock(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 19)} UTC`;
}

function inDuration(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return seconds < 120 ? `in ${seconds} s` : `in ${Math.ceil(seconds / 60)} min`;
}
