/** HttpClient.stream: lines handed on whole and redacted, the credential kept to its origin, redirects not followed, failures classified. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient, HttpError } from '../../../src/http/client';
import { bearerCredential } from '../../../src/http/credentials';

const SECRET = 'stream-secret-0123456789';

describe('HttpClient.stream', () => {
  let server: Server;
  let url: string;
  const seen: (string | undefined)[] = [];
  beforeEach(async () => {
    seen.length = 0;
    server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      if (req.url === '/redirect') {
        res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' });
        return res.end();
      }
      if (req.url === '/denied') {
        res.writeHead(401, { 'content-type': 'application/json' });
        return res.end('{"message":"no session information"}');
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\nda');
      setTimeout(() => {
        res.write(`ta: echo ${SECRET.slice(0, 10)}`);
        setTimeout(() => res.end(`${SECRET.slice(10)}\n\n`), 20);
      }, 20);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  });

  it('hands on complete lines, with a secret split across chunks redacted', async () => {
    const http = new HttpClient();
    const parts: string[] = [];
    await http.stream({
      url: `${url}/events`,
      credential: bearerCredential(url, SECRET),
      signal: new AbortController().signal,
      onText: (t) => parts.push(t),
    });
    assert.equal(seen[0], `Bearer ${SECRET}`);
    assert.ok(parts.every((p) => p.endsWith('\n')));
    const text = parts.join('');
    assert.ok(text.startsWith('data: one\n\ndata: echo '));
    assert.ok(!text.includes(SECRET));
  });

  it('refuses a credential for another origin, does not follow a redirect, classifies a 401', async () => {
    const http = new HttpClient();
    const signal = new AbortController().signal;
    await assert.rejects(
      http.stream({
        url: `${url}/events`,
        credential: bearerCredential('https://elsewhere.example', SECRET),
        signal,
        onText: () => undefined,
      }),
      (e: unknown) => e instanceof HttpError && e.kind === 'refused',
    );
    assert.equal(seen.length, 0);
    await assert.rejects(
      http.stream({ url: `${url}/redirect`, signal, onText: () => undefined }),
      (e: unknown) => e instanceof HttpError && e.kind === 'http' && e.status === 302,
    );
    await assert.rejects(
      http.stream({ url: `${url}/denied`, signal, onText: () => undefined }),
      (e: unknown) => e instanceof HttpError && e.kind === 'unauthorized' && /no session information/.test(e.body ?? ''),
    );
  });
});
