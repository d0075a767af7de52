/**
 * The one HTTP client every source uses: one axios instance per client,
 * timeouts, cancellation, retries with backoff, `Retry-After` and rate-limit headers honoured,
 * conditional GETs served from a cache on 304, bounded concurrency, and no secret in any log
 * line, error message or returned response: known secrets are masked in bodies (before parsing),
 * headers and URLs, and every text is redacted whole before it is cut to an excerpt.
 */
import type { AxiosInstance, AxiosResponse, AxiosStatic } from 'axios';
import { STATUS_CODES } from 'node:http';
import { currentAbortSignal } from '../core/abortScope';
import { silentLogger, type Logger } from '../core/logger';
import { AcquireAbortedError, Semaphore } from './concurrency';
import { ConditionalCache, conditionalCacheKey, type CachedResponse } from './conditionalCache';
import { parseRateLimit, serverWait } from './rateLimit';
import { Redactor } from './redact';
import type {
  Credential,
  HttpClientLike,
  HttpErrorKind,
  HttpMethod,
  HttpRequest,
  HttpResponse,
  HttpStreamRequest,
  RateLimit,
} from './types';

export interface HttpClientOptions {
  logger?: Logger;
  /** Per exchange, from the first byte sent to the last byte read. Default 15 s. */
  timeoutMs?: number;
  /** Retries after the first attempt, for idempotent methods. Default 3. */
  maxRetries?: number;
  /** Requests in flight at once; the rest wait in a FIFO queue. Default 6. */
  maxConcurrency?: number;
  userAgent?: string;
  /** Largest response (and request) body accepted. Default 50 MB. */
  maxBodyBytes?: number;
  /**
   * Longest server-requested wait (`Retry-After`, rate-limit reset) the client sits out itself.
   * A longer one fails at once with `retryAfterMs` set, so the caller can schedule. Default 60 s.
   */
  maxRetryWaitMs?: number;
  /** How to wait between attempts; injectable so tests record waits instead of sleeping. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Conditional-request cache size (entries). Default 500. */
  cacheEntries?: number;
}

/** Details an `HttpError` may carry besides its kind and message. */
export interface HttpErrorDetails {
  status?: number;
  /** How long the server asked to wait before trying again, in ms. */
  retryAfterMs?: number;
  rateLimit?: RateLimit;
  /** The start of the error response body (redacted), to show the server's own explanation. */
  body?: string;
  /** Node's error code of a network failure (`ECONNREFUSED`, `CERT_HAS_EXPIRED`, ...). */
  code?: string;
}

export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly rateLimit?: RateLimit;
  readonly body?: string;
  readonly code?: string;
  /** Attempts made (redirect hops not counted); 0 when refused before sending. */
  attempts = 0;

  constructor(
    readonly kind: HttpErrorKind,
    message: string,
    /** The request URL, redacted. */
    readonly url: string,
    details: HttpErrorDetails = {},
  ) {
    super(message);
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.rateLimit = details.rateLimit;
    this.body = details.body;
    this.code = details.code;
  }
}

/**
 * axios, and the MIME tables its form-data support brings (~250 KB of module code), load on the
 * first request instead of at extension activation.
 */
function loadAxios(): AxiosStatic {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('axios') as AxiosStatic;
}

const IDEMPOTENT = new Set<HttpMethod>(['GET', 'HEAD', 'PUT', 'DELETE']);
const RETRY_STATUSES = new Set([500, 502, 503, 504]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
// Headers that carry identity: never forwarded to another origin on a redirect, always redacted.
const SENSITIVE_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'private-token', 'job-token', 'x-api-key', 'x-auth-token'];
// RFC 9110 token characters.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8000;
const PARSE_SNIPPET_CHARS = 100;
const ERROR_BODY_CHARS = 500;

/** One request/response exchange on the wire (one redirect hop). */
interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  url: URL;
}

/** What one `request` call carries through its attempts. */
interface RequestContext {
  method: HttpMethod;
  /** The redacted request URL, for messages. */
  shownUrl: string;
  url: URL;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  credential: Credential | undefined;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  rateLimitHeaders: string | undefined;
}

export class HttpClient implements HttpClientLike {
  private instance: AxiosInstance | undefined;
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly userAgent: string;
  private readonly maxBodyBytes: number;
  private readonly maxRetryWaitMs: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly slots: Semaphore;
  private readonly cache: ConditionalCache;
  private readonly redactor = new Redactor();

  constructor(options: HttpClientOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.userAgent = options.userAgent ?? 'devops-feedback-loop';
    this.maxBodyBytes = options.maxBodyBytes ?? 50 * 1024 * 1024;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 60_000;
    this.sleep = options.sleep ?? sleep;
    this.slots = new Semaphore(options.maxConcurrency ?? 6);
    this.cache = new ConditionalCache({ maxEntries: options.cacheEntries ?? 500 });
  }

  /** The axios instance, made on the first request (see `loadAxios`). */
  private get axios(): AxiosInstance {
    this.instance ??= loadAxios().create({
      adapter: 'http',
      // Every status is an answer; this client classifies them itself.
      validateStatus: () => true,
      // Redirects are followed by `follow`, which decides per hop whether the credential goes along.
      maxRedirects: 0,
      // Bodies arrive as text and are parsed here, so malformed JSON is an error, not a string.
      responseType: 'text',
      responseEncoding: 'utf8',
      transformResponse: [(data: unknown) => data],
      transformRequest: [(data: unknown) => data],
      maxContentLength: this.maxBodyBytes,
      maxBodyLength: this.maxBodyBytes,
      // No environment proxy handling in axios: in the extension host, VS Code's patched Node
      // agents apply the user's proxy settings; doing it twice breaks HTTPS tunnels.
      proxy: false,
    });
    return this.instance;
  }

  async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    const ctx = this.prepare(req);
    const responseType = req.responseType ?? 'json';
    const cacheKey =
      ctx.method === 'GET' && req.conditional !== false
        ? conditionalCacheKey(ctx.method, ctx.url.href, ctx.credential, ctx.headers.accept)
        : undefined;
    const retries = req.maxRetries ?? (IDEMPOTENT.has(ctx.method) ? this.maxRetries : 0);

    for (let attempt = 1; ; attempt++) {
      const cached = cacheKey ? this.cache.get(cacheKey) : undefined;
      let raw: RawResponse;
      try {
        raw = await this.follow(ctx, cached);
      } catch (error) {
        if (!(error instanceof HttpError)) {
          throw error;
        }
        error.attempts = attempt;
        if ((error.kind === 'network' || error.kind === 'timeout') && attempt <= retries) {
          const delay = backoffMs(attempt);
          this.logger.info(this.redact(`${error.message}; retry ${attempt} of ${retries} in ${formatMs(delay)}`));
          await this.wait(ctx, delay);
          continue;
        }
        throw error;
      }

      if (raw.status === 304 && cached) {
        const headers = { ...cached.headers, ...raw.headers };
        return {
          status: cached.status,
          headers: this.redactor.redactHeaders(headers),
          data: this.parse<T>(ctx, cached.status, cached.body, responseType, attempt),
          notModified: true,
          url: this.redactor.redactUrl(raw.url.href),
          rateLimit: parseRateLimit(raw.headers, Date.now(), ctx.rateLimitHeaders),
        };
      }
      if (raw.status < 400) {
        const data = this.parse<T>(ctx, raw.status, raw.text, responseType, attempt);
        if (cacheKey && raw.status === 200) {
          this.remember(cacheKey, raw);
        }
        return {
          status: raw.status,
          headers: this.redactor.redactHeaders(raw.headers),
          data,
          notModified: false,
          url: this.redactor.redactUrl(raw.url.href),
          rateLimit: parseRateLimit(raw.headers, Date.now(), ctx.rateLimitHeaders),
        };
      }

      const rateLimit = parseRateLimit(raw.headers, Date.now(), ctx.rateLimitHeaders);
      const wait = serverWait(raw.status, raw.headers, rateLimit);
      const rateLimited = raw.status === 429 || wait?.rateLimited === true;
      const retryable = rateLimited || RETRY_STATUSES.has(raw.status);
      const tooLong = wait !== undefined && wait.waitMs > this.maxRetryWaitMs;
      if (retryable && attempt <= retries && !tooLong) {
        const delay = wait?.waitMs ?? backoffMs(attempt);
        const why = rateLimited ? `rate limited (${wait?.reason ?? statusLine(raw.status)})` : statusLine(raw.status);
        const line = `${ctx.method} ${ctx.shownUrl}: ${why}; retry ${attempt} of ${retries} in ${formatMs(delay)}`;
        if (rateLimited) {
          this.logger.warn(this.redact(line));
        } else {
          this.logger.info(this.redact(line));
        }
        await this.wait(ctx, delay);
        continue;
      }
      const error = this.statusError(ctx, raw, rateLimited, rateLimit, wait?.waitMs);
      error.attempts = attempt;
      throw error;
    }
  }

  /**
   * A stream (server-sent events): one GET with the same URL checks, origin-bound credential and
   * redaction as `request`, but no retries, no cache, no redirects (a redirect is an error: the
   * credential must not follow it), no concurrency slot (it stays open) and no timeout once the
   * answer has begun. The body is handed on in complete lines, each redacted, so a secret split
   * across two chunks is still caught; a line longer than the body limit ends the stream.
   */
  async stream(req: HttpStreamRequest): Promise<void> {
    const ctx = this.prepare({ ...req, method: 'GET', responseType: 'text', conditional: false });
    const headers = ctx.credential ? { ...ctx.headers, [ctx.credential.header.toLowerCase()]: ctx.credential.value } : ctx.headers;
    let response: AxiosResponse<NodeJS.ReadableStream>;
    // Aborted by the caller's signal, or when the answer has not begun within the timeout.
    const connectAbort = new AbortController();
    const connectTimer = setTimeout(() => connectAbort.abort(), ctx.timeoutMs);
    const onAbort = (): void => connectAbort.abort();
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      response = await this.axios.request<NodeJS.ReadableStream>({
        method: 'GET',
        url: ctx.url.href,
        headers,
        responseType: 'stream',
        signal: connectAbort.signal,
      });
    } catch (error) {
      ctx.signal?.removeEventListener('abort', onAbort);
      throw this.transportError(ctx, error, !ctx.signal?.aborted && connectAbort.signal.aborted);
    } finally {
      clearTimeout(connectTimer);
    }
    const body = response.data;
    const decoder = new TextDecoder('utf-8');
    try {
      if (response.status < 200 || response.status >= 300) {
        let text = '';
        for await (const chunk of body) {
          text += decoder.decode(chunk as Uint8Array, { stream: true });
          if (text.length > ERROR_BODY_CHARS * 4) break;
        }
        const raw = { status: response.status, headers: flattenHeaders(response.headers), text, url: ctx.url };
        this.logger.debug(this.redact(`GET ${ctx.shownUrl} -> ${response.status} (stream)`));
        throw this.statusError(ctx, raw, response.status === 429, parseRateLimit(raw.headers, Date.now(), ctx.rateLimitHeaders), undefined);
      }
      this.logger.debug(this.redact(`GET ${ctx.shownUrl} -> ${response.status} (stream open)`));
      let partial = '';
      for await (const chunk of body) {
        partial += decoder.decode(chunk as Uint8Array, { stream: true });
        const end = partial.lastIndexOf('\n');
        if (end >= 0) {
          req.onText(this.redact(partial.slice(0, end + 1)));
          partial = partial.slice(end + 1);
        }
        if (partial.length > this.maxBodyBytes) {
          throw new HttpError(
            'tooLarge',
            `GET ${ctx.shownUrl}: a stream line is larger than the ${formatBytes(this.maxBodyBytes)} limit`,
            ctx.shownUrl,
          );
        }
      }
      partial += decoder.decode();
      if (partial) req.onText(this.redact(partial));
    } catch (error) {
      throw this.transportError(ctx, error, false);
    } finally {
      ctx.signal?.removeEventListener('abort', onAbort);
      (body as unknown as { destroy?: () => void }).destroy?.();
    }
  }

  /** Validates the request and builds everything the attempts share; refuses before anything is sent. */
  private prepare(req: HttpRequest): RequestContext {
    const method = req.method ?? 'GET';
    const credential = req.credential;
    if (credential) {
      this.redactor.addCredential(credential);
    }
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      accept: (req.responseType ?? 'json') === 'json' ? 'application/json' : '*/*',
    };
    for (const [name, value] of Object.entries(req.headers ?? {})) {
      headers[name.toLowerCase()] = value;
      if (SENSITIVE_HEADERS.includes(name.toLowerCase())) {
        this.redactor.add(value);
      }
    }

    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      const shown = this.redactor.redactUrl(req.url);
      throw refused(`${method} ${shown}: refused, not a valid URL`, shown);
    }
    for (const [name, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) {
        url.searchParams.append(name, String(value));
      }
    }
    const shownUrl = this.redactor.redactUrl(url.href);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw refused(`${method} ${shownUrl}: refused, only http and https URLs are allowed`, shownUrl);
    }
    if (credential && !isOrigin(url, credential.origin)) {
      throw refused(
        `${method} ${shownUrl}: refused to send the credential for ${this.redact(credential.origin)} to another origin`,
        shownUrl,
      );
    }

    const allHeaders = credential ? { ...headers, ...credential.companionHeaders, [credential.header]: credential.value } : headers;
    for (const [name, value] of Object.entries(allHeaders)) {
      if (!HEADER_NAME.test(name) || /[\r\n\0]/.test(value)) {
        throw refused(`${method} ${shownUrl}: refused, header ${JSON.stringify(this.redact(name))} is not a valid HTTP header`, shownUrl);
      }
    }

    let body: string | Uint8Array | undefined;
    if (req.body === undefined || typeof req.body === 'string' || req.body instanceof Uint8Array) {
      body = req.body;
    } else {
      body = JSON.stringify(req.body);
      headers['content-type'] ??= 'application/json';
    }
    return {
      method,
      shownUrl,
      url,
      headers,
      body,
      credential,
      signal: req.signal ?? currentAbortSignal(),
      timeoutMs: req.timeoutMs ?? this.timeoutMs,
      rateLimitHeaders: req.rateLimitHeaders,
    };
  }

  /**
   * One attempt: sends the request and follows redirects. The credential rides along only to its
   * own origin; identity headers are dropped as soon as a hop leaves the origin.
   */
  private async follow(ctx: RequestContext, cached: CachedResponse | undefined): Promise<RawResponse> {
    let method = ctx.method;
    let body = ctx.body;
    const headers = { ...ctx.headers };
    if (cached?.etag) {
      headers['if-none-match'] ??= cached.etag;
    }
    if (cached?.lastModified) {
      headers['if-modified-since'] ??= cached.lastModified;
    }
    let url = ctx.url;
    for (let hop = 0; ; hop++) {
      const hopHeaders = { ...headers };
      if (ctx.credential && isOrigin(url, ctx.credential.origin)) {
        for (const [name, value] of Object.entries(ctx.credential.companionHeaders ?? {})) {
          hopHeaders[name.toLowerCase()] = value;
        }
        hopHeaders[ctx.credential.header.toLowerCase()] = ctx.credential.value;
      }
      const raw = await this.exchange(ctx, method, url, hopHeaders, body);
      const location = raw.headers.location;
      if (!REDIRECT_STATUSES.has(raw.status) || !location) {
        return raw;
      }
      if (hop >= MAX_REDIRECTS) {
        throw new HttpError('http', `${ctx.method} ${ctx.shownUrl}: more than ${MAX_REDIRECTS} redirects`, ctx.shownUrl, {
          status: raw.status,
        });
      }
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw refused(`${ctx.method} ${ctx.shownUrl}: refused to follow a redirect to an invalid URL`, ctx.shownUrl);
      }
      if (next.protocol !== 'https:' && next.protocol !== 'http:') {
        throw refused(`${ctx.method} ${ctx.shownUrl}: refused to follow a redirect to ${next.protocol}`, ctx.shownUrl);
      }
      this.logger.debug(this.redact(`${method} ${this.redactor.redactUrl(url.href)}: redirected to ${this.redactor.redactUrl(next.href)}`));
      if (next.origin !== url.origin) {
        const credentialHeaders = [ctx.credential?.header, ...Object.keys(ctx.credential?.companionHeaders ?? {})];
        for (const name of [...SENSITIVE_HEADERS, ...credentialHeaders.map((h) => h?.toLowerCase())]) {
          if (name) {
            delete headers[name];
          }
        }
      }
      // As browsers do: 303 always, and 301/302 after a POST, continue as a GET without body.
      if (raw.status === 303 || ((raw.status === 301 || raw.status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
        delete headers['content-type'];
      }
      url = next;
    }
  }

  /** One request on the wire, inside a concurrency slot, with the timeout and the caller's signal. */
  private async exchange(
    ctx: RequestContext,
    method: HttpMethod,
    url: URL,
    headers: Record<string, string>,
    body: string | Uint8Array | undefined,
  ): Promise<RawResponse> {
    const shownUrl = this.redactor.redactUrl(url.href);
    let release: () => void;
    try {
      release = await this.slots.acquire(ctx.signal);
    } catch (error) {
      if (error instanceof AcquireAbortedError) {
        throw this.cancelled(ctx);
      }
      throw error;
    }
    const started = Date.now();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, ctx.timeoutMs);
    const onAbort = (): void => controller.abort();
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (ctx.signal?.aborted) {
        throw this.cancelled(ctx);
      }
      let response: AxiosResponse<unknown>;
      try {
        response = await this.axios.request({
          method,
          url: url.href,
          headers,
          data: body,
          signal: controller.signal,
        });
      } catch (error) {
        const failure = this.transportError(ctx, error, timedOut);
        this.logger.debug(this.redact(`${method} ${shownUrl} -> ${failure.message} (${Date.now() - started} ms)`));
        throw failure;
      }
      const headersOut = flattenHeaders(response.headers);
      const note = response.status === 304 ? ' (not modified)' : '';
      this.logger.debug(this.redact(`${method} ${shownUrl} -> ${response.status}${note} (${Date.now() - started} ms)`));
      const text = typeof response.data === 'string' ? response.data : String(response.data ?? '');
      return { status: response.status, headers: headersOut, text, url };
    } finally {
      clearTimeout(timer);
      ctx.signal?.removeEventListener('abort', onAbort);
      release();
    }
  }

  /** Classifies a failed exchange: cancelled, timed out, too large, or a network error. */
  private transportError(ctx: RequestContext, error: unknown, timedOut: boolean): HttpError {
    if (error instanceof HttpError) {
      return error;
    }
    if (ctx.signal?.aborted) {
      return this.cancelled(ctx);
    }
    const prefix = `${ctx.method} ${ctx.shownUrl}`;
    if (timedOut) {
      return new HttpError('timeout', `${prefix}: timed out after ${formatMs(ctx.timeoutMs)}`, ctx.shownUrl);
    }
    const message = error instanceof Error ? error.message : String(error);
    if (/maxContentLength/.test(message)) {
      return new HttpError('tooLarge', `${prefix}: response is larger than the ${formatBytes(this.maxBodyBytes)} limit`, ctx.shownUrl);
    }
    if (/maxBodyLength/.test(message)) {
      return new HttpError('tooLarge', `${prefix}: request body is larger than the ${formatBytes(this.maxBodyBytes)} limit`, ctx.shownUrl);
    }
    const code = networkErrorCode(error);
    return new HttpError('network', this.redact(`${prefix}: network error${code ? ` (${code})` : ''}: ${message}`), ctx.shownUrl, { code });
  }

  private statusError(
    ctx: RequestContext,
    raw: RawResponse,
    rateLimited: boolean,
    rateLimit: RateLimit | undefined,
    retryAfterMs: number | undefined,
  ): HttpError {
    const prefix = `${ctx.method} ${ctx.shownUrl}`;
    const details = {
      status: raw.status,
      retryAfterMs,
      rateLimit,
      body: raw.text ? this.redactor.excerpt(raw.text, ERROR_BODY_CHARS) : undefined,
    };
    const retryAfter = retryAfterMs !== undefined ? `, retry after ${formatMs(retryAfterMs)}` : '';
    if (rateLimited) {
      return new HttpError('rateLimited', `${prefix}: rate limited (${statusLine(raw.status)})${retryAfter}`, ctx.shownUrl, details);
    }
    const kind: HttpErrorKind =
      raw.status === 401 ? 'unauthorized' : raw.status === 403 ? 'forbidden' : raw.status === 404 ? 'notFound' : 'http';
    return new HttpError(kind, `${prefix}: ${statusLine(raw.status)}${retryAfter}`, ctx.shownUrl, details);
  }

  private parse<T>(ctx: RequestContext, status: number, text: string, responseType: 'json' | 'text', attempts: number): T {
    // Known secrets leave the body here, before anything (a view, a tooltip, a details panel) sees it.
    if (responseType === 'text') {
      return this.redactor.redactKnown(text) as T;
    }
    if (text.trim() === '') {
      return undefined as T;
    }
    let value: T;
    try {
      value = JSON.parse(text) as T;
    } catch {
      // The whole body is redacted once, for the longer excerpt; the snippet is cut from that.
      const body = this.redactor.excerpt(text, ERROR_BODY_CHARS);
      const snippet = JSON.stringify(this.redactor.excerpt(body, PARSE_SNIPPET_CHARS));
      const error = new HttpError(
        'parse',
        `${ctx.method} ${ctx.shownUrl}: ${statusLine(status)}, response is not valid JSON: ${snippet}`,
        ctx.shownUrl,
        { status, body },
      );
      error.attempts = attempts;
      throw error;
    }
    // Parsed first and masked in the decoded strings: a JSON-escaped secret is caught, the JSON never breaks.
    return this.redactor.redactJson(value, text);
  }

  private remember(cacheKey: string, raw: RawResponse): void {
    const { etag, 'last-modified': lastModified } = raw.headers;
    this.cache.set(cacheKey, { etag, lastModified, status: raw.status, headers: raw.headers, body: raw.text });
  }

  /** Sits out a delay; an abort during it ends the request as cancelled. */
  private async wait(ctx: RequestContext, ms: number): Promise<void> {
    try {
      await this.sleep(ms, ctx.signal);
    } catch {
      // Only an abort ends a sleep early; anything else is a broken sleep, and the retry proceeds.
    }
    if (ctx.signal?.aborted) {
      throw this.cancelled(ctx);
    }
  }

  private cancelled(ctx: RequestContext): HttpError {
    return new HttpError('cancelled', `${ctx.method} ${ctx.shownUrl}: cancelled`, ctx.shownUrl);
  }

  private redact(text: string): string {
    return this.redactor.redact(text);
  }
}

/** The most specific error code of a failed exchange: the cause's (TLS, DNS) before axios' own. */
function networkErrorCode(error: unknown): string | undefined {
  const own = (error as { code?: unknown } | undefined)?.code;
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  const code = typeof cause === 'string' ? cause : own;
  return typeof code === 'string' && /^[A-Z0-9_]{2,64}$/.test(code) ? code : undefined;
}

function refused(message: string, url: string): HttpError {
  return new HttpError('refused', message, url);
}

/** Exact origin comparison on parsed URLs; an unparsable credential origin matches nothing. */
function isOrigin(url: URL, origin: string): boolean {
  try {
    return url.origin === new URL(origin).origin;
  } catch {
    return false;
  }
}

/** Exponential backoff with jitter: 500 ms, 1 s, 2 s, ... capped, each scaled by a random 50–100 %. */
function backoffMs(attempt: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + Math.random() / 2));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('aborted'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function flattenHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  const plain = typeof headers.toJSON === 'function' ? headers.toJSON() : headers;
  for (const [name, value] of Object.entries(plain as Record<string, unknown>)) {
    if (value === undefined || value === null) {
      continue;
    }
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

function statusLine(status: number): string {
  const text = STATUS_CODES[status];
  return text ? `${status} ${text}` : String(status);
}

function formatMs(ms: number): string {
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  }
  if (bytes >= 1024) {
    return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  }
  return `${bytes} bytes`;
}
