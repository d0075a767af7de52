/**
 * A real `node:http` server on 127.0.0.1 (port 0) for HTTP client tests. Each route answers with
 * a list of handlers used in turn (the last one repeats), so a test can script "503, 503, 200".
 * It records every request (headers, body, the status it answered) and the most requests it had
 * in flight at once.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status this server answered (set once the response is sent). */
  status?: number;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

export class TestServer {
  readonly requests: RecordedRequest[] = [];
  /** Most requests being handled at the same moment. */
  maxInFlight = 0;
  private inFlight = 0;
  private readonly routes = new Map<string, { handlers: Handler[]; used: number }>();
  private readonly waiters: Array<() => void> = [];

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<TestServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const testServer = new TestServer(server, `http://127.0.0.1:${port}`);
    server.on('request', (req, res) => void testServer.handle(req, res));
    return testServer;
  }

  /** Full URL of a path on this server. */
  url(path: string): string {
    return `${this.origin}${path}`;
  }

  /** Scripts a path (matched without the query): the n-th request gets the n-th handler, the last repeats. */
  route(path: string, ...handlers: Handler[]): this {
    this.routes.set(path, { handlers, used: 0 });
    return this;
  }

  /** Requests whose path (without query) is `path`. */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.url.split('?')[0] === path);
  }

  /** Resolves once at least `count` requests have arrived. */
  async waitForRequests(count: number): Promise<void> {
    while (this.requests.length < count) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.requests.push(recorded);
    this.waiters.splice(0).forEach((wake) => wake());

    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let counted = true;
    const done = (): void => {
      if (counted) {
        counted = false;
        this.inFlight--;
      }
    };
    // Counted out before the last byte leaves, so the count can never run ahead of the client's.
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      done();
      recorded.status = res.statusCode;
      return end(...args);
    }) as ServerResponse['end'];
    res.on('close', done);
    res.on('error', () => undefined);

    const route = this.routes.get(recorded.url.split('?')[0]);
    if (!route) {
      sendJson(res, 404, { message: 'Not Found' });
      return;
    }
    const handler = route.handlers[Math.min(route.used, route.handlers.length - 1)];
    route.used++;
    try {
      await handler(req, res, recorded.body);
    } catch (error) {
      if (!res.headersSent) {
        sendJson(res, 500, { message: `test handler failed: ${String(error)}` });
      }
    }
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A JSON handler: `json(200, {...}, {etag: '"v1"'})`. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_req, res) => sendJson(res, status, body, headers);
}

/** An empty-bodied answer: 204, 304, redirects. */
export function empty(status: number, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, headers);
    res.end();
  };
}

/** Resolves after `ms`, or as soon as the client goes away (so no timer outlives the test). */
export function delay(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(finish, ms);
    function finish(): void {
      clearTimeout(timer);
      res.off('close', finish);
      resolve();
    }
    res.on('close', finish);
  });
}

/** Answers after `ms` (unless the client hung up first). */
export function slow(ms: number, handler: Handler): Handler {
  return async (req, res, body) => {
    await delay(ms, res);
    if (!res.destroyed) {
      await handler(req, res, body);
    }
  };
}
