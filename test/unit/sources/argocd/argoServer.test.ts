/**
 * The test server itself: it serves only what Argo CD's Swagger description documents, and refuses
 * test data and requests shaped otherwise, so the source's tests mean something.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { argoShapeProblems, ArgoServer, loadArgoExtract } from '../../../fixtures/argocd/argoServer';
import { argoApp, shaOf } from '../../../fixtures/argocd/synthetic';
import { REPO_HTTPS, TOKEN } from './helpers';

function call(server: ArgoServer, method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; text: string }>((ok, fail) => {
    const req = request(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

describe('argocd test server (answers only as the Swagger description documents)', () => {
  let server: ArgoServer;
  beforeEach(async () => {
    server = await ArgoServer.start({ token: TOKEN });
  });
  afterEach(async () => {
    await server.close();
  });

  it('records where the extract comes from, and keeps only the operations the source calls', () => {
    const extract = loadArgoExtract();
    assert.equal(extract.source.repository, 'argoproj/argo-cd');
    assert.equal(extract.source.path, 'assets/swagger.json');
    assert.match(extract.source.commit, /^[0-9a-f]{40}$/);
    assert.equal(extract.source.version, '3.6.0');
    assert.deepEqual(
      extract.operations.map((o) => o.key),
      [
        'GET /api/v1/applications',
        'GET /api/v1/applications/{name}',
        'GET /api/v1/applications/{name}/revisions/{revision}/metadata',
        'POST /api/v1/applications/{name}/sync',
        'POST /api/v1/applications/{name}/rollback',
        'GET /api/v1/stream/applications',
      ],
    );
  });

  it('refuses test data with a field Argo CD does not document', () => {
    const app = argoApp({ name: 'shop', repoURL: REPO_HTTPS });
    (app.status as Record<string, unknown>).flavour = 'extra';
    assert.throws(() => server.setApp(app), /status\.flavour is not a property the description documents/);
    assert.deepEqual(argoShapeProblems(argoApp({ name: 'ok', repoURL: REPO_HTTPS }), 'v1alpha1Application'), []);
  });

  it('answers 404 to an undocumented path, 400 to an undocumented parameter or body field', async () => {
    assert.equal((await call(server, 'GET', '/api/v1/applications/shop/resource-tree')).status, 404);
    assert.equal((await call(server, 'GET', '/api/v1/applications?colour=red')).status, 400);
    assert.equal((await call(server, 'POST', '/api/v1/applications/shop/sync', JSON.stringify({ force: true }))).status, 400);
    assert.equal(server.violations.length, 3);
    assert.match(server.violations.join('\n'), /resource-tree is not an operation/);
    assert.match(server.violations.join('\n'), /colour is not a query parameter/);
    assert.match(server.violations.join('\n'), /\$\.force is not a property the description documents/);
  });

  it('wants a Bearer token, and answers 401 with the documented runtimeError body without it', async () => {
    server.setApp(
      argoApp({ name: 'shop', repoURL: REPO_HTTPS, history: [{ id: 0, revision: shaOf(1), deployedAt: '2026-02-01T10:00:00Z' }] }),
    );
    const denied = await call(server, 'GET', '/api/v1/applications', undefined, { authorization: 'Bearer wrong' });
    assert.equal(denied.status, 401);
    assert.deepEqual(argoShapeProblems(JSON.parse(denied.text), 'runtimeError'), []);
    const ok = await call(server, 'GET', '/api/v1/applications');
    assert.equal(ok.status, 200);
    assert.equal((JSON.parse(ok.text) as { items: unknown[] }).items.length, 1);
  });

  it('streams application events as server-sent events of result envelopes', async () => {
    server.setApp(argoApp({ name: 'shop', repoURL: REPO_HTTPS }));
    const text = await new Promise<string>((ok, fail) => {
      const req = request(
        `${server.url}/api/v1/stream/applications`,
        { headers: { authorization: `Bearer ${TOKEN}`, accept: 'text/event-stream' } },
        (res) => {
          assert.equal(res.headers['content-type'], 'text/event-stream');
          let got = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            got += c;
            if (got.includes('MODIFIED')) {
              req.destroy();
              ok(got);
            } else server.emit('MODIFIED', server.apps[0]);
          });
        },
      );
      req.on('error', fail);
      req.end();
    });
    const events = text.split('\n\n').filter(Boolean);
    assert.equal(events.length, 2);
    for (const e of events) assert.match(e, /^data: \{"result":\{"type":"(ADDED|MODIFIED)","application":\{/);
  });
});
