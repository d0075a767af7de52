/**
 * Failures as a user meets them: every phase source turns GitLab's 401, 403, 404, 429 (with
 * Retry-After), 5xx and malformed answers into the one SourceError with a clear sentence, and
 * hostile content into bounded data; nothing crashes, and a throttled source says when to try again.
 */
import assert from 'node:assert/strict';
import type { Source } from '../../../../src/core/source';
import { SourceError } from '../../../../src/core/sourceError';
import { DocServer } from '../../../fixtures/gitlab/docServer';
import { iteration, mergeRequest, mergeRequestDetail } from './data';
import { signal, startFixture, type Fixture } from './helpers';

describe('gitlab failures (clear SourceErrors, never a crash)', () => {
  let f: Fixture;

  beforeEach(async () => {
    f = await startFixture();
    f.server.setData('GET /projects/:id/iterations', [iteration({ id: 90 })]);
  });
  afterEach(async () => {
    assert.deepEqual(f.server.violations, [], 'every request is one GitLab documents');
    await f.server.close();
  });

  const phases = ['plan', 'code', 'build', 'deploy'] as const;
  const source = (phase: (typeof phases)[number]): Source => f.sources[phase];
  // A 403/404 on iterations means "this tier has none" to the Plan source: its failures are tested on the issues.
  const target = (phase: (typeof phases)[number]): string => (phase === 'plan' ? 'GET /projects/:id/issues' : '*');

  async function failure(phase: (typeof phases)[number]): Promise<SourceError> {
    const error = await source(phase)
      .refresh(signal())
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(error instanceof SourceError, `${phase}: ${String(error)}`);
    assert.equal(error.service, 'GitLab');
    return error;
  }

  for (const phase of phases) {
    describe(phase, () => {
      it('401: sign in again', async () => {
        f.server.token = 'another-token';
        const error = await failure(phase);
        assert.equal(error.kind, 'auth');
        assert.equal(error.status, 401);
        assert.match(
          error.message,
          /^Could not .+ of my-group\/my-project: GitLab did not accept the credentials \(401\): GitLab says "401 Unauthorized"\. Sign in to GitLab again\.$/,
        );
      });

      it("403: a missing permission, in GitLab's words", async () => {
        f.server.replyOnce(target(phase), DocServer.error(403, '403 Forbidden - Your account has been blocked.'));
        const error = await failure(phase);
        assert.equal(error.kind, 'forbidden');
        assert.match(error.message, /GitLab refused \(403\): GitLab says "403 Forbidden - Your account has been blocked\."/);
      });

      it('404: the project or the access is missing', async () => {
        f.server.replyOnce(target(phase), DocServer.error(404, '404 Project Not Found'));
        const error = await failure(phase);
        assert.equal(error.kind, 'notFound');
        assert.match(error.message, /my-group\/my-project not found or no access \(sign in\?\): GitLab says "404 Project Not Found"/);
      });

      it('429 with Retry-After: rate limited until then, and the poll hints say so', async () => {
        const before = Date.now();
        f.server.replyOnce('*', DocServer.throttled(120));
        const error = await failure(phase);
        assert.equal(error.kind, 'rateLimited');
        assert.equal(error.serviceMessage, 'Retry later');
        assert.match(
          error.message,
          /GitLab rate limit reached; waiting until \d\d:\d\d:\d\d UTC \(in 2 min\): GitLab says "Retry later"\./,
        );
        const notBefore = source(phase).pollHints?.().notBefore ?? 0;
        // RateLimit-Reset is whole seconds: the reset it names may come up to a second before now + Retry-After.
        assert.ok(notBefore >= before + 119_000 && notBefore <= Date.now() + 120_000, 'not before Retry-After');
      });

      it('5xx: a server error, tried again later', async () => {
        f.server.replyOnce('*', {
          status: 503,
          rawBody: '<html><body>503 Service Temporarily Unavailable</body></html>',
          headers: { 'content-type': 'text/html' },
        });
        const error = await failure(phase);
        assert.equal(error.kind, 'server');
        assert.match(error.message, /GitLab had a server error \(503\); try again later\.$/);
        assert.match(error.hint ?? '', /tried again later/);
      });

      it('malformed JSON: a bad response, not a crash', async () => {
        f.server.replyOnce('*', DocServer.malformed());
        const error = await failure(phase);
        assert.equal(error.kind, 'badResponse');
        assert.match(error.message, /response is not valid JSON/);
      });
    });
  }

  it('sits out a short Retry-After and a passing 5xx itself, then succeeds', async () => {
    await f.server.close();
    f = await startFixture({ clientOptions: { maxRetries: 2 } });
    f.server.setData('GET /projects/:id/environments', []);
    f.server.replyOnce('GET /projects/:id/environments', DocServer.throttled(5));
    f.server.replyOnce('GET /projects/:id/environments', DocServer.error(500, '500 Internal Server Error'));
    assert.deepEqual(await f.sources.deploy.refresh(signal()), []);
    assert.equal(f.waits[0], 5000, 'waited exactly what Retry-After asked');
    assert.equal(f.waits.length, 2);
  });

  it('a spent quota (RateLimit-Remaining: 0) holds polling until the reset', async () => {
    f.server.rateRemaining = 1;
    f.server.setData('GET /projects/:id/environments', []);
    await f.sources.deploy.refresh(signal());
    assert.equal(f.sources.deploy.pollHints().notBefore, f.server.rateReset * 1000);
    assert.equal(f.sources.plan.pollHints().notBefore, f.server.rateReset * 1000, 'the quota is one per user: shared by the phases');
  });

  it('hostile titles stay bounded data: HTML, command links, control characters, 10k characters', async () => {
    const titles = [
      '<script>alert(1)</script><img src=x onerror=alert(2)>',
      '[Open terminal](command:workbench.action.terminal.new) and [x](command:_workbench.downloadResource?%5B%22file%3A%2F%2F%2Fetc%2Fpasswd%22%5D)',
      'line\u0000one\u001b[31m\u0007\r\nline two\u2028three',
      'W'.repeat(10_000),
    ];
    f.server.setData(
      'GET /projects/:id/merge_requests',
      titles.map((title, i) => mergeRequest(i + 1, { title, description: `${title}\n`.repeat(10) })),
    );
    f.server.on('GET /projects/:id/merge_requests/:merge_request_iid', (req) => ({
      status: 200,
      body: mergeRequestDetail(Number(req.pathParams.merge_request_iid), { title: titles[Number(req.pathParams.merge_request_iid) - 1] }),
    }));
    const signals = await f.sources.code.refresh(signal());
    assert.equal(signals.length, 4);
    const byIid = new Map(signals.map((s) => [s.detail?.iid, s.title]));
    assert.equal(byIid.get(1), titles[0], "kept as data: escaping is the renderer's job");
    assert.equal(byIid.get(2), titles[1]);
    assert.equal(byIid.get(3), 'line one [31m line two three');
    assert.equal(byIid.get(4)?.length, 1024);
    assert.ok(byIid.get(4)?.endsWith('…'));
    for (const s of signals) assert.doesNotMatch(s.title, /[\u0000-\u001f\u2028]/);
  });

  it('a cancelled refresh is a cancelled SourceError', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await f.sources.build.refresh(controller.signal).catch((e: unknown) => e);
    assert.ok(error instanceof SourceError);
    assert.equal(error.kind, 'cancelled');
  });
});
