import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { HttpClient, HttpError, type HttpClientOptions } from '../../../src/http/client';
import type { Logger } from '../../../src/core/logger';
import type { Credential } from '../../../src/http/types';
import { delay, empty, json, sendJson, sendText, slow, TestServer } from './testServer';

/** A logger that keeps every line, to prove what was (and was not) logged. */
class RecordingLogger implements Logger {
  readonly lines: Array<{ level: string; message: string }> = [];
  trace(message: string): void {
    this.lines.push({ level: 'trace', message });
  }
  debug(message: string): void {
    this.lines.push({ level: 'debug', message });
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string | Error): void {
    this.lines.push({ level: 'error', message: String(message) });
  }
  at(level: string): string[] {
    return this.lines.filter((l) => l.level === level).map((l) => l.message);
  }
}

interface Harness {
  client: HttpClient;
  logger: RecordingLogger;
  /** Every wait the client asked for, in ms (the sleep returns at once). */
  waits: number[];
}

function harness(options: HttpClientOptions = {}): Harness {
  const logger = new RecordingLogger();
  const waits: number[] = [];
  const client = new HttpClient({
    logger,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...options,
  });
  return { client, logger, waits };
}

async function rejection(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HttpError, `expected an HttpError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the request to fail');
}

describe('HttpClient', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await TestServer.start();
  });

  afterEach(async () => {
    await server.close();
  });

  describe('successful requests', () => {
    it('returns parsed JSON with status, lower-cased headers and GitHub-style rate limit', async () => {
      server.route(
        '/repos/o/r',
        json(
          200,
          { id: 1, name: 'r' },
          {
            'X-RateLimit-Limit': '5000',
            'X-RateLimit-Remaining': '4999',
            'X-RateLimit-Reset': '1893456000',
          },
        ),
      );
      const { client, logger } = harness();

      const res = await client.request<{ id: number; name: string }>({ url: server.url('/repos/o/r') });

      assert.equal(res.status, 200);
      assert.deepEqual(res.data, { id: 1, name: 'r' });
      assert.equal(res.notModified, false);
      assert.equal(res.url, server.url('/repos/o/r'));
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
      assert.deepEqual(res.rateLimit, { limit: 5000, remaining: 4999, resetAt: 1893456000 * 1000 });
      const [seen] = server.requests;
      assert.equal(seen.headers['user-agent'], 'devops-feedback-loop');
      assert.equal(seen.headers.accept, 'application/json');
      assert.match(logger.at('debug').join('\n'), new RegExp(`^GET ${server.url('/repos/o/r')} -> 200 \\(\\d+ ms\\)$`, 'm'));
    });

    it('appends query parameters and drops undefined ones', async () => {
      server.route('/search', json(200, []));
      const { client } = harness();

      await client.request({ url: server.url('/search?fixed=1'), query: { state: 'open', page: 2, draft: false, skip: undefined } });

      assert.equal(server.requests[0].url, '/search?fixed=1&state=open&page=2&draft=false');
    });

    it('sends an object body as JSON and a string body as is', async () => {
      server.route('/echo', (_req, res, body) => sendJson(res, 201, { received: body }));
      const { client } = harness();

      const res = await client.request<{ received: string }>({ method: 'POST', url: server.url('/echo'), body: { a: [1, 'two'] } });
      await client.request({ method: 'PUT', url: server.url('/echo'), body: 'plain', headers: { 'Content-Type': 'text/plain' } });

      assert.equal(res.status, 201);
      assert.equal(res.data.received, '{"a":[1,"two"]}');
      assert.equal(server.requests[0].headers['content-type'], 'application/json');
      assert.equal(server.requests[1].body, 'plain');
      assert.equal(server.requests[1].headers['content-type'], 'text/plain');
    });

    it('returns undefined data for an empty 204 body', async () => {
      server.route('/gone', empty(204));
      const { client } = harness();

      const res = await client.request({ method: 'DELETE', url: server.url('/gone') });

      assert.equal(res.status, 204);
      assert.equal(res.data, undefined);
    });

    it('returns text as is when asked for text, even when it is not JSON', async () => {
      server.route('/log', (_req, res) => sendText(res, 200, 'line 1\nline 2 {not json'));
      const { client } = harness();

      const res = await client.request<string>({ url: server.url('/log'), responseType: 'text' });

      assert.equal(res.data, 'line 1\nline 2 {not json');
      assert.equal(server.requests[0].headers.accept, '*/*');
    });

    it('parses GitLab-style ratelimit-* headers', async () => {
      server.route(
        '/api/v4/projects',
        json(200, [], { 'RateLimit-Limit': '2000', 'RateLimit-Remaining': '1999', 'RateLimit-Reset': '1893456000' }),
      );
      const { client } = harness();

      const res = await client.request({ url: server.url('/api/v4/projects') });

      assert.deepEqual(res.rateLimit, { limit: 2000, remaining: 1999, resetAt: 1893456000 * 1000 });
    });
  });

  describe('conditional requests', () => {
    it('sends If-None-Match with the cached ETag and serves a 304 from the cache', async () => {
      server.route('/repos/o/r/pulls', (req, res) => {
        if (req.headers['if-none-match'] === '"v1"') {
          res.writeHead(304, { etag: '"v1"', 'x-ratelimit-remaining': '4998' });
          res.end();
        } else {
          sendJson(res, 200, [{ number: 7 }], { etag: '"v1"', 'x-ratelimit-remaining': '4999' });
        }
      });
      const { client, logger } = harness();

      const first = await client.request({ url: server.url('/repos/o/r/pulls') });
      const second = await client.request({ url: server.url('/repos/o/r/pulls') });

      assert.deepEqual(
        server.requests.map((r) => [r.headers['if-none-match'], r.status]),
        [
          [undefined, 200],
          ['"v1"', 304],
        ],
      );
      assert.equal(first.notModified, false);
      assert.equal(second.notModified, true);
      assert.equal(second.status, 200, 'a cache hit reports the cached status');
      assert.deepEqual(second.data, [{ number: 7 }]);
      assert.notEqual(second.data, first.data, 'each hit gets its own copy, so callers cannot corrupt the cache');
      assert.equal(second.rateLimit?.remaining, 4998, 'rate limit comes from the fresh 304');
      assert.ok(logger.at('debug').some((line) => / -> 304 \(not modified\) /.test(line)));
    });

    it('sends If-Modified-Since with the cached Last-Modified', async () => {
      const lastModified = 'Wed, 21 Oct 2015 07:28:00 GMT';
      server.route('/feed', (req, res) => {
        if (req.headers['if-modified-since'] === lastModified) {
          res.writeHead(304);
          res.end();
        } else {
          sendJson(res, 200, { items: ['a'] }, { 'last-modified': lastModified });
        }
      });
      const { client } = harness();

      await client.request({ url: server.url('/feed') });
      const second = await client.request<{ items: string[] }>({ url: server.url('/feed') });

      assert.equal(server.requests[1].headers['if-modified-since'], lastModified);
      assert.equal(server.requests[1].status, 304);
      assert.equal(second.notModified, true);
      assert.deepEqual(second.data, { items: ['a'] });
    });

    it('does not send validators when conditional is false, nor share cache entries between credentials', async () => {
      server.route('/user', json(200, { login: 'me' }, { etag: '"u1"' }));
      const { client } = harness();
      const alice: Credential = { origin: server.origin, header: 'Authorization', value: 'Bearer alice-token-1234' };
      const bob: Credential = { origin: server.origin, header: 'Authorization', value: 'Bearer bob-token-5678' };

      await client.request({ url: server.url('/user'), credential: alice });
      await client.request({ url: server.url('/user'), credential: alice, conditional: false });
      await client.request({ url: server.url('/user'), credential: bob });
      await client.request({ url: server.url('/user'), credential: alice });

      assert.deepEqual(
        server.requests.map((r) => r.headers['if-none-match']),
        [undefined, undefined, undefined, '"u1"'],
      );
    });
  });

  describe('retries', () => {
    it('waits Retry-After on a 429, then succeeds', async () => {
      server.route('/limited', json(429, { message: 'slow down' }, { 'retry-after': '1' }), json(200, { ok: true }));
      const { client, logger, waits } = harness();

      const res = await client.request({ url: server.url('/limited') });

      assert.deepEqual(res.data, { ok: true });
      assert.equal(server.requestsTo('/limited').length, 2);
      assert.deepEqual(waits, [1000]);
      const warnings = logger.at('warn');
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /rate limited \(Retry-After: 1\); retry 1 of 3 in 1 s/);
    });

    it('retries a 503 twice with growing jittered backoff, then succeeds', async () => {
      server.route('/flaky', json(503, {}), json(503, {}), json(200, { ok: true }));
      const { client, logger, waits } = harness();

      const res = await client.request({ url: server.url('/flaky') });

      assert.equal(res.status, 200);
      assert.equal(server.requestsTo('/flaky').length, 3);
      assert.equal(waits.length, 2);
      assert.ok(waits[0] >= 250 && waits[0] <= 500, `first backoff ${waits[0]}`);
      assert.ok(waits[1] >= 500 && waits[1] <= 1000, `second backoff ${waits[1]}`);
      assert.equal(logger.at('info').filter((l) => l.includes('503 Service Unavailable')).length, 2);
    });

    it('gives up after maxRetries on a 500 with kind http and the attempt count', async () => {
      server.route('/broken', json(500, { message: 'boom' }));
      const { client, waits } = harness();

      const error = await rejection(client.request({ url: server.url('/broken') }));

      assert.equal(error.kind, 'http');
      assert.equal(error.status, 500);
      assert.equal(error.attempts, 4);
      assert.equal(error.message, `GET ${server.url('/broken')}: 500 Internal Server Error`);
      assert.equal(error.body, '{"message":"boom"}');
      assert.equal(server.requestsTo('/broken').length, 4);
      assert.equal(waits.length, 3);
    });

    it('does not retry a POST on a 500 unless asked to', async () => {
      server.route('/create', json(500, {}));
      const { client } = harness();

      const error = await rejection(client.request({ method: 'POST', url: server.url('/create'), body: { a: 1 } }));
      assert.equal(error.attempts, 1);
      assert.equal(server.requestsTo('/create').length, 1);

      await rejection(client.request({ method: 'POST', url: server.url('/create'), body: { a: 1 }, maxRetries: 1 }));
      assert.equal(server.requestsTo('/create').length, 3);
    });

    it('fails at once with rateLimited and retryAfterMs when the rate-limit reset is far away', async () => {
      const reset = Math.floor(Date.now() / 1000) + 3600;
      server.route(
        '/core',
        json(
          403,
          { message: 'API rate limit exceeded' },
          {
            'x-ratelimit-limit': '60',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(reset),
          },
        ),
      );
      const { client, waits } = harness();

      const error = await rejection(client.request({ url: server.url('/core') }));

      assert.equal(error.kind, 'rateLimited');
      assert.equal(error.status, 403);
      assert.ok(error.retryAfterMs !== undefined && error.retryAfterMs > 3_500_000 && error.retryAfterMs <= 3_600_000);
      assert.equal(error.rateLimit?.remaining, 0);
      assert.match(error.message, /: rate limited \(403 Forbidden\), retry after \d+(\.\d)? s$/);
      assert.equal(server.requestsTo('/core').length, 1);
      assert.deepEqual(waits, []);
    });

    it('waits for a near rate-limit reset on a 403, then succeeds', async () => {
      const reset = Math.floor(Date.now() / 1000) + 5;
      server.route('/core', json(403, {}, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }), json(200, {}));
      const { client, waits } = harness();

      await client.request({ url: server.url('/core') });

      assert.equal(waits.length, 1);
      assert.ok(waits[0] > 3000 && waits[0] <= 5000, `waited ${waits[0]}`);
    });

    it('fails with rateLimited when Retry-After exceeds maxRetryWaitMs', async () => {
      server.route('/limited', json(429, {}, { 'retry-after': '120' }));
      const { client, waits } = harness();

      const error = await rejection(client.request({ url: server.url('/limited') }));

      assert.equal(error.kind, 'rateLimited');
      assert.equal(error.retryAfterMs, 120_000);
      assert.match(error.message, /rate limited \(429 Too Many Requests\), retry after 120 s$/);
      assert.deepEqual(waits, []);
    });

    it('treats a 403 without rate-limit signals as forbidden and does not retry it', async () => {
      server.route('/private', json(403, { message: 'Resource not accessible' }, { 'x-ratelimit-remaining': '4000' }));
      const { client } = harness();

      const error = await rejection(client.request({ url: server.url('/private') }));

      assert.equal(error.kind, 'forbidden');
      assert.equal(server.requestsTo('/private').length, 1);
    });

    it('classifies 404 as notFound', async () => {
      const { client } = harness();

      const error = await rejection(client.request({ url: server.url('/nothing/here') }));

      assert.equal(error.kind, 'notFound');
      assert.equal(error.message, `GET ${server.url('/nothing/here')}: 404 Not Found`);
    });

    it('retries network errors and then reports kind network', async () => {
      const closed = await TestServer.start();
      const url = closed.url('/x');
      await closed.close();
      const { client, waits } = harness({ maxRetries: 1 });

      const error = await rejection(client.request({ url }));

      assert.equal(error.kind, 'network');
      assert.equal(error.attempts, 2);
      assert.equal(waits.length, 1);
      assert.match(error.message, /ECONNREFUSED/);
    });
  });

  describe('timeouts, cancellation and limits', () => {
    it('times out a slow response with kind timeout', async () => {
      server.route('/slow', slow(5000, json(200, {})));
      const { client } = harness({ timeoutMs: 150, maxRetries: 1 });

      const error = await rejection(client.request({ url: server.url('/slow') }));

      assert.equal(error.kind, 'timeout');
      assert.equal(error.message, `GET ${server.url('/slow')}: timed out after 150 ms`);
      assert.equal(error.attempts, 2, 'a timeout is retried');
    });

    it('times out a body that trickles in after the headers', async () => {
      server.route('/trickle', async (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[');
        await delay(5000, res);
        res.end(']');
      });
      const { client } = harness({ timeoutMs: 150, maxRetries: 0 });

      const error = await rejection(client.request({ url: server.url('/trickle') }));

      assert.equal(error.kind, 'timeout');
    });

    it('cancels a request in flight and never retries it', async () => {
      server.route('/slow', slow(5000, json(200, {})));
      const { client, waits } = harness();
      const controller = new AbortController();

      const pending = rejection(client.request({ url: server.url('/slow'), signal: controller.signal }));
      await server.waitForRequests(1);
      controller.abort();
      const error = await pending;

      assert.equal(error.kind, 'cancelled');
      assert.equal(error.message, `GET ${server.url('/slow')}: cancelled`);
      assert.equal(server.requests.length, 1);
      assert.deepEqual(waits, []);
    });

    it('cancels a queued request without sending it', async () => {
      server.route('/hold', slow(5000, json(200, {})));
      const { client } = harness({ maxConcurrency: 1 });
      const first = new AbortController();
      const second = new AbortController();

      const holding = rejection(client.request({ url: server.url('/hold'), signal: first.signal }));
      await server.waitForRequests(1);
      const queued = rejection(client.request({ url: server.url('/queued'), signal: second.signal }));
      second.abort();
      const error = await queued;
      first.abort();
      await holding;

      assert.equal(error.kind, 'cancelled');
      assert.deepEqual(
        server.requests.map((r) => r.url),
        ['/hold'],
      );
    });

    it('does not send a request whose signal is already aborted', async () => {
      const { client } = harness();

      const error = await rejection(client.request({ url: server.url('/x'), signal: AbortSignal.abort() }));

      assert.equal(error.kind, 'cancelled');
      assert.equal(server.requests.length, 0);
    });

    it('cancels during a real Retry-After wait', async () => {
      server.route('/limited', json(429, {}, { 'retry-after': '30' }));
      const client = new HttpClient();
      const controller = new AbortController();

      const pending = rejection(client.request({ url: server.url('/limited'), signal: controller.signal }));
      await server.waitForRequests(1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      controller.abort();
      const error = await pending;

      assert.equal(error.kind, 'cancelled');
      assert.equal(server.requests.length, 1);
    });

    it('reports malformed JSON as kind parse with the status and the start of the body', async () => {
      server.route('/bad', (_req, res) => sendText(res, 200, '{"items": [1, 2,', { 'content-type': 'application/json' }));
      const { client } = harness();

      const error = await rejection(client.request({ url: server.url('/bad') }));

      assert.equal(error.kind, 'parse');
      assert.equal(error.message, `GET ${server.url('/bad')}: 200 OK, response is not valid JSON: "{\\"items\\": [1, 2,"`);
      assert.equal(server.requests.length, 1, 'a parse error is not retried');
    });

    it('reports an HTML error page served as 200 as kind parse, truncated', async () => {
      const page = `<!DOCTYPE html><html><body>${'x'.repeat(500)}</body></html>`;
      server.route('/login', (_req, res) => sendText(res, 200, page, { 'content-type': 'text/html' }));
      const { client } = harness();

      const error = await rejection(client.request({ url: server.url('/login') }));

      assert.equal(error.kind, 'parse');
      assert.ok(error.message.includes(JSON.stringify(page.slice(0, 100))));
      assert.ok(!error.message.includes(page.slice(0, 101)));
    });

    for (const withLength of [true, false]) {
      it(`rejects a body over maxBodyBytes with kind tooLarge (${withLength ? 'with' : 'without'} Content-Length)`, async () => {
        const size = 1024 * 1024;
        server.route('/huge', async (_req, res: ServerResponse) => {
          res.writeHead(200, { 'content-type': 'application/json', ...(withLength ? { 'content-length': String(size) } : {}) });
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          for (let sent = 0; sent < size && !res.destroyed; sent += chunk.length) {
            if (!res.write(chunk)) {
              await new Promise<void>((resolve) => {
                const go = (): void => {
                  res.off('drain', go);
                  res.off('close', go);
                  resolve();
                };
                res.on('drain', go);
                res.on('close', go);
              });
            }
          }
          res.end();
        });
        const { client } = harness({ maxBodyBytes: 100 * 1024 });

        const error = await rejection(client.request({ url: server.url('/huge') }));

        assert.equal(error.kind, 'tooLarge');
        assert.equal(error.message, `GET ${server.url('/huge')}: response is larger than the 100 KB limit`);
      });
    }

    it('keeps at most maxConcurrency requests in flight', async () => {
      server.route('/work', slow(20, json(200, { ok: true })));
      const { client } = harness({ maxConcurrency: 3 });

      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => client.request({ url: server.url(`/work?i=${i}`) })));

      assert.equal(results.length, 10);
      assert.equal(server.requests.length, 10);
      assert.ok(server.maxInFlight <= 3, `server saw ${server.maxInFlight} at once`);
      assert.ok(server.maxInFlight >= 2, 'requests did run in parallel');
    });
  });

  describe('credentials and secrets', () => {
    const token = 'ghp_s3cr3tT0kenValue1234567890';

    it('sends the credential to its origin; a 401 message, body and logs never contain it', async () => {
      server.route('/user', json(401, { message: `Bad credentials: ${token}` }));
      const { client, logger } = harness();
      const credential: Credential = { origin: server.origin, header: 'Authorization', value: `Bearer ${token}` };

      const error = await rejection(client.request({ url: server.url('/user'), credential }));

      assert.equal(server.requests[0].headers.authorization, `Bearer ${token}`);
      assert.equal(error.kind, 'unauthorized');
      assert.equal(error.message, `GET ${server.url('/user')}: 401 Unauthorized`);
      assert.equal(error.body, '{"message":"Bad credentials: ***"}');
      const everything = [error.message, error.url, error.body, error.stack, ...logger.lines.map((l) => l.message)].join('\n');
      assert.ok(logger.lines.length > 0);
      assert.ok(!everything.includes(token));
    });

    it('redacts the secret from a parse error snippet', async () => {
      server.route('/echo', (_req, res) => sendText(res, 200, `token=${token} is not json`));
      const { client } = harness();
      const credential: Credential = { origin: server.origin, header: 'PRIVATE-TOKEN', value: token };

      const error = await rejection(client.request({ url: server.url('/echo'), credential }));

      assert.equal(error.kind, 'parse');
      assert.ok(!error.message.includes(token));
      assert.match(error.message, /\*\*\* is not json/);
    });

    it('redacts URL userinfo and secret query parameters in errors and logs', async () => {
      const { client, logger } = harness();
      const url = server.url('/missing?private_token=glpat-abcdef123456&page=2').replace('http://', 'http://deploy:hunter2pass@');

      const error = await rejection(client.request({ url }));

      assert.equal(error.kind, 'notFound');
      assert.equal(error.url, server.url('/missing?private_token=***&page=2').replace('http://', 'http://***@'));
      const everything = [error.message, error.url, ...logger.lines.map((l) => l.message)].join('\n');
      assert.ok(!everything.includes('hunter2pass'));
      assert.ok(!everything.includes('glpat-abcdef123456'));
    });

    it('refuses to send a credential to another origin, before anything is sent', async () => {
      const other = await TestServer.start();
      try {
        const { client } = harness();
        const credential: Credential = { origin: other.origin, header: 'Authorization', value: `Bearer ${token}` };
        const sameHostOtherName: Credential = { ...credential, origin: server.origin.replace('127.0.0.1', 'localhost') };

        const error = await rejection(client.request({ url: server.url('/user'), credential }));
        const error2 = await rejection(client.request({ url: server.url('/user'), credential: sameHostOtherName }));

        assert.equal(error.kind, 'refused');
        assert.equal(error.attempts, 0);
        assert.match(error.message, /refused to send the credential for http:\/\/127\.0\.0\.1:\d+ to another origin/);
        assert.equal(error2.kind, 'refused');
        assert.equal(server.requests.length, 0);
        assert.equal(other.requests.length, 0);
      } finally {
        await other.close();
      }
    });

    it('refuses invalid URLs, non-http schemes and header injection, before anything is sent', async () => {
      const { client } = harness();

      const invalid = await rejection(client.request({ url: 'not a url' }));
      const file = await rejection(client.request({ url: 'file:///etc/passwd' }));
      const badName = await rejection(client.request({ url: server.url('/x'), headers: { 'bad name': 'v' } }));
      const injected = await rejection(
        client.request({
          url: server.url('/x'),
          credential: { origin: server.origin, header: 'Authorization', value: `Bearer ${token}\r\nX-Evil: 1` },
        }),
      );

      assert.deepEqual([invalid.kind, file.kind, badName.kind, injected.kind], ['refused', 'refused', 'refused', 'refused']);
      assert.ok(!injected.message.includes(token));
      assert.equal(server.requests.length, 0);
    });

    it('follows a same-origin redirect with the credential and a cross-origin one without it', async () => {
      const other = await TestServer.start();
      try {
        other.route('/landing', json(200, { where: 'other' }));
        server.route('/old', empty(301, { location: '/new' }));
        server.route('/new', empty(302, { location: other.url('/landing') }));
        const { client } = harness();
        const credential: Credential = { origin: server.origin, header: 'Authorization', value: `Bearer ${token}` };

        const res = await client.request({ url: server.url('/old'), credential, headers: { Cookie: 'session=abc123' } });

        assert.deepEqual(res.data, { where: 'other' });
        assert.equal(res.url, other.url('/landing'));
        assert.deepEqual(
          server.requests.map((r) => [r.url, r.headers.authorization]),
          [
            ['/old', `Bearer ${token}`],
            ['/new', `Bearer ${token}`],
          ],
        );
        assert.equal(other.requests.length, 1);
        assert.equal(other.requests[0].headers.authorization, undefined);
        assert.equal(other.requests[0].headers.cookie, undefined);
      } finally {
        await other.close();
      }
    });

    it('turns a POST into a GET on a 303 and stops redirect loops', async () => {
      server.route('/submit', empty(303, { location: '/result' }));
      server.route('/result', (req, res, body) => sendJson(res, 200, { method: req.method, body }));
      server.route('/loop', empty(302, { location: '/loop' }));
      const { client } = harness();

      const res = await client.request<{ method: string; body: string }>({ method: 'POST', url: server.url('/submit'), body: { a: 1 } });
      const error = await rejection(client.request({ url: server.url('/loop') }));

      assert.deepEqual(res.data, { method: 'GET', body: '' });
      assert.equal(error.kind, 'http');
      assert.match(error.message, /more than 5 redirects/);
      assert.equal(server.requestsTo('/loop').length, 6);
    });
  });
});
