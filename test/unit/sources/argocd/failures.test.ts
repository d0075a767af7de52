/**
 * Failures as a user meets them: Argo CD's 401, 403, 5xx, a malformed or undocumented answer and a
 * dead server become the one SourceError with a clear sentence; the last data stays in the hub,
 * marked by the source's health; the token never appears in an error and never goes elsewhere.
 */
import assert from 'node:assert/strict';
import { SignalHub } from '../../../../src/core/hub';
import { silentLogger } from '../../../../src/core/logger';
import { Refresher } from '../../../../src/core/refresher';
import { SourceError } from '../../../../src/core/sourceError';
import { bearerCredential } from '../../../../src/http/credentials';
import { ArgoCdSource, parseArgoCdInstance } from '../../../../src/sources/argocd';
import { runtimeError } from '../../../fixtures/argocd/argoServer';
import { argoApp, shaOf } from '../../../fixtures/argocd/synthetic';
import { REPO_HTTPS, signal, startArgo, TOKEN, WORKSPACE_IDENTITY, type ArgoFixture } from './helpers';

describe('argocd failures (clear SourceErrors, last data kept)', () => {
  let f: ArgoFixture;
  beforeEach(async () => {
    f = await startArgo();
    f.server.setApp(
      argoApp({ name: 'shop', repoURL: REPO_HTTPS, history: [{ id: 0, revision: shaOf(9), deployedAt: '2026-02-01T10:00:00Z' }] }),
    );
  });
  afterEach(async () => {
    await f.server.close();
  });

  async function failure(): Promise<SourceError> {
    const error = await f.source.refresh(signal()).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof SourceError, String(error));
    assert.equal(error.service, 'Argo CD');
    assert.doesNotMatch(error.message, new RegExp(TOKEN));
    return error;
  }

  it("401: sign in again, in Argo CD's words", async () => {
    f.server.token = 'rotated';
    const error = await failure();
    assert.equal(error.kind, 'auth');
    assert.match(
      error.message,
      /^Could not list the applications on 127\.0\.0\.1:\d+: Argo CD did not accept the credentials \(401\): Argo CD says "no session information"\. Sign in to Argo CD again\.$/,
    );
  });

  it('403: a missing permission', async () => {
    f.server.replyOnce('GET /api/v1/applications', runtimeError(403, 'permission denied: applications, get, default/shop'));
    const error = await failure();
    assert.equal(error.kind, 'forbidden');
    assert.match(error.message, /Argo CD refused \(403\): Argo CD says "permission denied: applications, get, default\/shop"/);
  });

  it('5xx: a server error, tried again later', async () => {
    f.server.replyOnce('GET /api/v1/applications', runtimeError(503, 'upstream connect error'));
    const error = await failure();
    assert.equal(error.kind, 'server');
    assert.match(error.message, /server error \(503\)/);
  });

  it('malformed JSON and an answer that is not an ApplicationList are bad responses', async () => {
    f.server.replyOnce('GET /api/v1/applications', { status: 200, rawBody: '{"items": [{"metadata": ' });
    assert.equal((await failure()).kind, 'badResponse');
    f.server.replyOnce('GET /api/v1/applications', { status: 200, body: { items: 'none' } });
    const error = await failure();
    assert.equal(error.kind, 'badResponse');
    assert.match(error.message, /did not answer a list of items/);
  });

  it("keeps the last signals in the hub, with the error as the source's health", async () => {
    const hub = new SignalHub();
    const refresher = new Refresher(hub, silentLogger);
    assert.equal((await refresher.refresh(f.source, signal())).ok, true);
    const before = hub.query({ source: f.source.id }).length;
    assert.equal(before, 2);
    f.server.replyOnce('GET /api/v1/applications', runtimeError(500, 'etcd is down'));
    const outcome = await refresher.refresh(f.source, signal());
    assert.equal(outcome.ok, false);
    assert.match(outcome.error ?? '', /server error \(500\)/);
    assert.equal(hub.query({ source: f.source.id }).length, before);
    assert.equal(hub.getHealth(f.source.id)?.status, 'error');
  });

  it('a revision whose metadata fails costs only that detail', async () => {
    f.server.replyOnce('GET /api/v1/applications/{name}/revisions/{revision}/metadata', runtimeError(500, 'repo server down'));
    const signals = await f.source.refresh(signal());
    assert.equal(signals.length, 2);
    assert.equal(signals[0].detail?.commit, undefined);
  });

  it('never sends the token to another origin than the one it was stored for', async () => {
    const instance = parseArgoCdInstance({ url: f.server.url })!;
    const stray = new ArgoCdSource({
      http: f.http,
      instance,
      credential: bearerCredential('https://argocd.example.com', TOKEN),
      workspaceIdentities: () => new Set([WORKSPACE_IDENTITY]),
    });
    const error = await stray.refresh(signal()).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof SourceError);
    assert.equal(error.kind, 'refused');
    assert.equal(f.server.requests.length, 0);
  });
});
