import assert from 'node:assert/strict';
import { SourceError } from '../../../../src/core/sourceError';
import type { HttpClientLike, HttpRequest } from '../../../../src/http/types';
import { GitLabApi, gitlabCredential } from '../../../../src/sources/gitlab';
import { DocServer, exampleItem } from '../../../fixtures/gitlab/docServer';
import { syntheticMergeRequests } from '../../../fixtures/gitlab/synthetic';
import { projectOn, testClient, TOKEN } from './helpers';

describe('gitlab/api (documented calls, paging, credential, cancellation)', () => {
  let server: DocServer;

  beforeEach(async () => {
    server = await DocServer.start({ token: TOKEN });
  });
  afterEach(async () => {
    assert.deepEqual(server.violations, [], 'every request is one GitLab documents');
    await server.close();
  });

  function api(options: { maxPages?: number; http?: HttpClientLike; kind?: 'accessToken' | 'oauth'; anonymous?: boolean } = {}): GitLabApi {
    const project = projectOn(server);
    return new GitLabApi({
      http: options.http ?? testClient().http,
      project,
      ...(options.anonymous ? {} : { credential: gitlabCredential(project, TOKEN, options.kind) }),
      maxPages: options.maxPages,
    });
  }

  it('pages offset lists by X-Next-Page, 100 at a time, the first page without `page`', async () => {
    server.setData('GET /projects/:id/merge_requests', syntheticMergeRequests(250));
    const list = await api().listMergeRequests({ state: 'opened' });
    assert.equal(list.items.length, 250);
    assert.equal(list.complete, true);
    assert.deepEqual(
      server.requests.map((r) => new URL(r.url, server.origin).searchParams.get('page')),
      [null, '2', '3'],
    );
    assert.ok(server.requests.every((r) => r.url.startsWith('/api/v4/projects/my-group%2Fmy-project/merge_requests?state=opened&')));
  });

  it('stops at the page bound and says the list is cut', async () => {
    server.setData('GET /projects/:id/merge_requests', syntheticMergeRequests(250));
    const list = await api({ maxPages: 2 }).listMergeRequests({});
    assert.equal(list.items.length, 200);
    assert.equal(list.complete, false);
    assert.equal(server.requests.length, 2);
  });

  it('pages keyset lists by Link rel="next" where GitLab documents keyset pagination', async () => {
    const job = exampleItem<Record<string, unknown>>('GET /projects/:id/jobs');
    server.setData(
      'GET /projects/:id/jobs',
      Array.from({ length: 230 }, (_, i) => ({ ...job, id: 5000 - i })),
    );
    const list = await api().listProjectJobs({ scope: ['running', 'pending'] });
    assert.equal(list.items.length, 230);
    assert.equal(list.complete, true);
    assert.equal(server.requests.length, 3);
    const first = new URL(server.requests[0].url, server.origin).searchParams;
    assert.deepEqual(
      [first.getAll('scope[]'), first.get('pagination'), first.get('order_by'), first.get('sort')],
      [['running', 'pending'], 'keyset', 'id', 'desc'],
    );
    assert.ok(server.requests.slice(1).every((r) => /[?&]cursor=/.test(r.url)));
    const bounded = await api({ maxPages: 1 }).listProjectJobs({});
    assert.deepEqual([bounded.items.length, bounded.complete], [100, false]);
  });

  it('sends the token only to the project origin: never follows a next link elsewhere', async () => {
    const elsewhere = await DocServer.start();
    try {
      server.on('GET /projects/:id/jobs', () => ({
        status: 200,
        body: [exampleItem('GET /projects/:id/jobs')],
        headers: { link: `<${elsewhere.apiBase}/projects/1/jobs?pagination=keyset&order_by=id&sort=desc&cursor=x>; rel="next"` },
      }));
      const list = await api().listProjectJobs({});
      assert.deepEqual([list.items.length, list.complete], [1, false]);
      assert.equal(elsewhere.requests.length, 0);
      assert.ok(server.requests.every((r) => r.privateToken === TOKEN && r.authorization === undefined));
    } finally {
      await elsewhere.close();
    }
  });

  it('drops the token when GitLab redirects a moved project to another origin', async () => {
    const elsewhere = await DocServer.start();
    try {
      // doc/api/rest/_index.md, "Redirects": after a path change the API answers with a `Location`.
      server.replyOnce('GET /projects/:id/environments', {
        status: 301,
        headers: { location: `${elsewhere.apiBase}/projects/81/environments` },
      });
      await api().listEnvironments({});
      assert.equal(elsewhere.requests.length, 1);
      assert.deepEqual([elsewhere.requests[0].privateToken, elsewhere.requests[0].authorization], [undefined, undefined]);
      assert.equal(server.requests[0].privateToken, TOKEN);
    } finally {
      await elsewhere.close();
    }
  });

  it('sends an OAuth token as Authorization: Bearer, and nothing without a credential', async () => {
    await api({ kind: 'oauth' }).listEnvironments({});
    assert.equal(server.requests[0].authorization, `Bearer ${TOKEN}`);
    assert.equal(server.requests[0].privateToken, undefined);
    server.token = undefined;
    await api({ anonymous: true }).listEnvironments({});
    assert.deepEqual([server.requests[1].authorization, server.requests[1].privateToken], [undefined, undefined]);
    assert.deepEqual(gitlabCredential(projectOn(server), TOKEN), {
      origin: server.origin,
      header: 'PRIVATE-TOKEN',
      value: TOKEN,
      secret: TOKEN,
    });
  });

  it('passes the AbortSignal to every request, and a cancelled one never leaves', async () => {
    const seen: (AbortSignal | undefined)[] = [];
    const { http } = testClient();
    const recording: HttpClientLike = {
      request: (req: HttpRequest) => {
        seen.push(req.signal);
        return http.request(req);
      },
    };
    server.setData('GET /projects/:id/merge_requests', syntheticMergeRequests(150));
    const controller = new AbortController();
    const client = api({ http: recording });
    await client.listMergeRequests({}, controller.signal);
    await client.getMergeRequest(1, controller.signal);
    await client.getMergeRequestApprovals(1, controller.signal);
    await client.listPipelines({ ref: 'main' }, controller.signal);
    await client.jobTrace(8, controller.signal).catch(() => undefined);
    await client.createDeployment(
      { environment: 'production', sha: 'a'.repeat(40), ref: 'main', tag: false, status: 'success' },
      controller.signal,
    );
    assert.equal(seen.length, 7);
    assert.ok(seen.every((s) => s === controller.signal));

    controller.abort();
    const before = server.requests.length;
    const error = await client.listEnvironments({}, controller.signal).catch((e: unknown) => e);
    assert.ok(error instanceof SourceError);
    assert.equal(error.kind, 'cancelled');
    assert.equal(server.requests.length, before);
  });

  it('refuses ids that would change the path, before sending', async () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      await assert.rejects(api().getIssue(bad), (e: unknown) => e instanceof SourceError && e.kind === 'refused');
    }
    assert.equal(server.requests.length, 0);
  });

  it('calls an answer that is not the documented shape a bad response', async () => {
    server.replyOnce('GET /projects/:id/environments', { status: 200, body: { message: 'not a list' } });
    const error = await api()
      .listEnvironments({})
      .catch((e: unknown) => e);
    assert.ok(error instanceof SourceError);
    assert.equal(error.kind, 'badResponse');
    assert.match(error.message, /not a list, as its API documents/);
    // A list holding non-objects keeps only what mapping can read.
    server.replyOnce('GET /projects/:id/environments', { status: 200, body: [null, 3, exampleItem('GET /projects/:id/environments')] });
    assert.equal((await api().listEnvironments({})).items.length, 1);
    // The server saw both answers for what they are; they were sent on purpose here.
    assert.equal(server.violations.length, 2);
    assert.match(server.violations[0], /\$\.message is not a field GitLab documents/);
    server.violations.length = 0;
  });

  it('keeps the RateLimit-* headers in the shared rate state', async () => {
    const client = api();
    await client.listEnvironments({});
    assert.equal(client.rate.rateLimit?.limit, 2000);
    assert.equal(client.rate.rateLimit?.remaining, 1999);
    assert.equal(client.rate.rateLimit?.resetAt, server.rateReset * 1000);
  });
});
