/**
 * Redaction that holds: local servers echo each credential back in every shape a server may write
 * it (as is, URL-encoded, form-encoded, JSON-escaped, with `\/`, HTML-escaped), in JSON, HTML and
 * plain-text bodies, 4xx/5xx error bodies, non-JSON bodies of JSON requests, response headers and
 * redirect Locations, with the secret placed at every excerpt boundary. No 8-character piece of any
 * secret may show in anything the client wrote or returned: log lines, error messages, error bodies,
 * returned data, returned headers and URLs.
 */
import assert from 'node:assert/strict';
import type { Logger } from '../../../src/core/logger';
import { HttpClient, HttpError } from '../../../src/http/client';
import { basicCredential, bearerCredential } from '../../../src/http/credentials';
import type { Credential, HttpRequest } from '../../../src/http/types';
import { json, TestServer, type Handler } from './testServer';

const USER = 'deploy-bot';
const PASSWORD = `Pa55/w0rd+"<&>'ü x\\q`;
const USER_PASSWORD = `${USER}:${PASSWORD}`;
const BASE64 = Buffer.from(USER_PASSWORD, 'utf8').toString('base64');
const BEARER_TOKEN = `tok3n/Abc+Def=Ghi&Jkl<Mno>"Pqr'Stu~é#Vw?Xy`;
const PRIVATE_TOKEN = 'glpat-Xy9\\z8/W7+v6=U5&T4_Rs';
// The client's cut lengths: the parse-error snippet and the error-body excerpt.
const CUTS = [100, 500];
// Any piece of a secret this long that shows counts as a leak.
const PIECE = 8;
const REDACTED = '***';

interface Kit {
  name: string;
  credential: (origin: string) => Credential;
  secrets: Array<[label: string, value: string]>;
}

const KITS: Kit[] = [
  {
    name: 'Basic',
    credential: (origin) => basicCredential(origin, USER, PASSWORD),
    secrets: [
      ['password alone', PASSWORD],
      ['user:password', USER_PASSWORD],
      ['base64', BASE64],
    ],
  },
  { name: 'Bearer', credential: (origin) => bearerCredential(origin, BEARER_TOKEN), secrets: [['token', BEARER_TOKEN]] },
  {
    name: 'PRIVATE-TOKEN',
    credential: (origin) => bearerCredential(origin, PRIVATE_TOKEN, 'PRIVATE-TOKEN'),
    secrets: [['token', PRIVATE_TOKEN]],
  },
];

const jsonEscaped = (s: string): string => JSON.stringify(s).slice(1, -1);

/** How servers write a secret they echo; written here independently of src/http/secretForms. */
const WRITINGS: Array<[label: string, write: (s: string) => string]> = [
  ['as is', (s) => s],
  ['encodeURIComponent', encodeURIComponent],
  ['form-encoded', (s) => encodeURIComponent(s).replace(/%20/g, '+')],
  ['JSON-escaped', jsonEscaped],
  ['JSON-escaped with \\/', (s) => jsonEscaped(s).replace(/\//g, '\\/')],
  [
    'HTML-escaped',
    (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
  ],
];

interface Written {
  label: string;
  text: string;
}

function writtenForms(kit: Kit): Written[] {
  const seen = new Map<string, Written>();
  for (const [secretLabel, secret] of kit.secrets) {
    for (const [writingLabel, write] of WRITINGS) {
      const text = write(secret);
      if (!seen.has(text)) {
        seen.set(text, { label: `${kit.name} ${secretLabel}, ${writingLabel}`, text });
      }
    }
  }
  return [...seen.values()];
}

// Every 8-character piece of every written form of every secret, except pieces of the user name,
// which is not a secret.
const FORBIDDEN = new Set<string>();
for (const kit of KITS) {
  for (const { text } of writtenForms(kit)) {
    for (let i = 0; i + PIECE <= text.length; i++) {
      const piece = text.slice(i, i + PIECE);
      if (!USER.includes(piece)) {
        FORBIDDEN.add(piece);
      }
    }
  }
}

/** The first piece of a secret in `text`, with some context, or undefined. */
function leak(text: string | undefined): string | undefined {
  if (!text) {
    return undefined;
  }
  for (let i = 0; i + PIECE <= text.length; i++) {
    if (FORBIDDEN.has(text.slice(i, i + PIECE))) {
      return `${JSON.stringify(text.slice(i, i + PIECE))} in ${JSON.stringify(text.slice(Math.max(0, i - 40), i + 48))}`;
    }
  }
  return undefined;
}

function assertNoLeak(what: string, ...texts: Array<string | undefined>): void {
  for (const text of texts) {
    const found = leak(text);
    assert.equal(found, undefined, `${what}: ${found}`);
  }
}

/** A logger that keeps every line. */
class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  trace(message: string): void {
    this.lines.push(message);
  }
  debug(message: string): void {
    this.lines.push(message);
  }
  info(message: string): void {
    this.lines.push(message);
  }
  warn(message: string): void {
    this.lines.push(message);
  }
  error(message: string | Error): void {
    this.lines.push(String(message));
  }
}

/** Where a written secret goes in a body: the positions around each cut, and the start. */
interface Placement {
  at: number;
  /** Also once at the start, so the one at `at` straddles the cut only once the first is masked. */
  twice: boolean;
}

function placements(length: number): Placement[] {
  const at = new Set<number>([0]);
  for (const cut of CUTS) {
    for (const p of [cut - length - 1, cut - length, cut - length + 1, cut - Math.ceil(length / 2), cut - 1, cut, cut + 1]) {
      if (p >= 0) {
        at.add(p);
      }
    }
  }
  const out: Placement[] = [...at].sort((a, b) => a - b).map((p) => ({ at: p, twice: false }));
  for (const cut of CUTS) {
    // After the first copy shrinks to the marker, this one starts half a secret before the cut.
    out.push({ at: cut - Math.ceil(length / 2) + length - REDACTED.length, twice: true });
  }
  return out;
}

interface BodyKind {
  name: string;
  status: number;
  contentType: string;
  prefix: string;
  suffix: string;
  /** How this server writes the secret text into its body. */
  encode: (text: string) => string;
  responseType: 'json' | 'text';
  retries?: number;
}

const HTML_PREFIX = '<!DOCTYPE html><html><head><title>Sign in</title></head><body><p>';
const HTML_SUFFIX = '</p></body></html>';

const asIs = (s: string): string => s;
const JSON_TYPE = 'application/json';

const BODY_KINDS: BodyKind[] = [
  { name: 'JSON body', status: 200, contentType: JSON_TYPE, prefix: '{"text":"', suffix: '"}', encode: jsonEscaped, responseType: 'json' },
  {
    name: 'JSON body with the secret written raw (valid JSON or not)',
    status: 200,
    contentType: JSON_TYPE,
    prefix: '{"text":"',
    suffix: '"}',
    encode: asIs,
    responseType: 'json',
  },
  {
    name: 'HTML body',
    status: 200,
    contentType: 'text/html',
    prefix: HTML_PREFIX,
    suffix: HTML_SUFFIX,
    encode: asIs,
    responseType: 'text',
  },
  { name: 'plain-text body', status: 200, contentType: 'text/plain', prefix: '', suffix: '', encode: asIs, responseType: 'text' },
  {
    name: 'HTML page answering a JSON request',
    status: 200,
    contentType: 'text/html',
    prefix: HTML_PREFIX,
    suffix: HTML_SUFFIX,
    encode: asIs,
    responseType: 'json',
  },
  {
    name: '401 JSON error',
    status: 401,
    contentType: JSON_TYPE,
    prefix: '{"message":"',
    suffix: '"}',
    encode: jsonEscaped,
    responseType: 'json',
  },
  {
    name: '403 plain-text error',
    status: 403,
    contentType: 'text/plain',
    prefix: 'Forbidden: ',
    suffix: '',
    encode: asIs,
    responseType: 'json',
  },
  {
    name: '404 HTML error',
    status: 404,
    contentType: 'text/html',
    prefix: HTML_PREFIX,
    suffix: HTML_SUFFIX,
    encode: asIs,
    responseType: 'text',
  },
  {
    name: '422 JSON error with the secret written raw',
    status: 422,
    contentType: JSON_TYPE,
    prefix: '{"message":"',
    suffix: '"}',
    encode: asIs,
    responseType: 'json',
  },
  {
    name: '500 plain-text error, retried',
    status: 500,
    contentType: 'text/plain',
    prefix: 'panic: ',
    suffix: '',
    encode: asIs,
    responseType: 'json',
    retries: 1,
  },
  {
    name: '503 JSON error, retried',
    status: 503,
    contentType: JSON_TYPE,
    prefix: '{"error":"',
    suffix: '"}',
    encode: jsonEscaped,
    responseType: 'text',
    retries: 1,
  },
];

const BODY_LENGTH = 700;

/** The body with `inserted` at `at` (and at the very start when `twice`), padded to a fixed length. */
function bodyWith(kind: BodyKind, inserted: string, placement: Placement): string {
  let content = placement.twice ? inserted : '';
  const at = Math.max(placement.at, kind.prefix.length + content.length);
  content += 'x'.repeat(at - kind.prefix.length - content.length) + inserted;
  const body = `${kind.prefix}${content}`;
  return `${body}${'y'.repeat(Math.max(0, BODY_LENGTH - body.length - kind.suffix.length))}${kind.suffix}`;
}

/** Dispatches `/echo?case=N` (and friends) to per-case handlers registered by each test. */
class EchoServer {
  private readonly cases: Handler[] = [];

  constructor(
    readonly server: TestServer,
    paths: string[],
  ) {
    for (const path of paths) {
      server.route(path, (req, res, body) => {
        const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('case'));
        const handler = this.cases[n];
        if (!handler) {
          res.writeHead(400);
          res.end();
          return;
        }
        return handler(req, res, body);
      });
    }
  }

  add(handler: Handler): number {
    this.cases.push(handler);
    return this.cases.length - 1;
  }
}

interface Outcome {
  label: string;
  outputs: Array<string | undefined>;
  data?: unknown;
  error?: HttpError;
}

async function outcome(client: HttpClient, label: string, req: HttpRequest): Promise<Outcome> {
  try {
    const res = await client.request(req);
    const data = typeof res.data === 'string' ? res.data : JSON.stringify(res.data);
    return { label, data: res.data, outputs: [data, JSON.stringify(res.headers), res.url] };
  } catch (error) {
    assert.ok(error instanceof HttpError, `${label}: expected an HttpError, got ${String(error)}`);
    return { label, error, outputs: [error.message, error.body, error.url, error.stack] };
  }
}

function harness(): { client: HttpClient; logger: RecordingLogger } {
  const logger = new RecordingLogger();
  const client = new HttpClient({ logger, sleep: async () => undefined });
  return { client, logger };
}

describe('HttpClient redaction that holds', () => {
  let server: TestServer;
  let other: TestServer;

  beforeEach(async () => {
    server = await TestServer.start();
    other = await TestServer.start();
  });

  afterEach(async () => {
    await server.close();
    await other.close();
  });

  for (const kit of KITS) {
    describe(`${kit.name} credential`, () => {
      for (const kind of BODY_KINDS) {
        it(`never shows the secret echoed in a ${kind.name}, at any excerpt boundary`, async () => {
          const echo = new EchoServer(server, ['/echo']);
          const { client, logger } = harness();
          const credential = kit.credential(server.origin);
          const cases: Array<Promise<Outcome & { placement: Placement; inserted: string }>> = [];
          for (const written of writtenForms(kit)) {
            const inserted = kind.encode(written.text);
            for (const placement of placements(inserted.length)) {
              const body = bodyWith(kind, inserted, placement);
              const n = echo.add((_req, res) => {
                res.writeHead(kind.status, { 'content-type': kind.contentType, 'content-length': Buffer.byteLength(body) });
                res.end(body);
              });
              const label = `${written.label} at ${placement.at}${placement.twice ? ' (and at the start)' : ''}`;
              cases.push(
                outcome(client, label, {
                  url: server.url(`/echo?case=${n}`),
                  credential,
                  responseType: kind.responseType,
                  maxRetries: kind.retries ?? 0,
                }).then((o) => ({ ...o, placement, inserted })),
              );
            }
          }
          const outcomes = await Promise.all(cases);

          assert.equal(server.requests[0].headers[kit.credential(server.origin).header.toLowerCase()], credential.value);
          for (const o of outcomes) {
            assertNoLeak(o.label, ...o.outputs);
            const at = o.placement.at;
            if (kind.status >= 400) {
              assert.ok(o.error, `${o.label}: expected an error`);
              assert.equal(o.error.status, kind.status, o.label);
              if (!o.placement.twice && at + REDACTED.length <= 500) {
                assert.ok(o.error.body?.includes(REDACTED), `${o.label}: the excerpt shows where the secret was: ${o.error.body}`);
              }
            } else if (o.error) {
              assert.equal(o.error.kind, 'parse', `${o.label}: ${o.error.message}`);
              assert.notEqual(kind.encode, jsonEscaped, `${o.label}: a well-formed JSON body must parse`);
              if (!o.placement.twice && at + REDACTED.length <= 100) {
                assert.ok(o.error.message.includes(REDACTED), `${o.label}: ${o.error.message}`);
              }
            } else {
              assert.ok(o.outputs[0]?.includes(REDACTED), `${o.label}: the data shows where the secret was`);
            }
          }
          assert.ok(logger.lines.length >= outcomes.length);
          assertNoLeak('log', ...logger.lines);
        });
      }

      it('never shows the secret echoed in response headers, on success and on error', async () => {
        const echo = new EchoServer(server, ['/headers']);
        const { client, logger } = harness();
        const credential = kit.credential(server.origin);
        const cases: Array<Promise<Outcome>> = [];
        for (const written of writtenForms(kit)) {
          const headers = {
            'x-echo': written.text,
            'www-authenticate': `Bearer realm="api", error="invalid_token", error_description="bad token ${written.text}"`,
            link: `<${server.url('/next')}?cursor=${written.text}>; rel="next"`,
            'set-cookie': `session=${written.text}; HttpOnly`,
          };
          for (const status of [200, 401]) {
            const n = echo.add(json(status, { ok: status === 200 }, headers));
            cases.push(outcome(client, `${written.label}, ${status}`, { url: server.url(`/headers?case=${n}`), credential }));
          }
        }
        const outcomes = await Promise.all(cases);

        for (const o of outcomes) {
          assertNoLeak(o.label, ...o.outputs);
        }
        const returned = outcomes.filter((o) => !o.error);
        assert.equal(returned.length, outcomes.length / 2);
        for (const o of returned) {
          assert.ok(o.outputs[1]?.includes(`"x-echo":"${REDACTED}"`), `${o.label}: ${o.outputs[1]}`);
        }
        assertNoLeak('log', ...logger.lines);
      });

      it('never shows the secret a redirect Location carries, followed or not, same origin or not', async () => {
        const echo = new EchoServer(server, ['/redirect', '/loop']);
        other.route('/landing', json(200, { landed: true }));
        server.route('/landing', json(200, { landed: true }));
        const { client, logger } = harness();
        const credential = kit.credential(server.origin);
        const cases: Array<Promise<Outcome>> = [];
        for (const written of writtenForms(kit)) {
          const redirects: Array<[string, number, string]> = [
            ['followed, in the query', 302, `/landing?echo=${written.text}`],
            ['followed, in the path', 302, `/landing/${written.text}`],
            ['followed, to another origin', 307, `${other.origin}/landing?echo=${written.text}`],
            ['not followed (300)', 300, `/landing?echo=${written.text}`],
          ];
          for (const [how, status, location] of redirects) {
            const n = echo.add((_req, res) => {
              res.writeHead(status, { location });
              res.end();
            });
            cases.push(outcome(client, `${written.label}, ${how}`, { url: server.url(`/redirect?case=${n}`), credential }));
          }
          const loop = echo.add((req, res) => {
            res.writeHead(302, { location: `${req.url ?? ''}&echo=${written.text}` });
            res.end();
          });
          cases.push(outcome(client, `${written.label}, in a redirect loop`, { url: server.url(`/loop?case=${loop}`), credential }));
        }
        const outcomes = await Promise.all(cases);

        for (const o of outcomes) {
          assertNoLeak(o.label, ...o.outputs);
        }
        assert.ok(outcomes.some((o) => (o.data as { landed?: boolean } | undefined)?.landed === true));
        assert.ok(outcomes.some((o) => o.error?.message.includes('more than 5 redirects')));
        assert.ok(logger.lines.some((line) => line.includes('redirected to')));
        assertNoLeak('log', ...logger.lines);
        const carried = other.requests.filter((r) => r.headers.authorization !== undefined || r.headers['private-token'] !== undefined);
        assert.equal(carried.length, 0, 'the credential never followed a redirect to another origin');
      });

      it('never shows a secret the request URL itself carries', async () => {
        const { client, logger } = harness();
        const credential = kit.credential(server.origin);
        const cases: Array<Promise<Outcome>> = [];
        for (const [label, secret] of kit.secrets) {
          cases.push(outcome(client, `${label} in the query`, { url: server.url('/missing'), query: { q: secret }, credential }));
          cases.push(outcome(client, `${label} in the path`, { url: server.url(`/missing/${encodeURIComponent(secret)}`), credential }));
          cases.push(outcome(client, `${label} raw in the URL`, { url: server.url(`/missing?q=${secret}`), credential }));
        }
        const outcomes = await Promise.all(cases);

        for (const o of outcomes) {
          assert.equal(o.error?.kind, 'notFound', o.label);
          assertNoLeak(o.label, ...o.outputs);
        }
        assertNoLeak('log', ...logger.lines);
      });
    });
  }

  it('masks a short password only where it stands alone, and never the user name', async () => {
    server.route('/me', json(200, { user: 'ops', password: 'a1', note: 'data1 a1b ba1', login: 'ops:a1' }));
    const { client } = harness();

    const res = await client.request({ url: server.url('/me'), credential: basicCredential(server.origin, 'ops', 'a1') });

    assert.deepEqual(res.data, { user: 'ops', password: REDACTED, note: 'data1 a1b ba1', login: REDACTED });
  });

  it('serves a cached 304 redacted too, headers included', async () => {
    let calls = 0;
    server.route('/cached', (req, res) => {
      calls++;
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"', 'x-echo': PRIVATE_TOKEN });
        res.end();
        return;
      }
      const body = JSON.stringify({ token: PRIVATE_TOKEN });
      res.writeHead(200, { 'content-type': 'application/json', etag: '"v1"', 'x-echo': PRIVATE_TOKEN });
      res.end(body);
    });
    const { client } = harness();
    const credential = bearerCredential(server.origin, PRIVATE_TOKEN, 'PRIVATE-TOKEN');

    const first = await client.request({ url: server.url('/cached'), credential });
    const second = await client.request({ url: server.url('/cached'), credential });

    assert.equal(calls, 2);
    assert.equal(second.notModified, true);
    for (const res of [first, second]) {
      assert.deepEqual(res.data, { token: REDACTED });
      assert.equal(res.headers['x-echo'], REDACTED);
    }
  });
});
