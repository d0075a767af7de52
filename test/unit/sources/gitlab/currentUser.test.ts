/**
 * "Me" from GitLab: when the VS Code layer injects no user, the phase sources of a project ask
 * `GET /user` (doc/api/users.md, "Get the current user") once per credential, share the answer,
 * sort what is mine by it, and read a failure as "me unknown" (a warning, no "mine" sections),
 * never as a failed refresh. Against the documented test server, which refuses what the page does
 * not list.
 */
import assert from 'node:assert/strict';
import type { Logger } from '../../../../src/core/logger';
import type { Signal } from '../../../../src/core/signal';
import { SourceError } from '../../../../src/core/sourceError';
import type { HttpClientLike } from '../../../../src/http/types';
import {
  createGitLabSources,
  gitlabCredential,
  GitLabApi,
  GitLabUserCache,
  mapCurrentUser,
  type GitLabSources,
  type GitLabSourcesOptions,
} from '../../../../src/sources/gitlab';
import type { GlUser } from '../../../../src/sources/gitlab/types';
import { DocServer, exampleOf, findOperation, loadExtract } from '../../../fixtures/gitlab/docServer';
import { issue, iteration, mergeRequest, user } from './data';
import { failureOf, signal, startFixture, TOKEN, type Fixture } from './helpers';

const ALICE = user('alice', 7);

class RecordingLogger implements Logger {
  readonly warnings: string[] = [];
  trace(): void {}
  debug(): void {}
  info(): void {}
  warn(message: string): void {
    this.warnings.push(message);
  }
  error(): void {}
}

/** GitLab's documented answer to `GET /user`, for another user (documented fields, values varied). */
function currentUserAnswer(over: Partial<GlUser> = {}): Record<string, unknown> {
  return { ...exampleOf<Record<string, unknown>>('GET /user'), id: 7, username: 'alice', name: 'Alice Example', ...over };
}

describe('gitlab/currentUser (GET /user, asked once per credential)', () => {
  let f: Fixture;
  let logger: RecordingLogger;

  beforeEach(async () => {
    logger = new RecordingLogger();
    // The fixture's own sources have the user injected; these tests build theirs without it.
    f = await startFixture();
    f.server.setData('GET /user', currentUserAnswer());
  });
  afterEach(async () => {
    assert.deepEqual(f.server.violations, [], 'every request is one GitLab documents');
    await f.server.close();
  });

  const credential = () => gitlabCredential(f.project, TOKEN);

  /** The four phase sources of the fixture's project with no injected user. */
  function sources(options: Partial<GitLabSourcesOptions> = {}): GitLabSources {
    return createGitLabSources({
      http: f.http,
      project: f.project,
      credential: credential(),
      logger,
      headBranch: () => 'feature/login',
      defaultBranch: () => 'main',
      now: () => Date.UTC(2024, 5, 15),
      detailLimit: 0,
      ...options,
    });
  }

  const userRequests = () => f.server.requests.filter((r) => r.operation === 'GET /user');
  const categories = (signals: Signal[]) => new Map(signals.map((s) => [s.detail?.iid, s.detail?.categories]));

  function serveMergeRequests(): void {
    f.server.setData('GET /projects/:id/merge_requests', [
      mergeRequest(1, { reviewers: [ALICE] }),
      mergeRequest(2, { assignees: [ALICE], assignee: ALICE }),
      mergeRequest(3, { author: ALICE }),
      mergeRequest(4, { reviewers: [user('root', 1)] }),
    ]);
  }

  describe('the documentation extract', () => {
    it('has GET /user from users.md at the commit of the other API pages, with the fields the source reads', () => {
      const { source } = loadExtract();
      const page = source.files.find((file) => file.path === 'doc/api/users.md');
      assert.equal(page?.commit, 'ec05f6eb1438ee304c9c92ef2aac3f94ef702ff5');
      const op = findOperation('GET /user');
      assert.equal(op.doc, 'doc/api/users.md#get-the-current-user');
      assert.deepEqual(op.params, [], 'the regular user section documents no parameter');
      assert.deepEqual(op.responseFields, ['id', 'name', 'username']);
      const example = exampleOf<Record<string, unknown>>('GET /user');
      assert.deepEqual([example.id, example.username, example.name], [1, 'john_smith', 'John Smith']);
    });

    it("is all the test server knows of users: other user endpoints and the administrators' sudo are refused", async () => {
      const http = f.http;
      const status = (method: 'GET' | 'POST', path: string) =>
        http
          .request({ method, url: `${f.server.apiBase}${path}`, credential: credential(), conditional: false })
          .then((r) => r.status)
          .catch((e: { status: number }) => e.status);
      assert.equal(await status('GET', '/user'), 200);
      assert.equal(await status('GET', '/user?sudo=2'), 400);
      assert.equal(await status('POST', '/user'), 400);
      assert.equal(await status('GET', '/users/1'), 400);
      assert.match(f.server.violations[0], /parameter "sudo" is not documented for Get the current user/);
      assert.match(f.server.violations[1], /method POST is not documented for this path/);
      assert.match(f.server.violations[2], /no documented endpoint has this path/);
      f.server.violations.length = 0;
      assert.throws(() => f.server.setData('GET /user', { ...currentUserAnswer(), approvals: 1 }), /approvals/);
    });
  });

  describe('GitLabApi.getCurrentUser', () => {
    it('reads the documented answer, with the token, and maps only id, username and name', async () => {
      const api = new GitLabApi({ http: f.http, project: f.project, credential: credential() });
      const answer = await api.getCurrentUser(signal());
      assert.equal(answer.username, 'alice');
      assert.deepEqual(mapCurrentUser(answer), { username: 'alice', id: 7, name: 'Alice Example' });
      assert.equal(userRequests()[0].url, '/api/v4/user');
      assert.equal(userRequests()[0].privateToken, TOKEN);
      assert.deepEqual(api.takeStats(), { requests: 1, notModified: 0 });
    });

    it('turns a rejected token (401) into a clear auth SourceError', async () => {
      const api = new GitLabApi({ http: f.http, project: f.project, credential: gitlabCredential(f.project, 'glpat-revoked-000000') });
      const error = await failureOf(api.getCurrentUser(signal()));
      assert.equal(error.kind, 'auth');
      assert.equal(error.status, 401);
      assert.equal(error.service, 'GitLab');
      assert.match(
        error.message,
        /^Could not read the signed-in user of 127\.0\.0\.1:\d+: GitLab did not accept the credentials \(401\): GitLab says "401 Unauthorized"\. Sign in to GitLab again\.$/,
      );
      assert.doesNotMatch(error.message, /revoked/, 'the token is never in the message');
    });

    it('a 404 names the user, not the project', async () => {
      f.server.replyOnce('GET /user', DocServer.error(404, '404 Not found'));
      const api = new GitLabApi({ http: f.http, project: f.project, credential: credential() });
      const error = await failureOf(api.getCurrentUser(signal()));
      assert.equal(error.kind, 'notFound');
      assert.match(error.message, /the signed-in user of 127\.0\.0\.1:\d+ not found/);
      assert.doesNotMatch(error.message, /my-group\/my-project/);
    });
  });

  describe('mapCurrentUser', () => {
    it('keeps a documented user, flattens the name, and refuses an answer naming no user', () => {
      const example = exampleOf<GlUser>('GET /user');
      assert.deepEqual(mapCurrentUser(example), { username: 'john_smith', id: 1, name: 'John Smith' });
      // One line, as titles are; escaping and bidi controls are the display's job (core/plainText).
      assert.deepEqual(mapCurrentUser({ ...example, name: 'Eve\n\t<b>x</b>' }), { username: 'john_smith', id: 1, name: 'Eve <b>x</b>' });
      assert.deepEqual(mapCurrentUser({ ...example, id: -1, name: undefined }), { username: 'john_smith' });
      assert.equal(mapCurrentUser({ ...example, username: '' }), undefined);
      assert.equal(mapCurrentUser({ ...example, username: '   ' }), undefined);
      assert.equal(mapCurrentUser({ ...example, username: 'x'.repeat(256) }), undefined);
      assert.equal(mapCurrentUser({ id: 1 } as GlUser), undefined);
    });
  });

  describe('the phase sources', () => {
    it('ask GET /user once for four phase refreshes, at the same time and later, and share the answer', async () => {
      f.server.setData('GET /projects/:id/iterations', [iteration({ id: 90 })]);
      const all = sources();
      const phases = [all.plan, all.code, all.build, all.deploy];
      await Promise.all(phases.map((phase) => phase.refresh(signal())));
      for (const phase of phases) await phase.refresh(signal());
      assert.equal(userRequests().length, 1);
      assert.equal(userRequests()[0].privateToken, TOKEN);
      assert.deepEqual(logger.warnings, []);
      const costs = phases.map((phase) => phase.lastRefresh?.requests ?? 0);
      assert.ok(costs.every((n) => n > 0));
    });

    it('fill "waiting for my review", "assigned to me", "created by me" and my issues for that user', async () => {
      serveMergeRequests();
      f.server.setData('GET /projects/:id/iterations', [iteration({ id: 90 })]);
      f.server.setData('GET /projects/:id/issues', [issue(1, { assignees: [ALICE] }), issue(2, { assignees: [user('root', 1)] })]);
      const all = sources();
      const byIid = categories(await all.code.refresh(signal()));
      assert.deepEqual(byIid.get(1), ['waitingForMyReview', 'open']);
      assert.deepEqual(byIid.get(2), ['assignedToMe', 'open']);
      assert.deepEqual(byIid.get(3), ['createdByMe', 'open']);
      assert.deepEqual(byIid.get(4), ['open'], "someone else's review");
      const issues = await all.plan.refresh(signal());
      assert.ok(issues.find((s) => s.detail?.iid === 1)?.labels?.includes('mine'));
      assert.ok(!issues.find((s) => s.detail?.iid === 2)?.labels?.includes('mine'));
      assert.equal(userRequests().length, 1);
    });

    it('with neither iteration nor milestone, Plan lists the open issues assigned to that user', async () => {
      f.server.setData('GET /projects/:id/iterations', []);
      f.server.setData('GET /projects/:id/milestones', []);
      f.server.on('GET /projects/:id/issues', (req) =>
        req.query.get('assignee_username') === 'alice' && req.query.get('state') === 'opened'
          ? { status: 200, body: [issue(7, { assignees: [ALICE] })] }
          : undefined,
      );
      const plan = sources().plan;
      const signals = await plan.refresh(signal());
      assert.equal(plan.scope?.kind, 'assignedToMe');
      assert.deepEqual(
        signals.map((s) => s.detail?.iid),
        [7],
      );
    });

    it('a 401 on GET /user: a warning with the auth error, no "mine" sections, the refresh goes on, and the token is not asked again', async () => {
      serveMergeRequests();
      f.server.replyOnce('GET /user', DocServer.error(401, '401 Unauthorized'));
      const users = new GitLabUserCache(logger);
      const key = credential();
      const all = sources({ credential: key, users });
      const byIid = categories(await all.code.refresh(signal()));
      assert.deepEqual([...byIid.values()], [['open'], ['open'], ['open'], ['open']]);
      assert.equal(logger.warnings.length, 1);
      assert.match(logger.warnings[0], /"mine" is unknown for my-group\/my-project/);
      assert.match(logger.warnings[0], /GitLab did not accept the credentials \(401\)/);
      const failure = users.failure(key);
      assert.ok(failure instanceof SourceError);
      assert.equal(failure.kind, 'auth');
      await all.plan.refresh(signal()).catch(() => undefined);
      await all.code.refresh(signal());
      assert.equal(userRequests().length, 1, 'the same token is not asked again');
      assert.equal(logger.warnings.length, 1, 'nor warned about again');
      // A new token (the user signed in again) is a new credential: asked afresh.
      const again = sources({ credential: credential(), users });
      assert.deepEqual(categories(await again.code.refresh(signal())).get(1), ['waitingForMyReview', 'open']);
      assert.equal(userRequests().length, 2);
    });

    it('a passing failure (5xx) leaves "me" unknown for one refresh, and the next refresh asks again', async () => {
      serveMergeRequests();
      f.server.replyOnce('GET /user', DocServer.error(500, '500 Internal Server Error'));
      const code = sources().code;
      assert.deepEqual(categories(await code.refresh(signal())).get(1), ['open']);
      assert.match(logger.warnings[0], /GitLab had a server error \(500\)/);
      assert.deepEqual(categories(await code.refresh(signal())).get(1), ['waitingForMyReview', 'open']);
      assert.equal(userRequests().length, 2);
    });

    it('an answer that names no user is a warning and "me" unknown, never everything counted as mine', async () => {
      serveMergeRequests();
      f.server.replyOnce('GET /user', { status: 200, body: currentUserAnswer({ username: '' }) });
      const code = sources().code;
      assert.deepEqual([...categories(await code.refresh(signal())).values()], [['open'], ['open'], ['open'], ['open']]);
      assert.match(logger.warnings[0], /answer names no user/);
    });

    it('an injected user is used as it is: GitLab is not asked', async () => {
      serveMergeRequests();
      const code = sources({ currentUser: () => ({ username: 'alice', id: 7 }) }).code;
      assert.deepEqual(categories(await code.refresh(signal())).get(1), ['waitingForMyReview', 'open']);
      assert.equal(userRequests().length, 0);
    });

    it('anonymous reads of a public project do not ask (there is no user to tell)', async () => {
      await f.server.close();
      f = await startFixture({ token: undefined });
      serveMergeRequests();
      const code = sources({ credential: undefined }).code;
      assert.deepEqual(categories(await code.refresh(signal())).get(1), ['open']);
      assert.equal(userRequests().length, 0);
      assert.deepEqual(logger.warnings, []);
    });

    it("one phase's cancelled refresh does not cancel the request the others wait for", async () => {
      serveMergeRequests();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      // Holds `GET /user` back until both phases wait for it.
      const http: HttpClientLike = {
        request: async (req) => {
          if (new URL(req.url).pathname.endsWith('/user')) await gate;
          return f.http.request(req);
        },
      };
      const all = sources({ http });
      const cancelled = new AbortController();
      const plan = all.plan.refresh(cancelled.signal).then(
        () => 'done',
        (e: unknown) => (e instanceof SourceError ? e.kind : String(e)),
      );
      const code = all.code.refresh(signal());
      await new Promise((resolve) => setTimeout(resolve, 20));
      cancelled.abort();
      release();
      assert.equal(await plan, 'cancelled');
      assert.deepEqual(categories(await code).get(1), ['waitingForMyReview', 'open']);
      assert.equal(userRequests().length, 1);
      assert.deepEqual(logger.warnings, []);
    });

    it('when every waiting refresh is cancelled, so is the request, and the next refresh asks again', async () => {
      serveMergeRequests();
      let sent = 0;
      let seen: AbortSignal | undefined;
      const http: HttpClientLike = {
        request: async (req) => {
          if (new URL(req.url).pathname.endsWith('/user') && sent++ === 0) {
            seen = req.signal;
            // Never answered: only its cancellation ends it.
            await new Promise<void>((resolve) => req.signal?.addEventListener('abort', () => resolve(), { once: true }));
            throw Object.assign(new Error('cancelled'), { kind: 'cancelled' });
          }
          return f.http.request(req);
        },
      };
      const code = sources({ http }).code;
      const controller = new AbortController();
      const first = code.refresh(controller.signal).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 20));
      controller.abort();
      const error = await first;
      assert.ok(error instanceof SourceError && error.kind === 'cancelled', String(error));
      assert.equal(seen?.aborted, true, 'the shared request was cancelled once nobody waited');
      assert.deepEqual(logger.warnings, [], 'a cancellation is not a failure to warn about');
      assert.deepEqual(categories(await code.refresh(signal())).get(1), ['waitingForMyReview', 'open']);
      assert.equal(userRequests().length, 1, 'the second ask reached the server');
    });
  });
});
