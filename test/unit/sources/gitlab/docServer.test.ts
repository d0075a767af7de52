/**
 * The test server itself: it must refuse what GitLab's documentation does not allow (or every
 * other GitLab test proves nothing), answer with the documented examples, page and answer
 * conditionally as the REST pages describe, and play a self-managed instance behind a prefix.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { HttpClient } from '../../../../src/http/client';
import { documentedShape, shapeProblems } from '../../../fixtures/gitlab/docShape';
import { DocServer, exampleItem, exampleOf, findOperation, loadExtract } from '../../../fixtures/gitlab/docServer';

describe("gitlab/docServer (the test server answering from GitLab's REST documentation)", () => {
  let server: DocServer;
  const http = new HttpClient({ maxRetries: 0 });

  beforeEach(async () => {
    server = await DocServer.start();
  });
  afterEach(() => server.close());

  async function status(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<number> {
    try {
      return (await http.request({ method, url: `${server.apiBase}${path}`, body, conditional: false })).status;
    } catch (error) {
      return (error as { status: number }).status;
    }
  }

  it('records where its documentation comes from: repository, commit and GitLab version per page', () => {
    const { source } = loadExtract();
    assert.equal(source.repository, 'gitlabhq/gitlabhq');
    assert.match(source.version, /17\.8/);
    const mr = source.files.find((f) => f.path === 'doc/api/merge_requests.md');
    assert.match(mr?.commit ?? '', /^[0-9a-f]{40}$/);
    // Exactly the generator's OPERATIONS list (extract-docs.mjs), one entry per operation.
    const listed = /const OPERATIONS = \[([\s\S]*?)\n\];/.exec(
      readFileSync(join(__dirname, '../../../fixtures/gitlab/extract-docs.mjs'), 'utf8'),
    )![1];
    assert.deepEqual(
      loadExtract().operations.map((o) => o.key),
      [...listed.matchAll(/\bkey: '([^']+)'/g)].map((m) => m[1]),
    );
  });

  it('rejects (400) and records every request the documentation does not allow', async () => {
    const bad: [method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown][] = [
      ['GET', '/projects/1/merge_request'],
      ['DELETE', '/projects/1/merge_requests'],
      ['GET', '/projects/1/merge_requests?status=opened'],
      ['GET', '/projects/1/merge_requests?state=open'],
      ['GET', '/projects/1/merge_requests?scope=reviews_for_me'],
      ['GET', '/projects/1/merge_requests?per_page=500'],
      ['GET', '/projects/1/merge_requests?pagination=keyset&order_by=id&sort=desc'],
      ['GET', '/projects/1/jobs?pagination=keyset&order_by=created_at&sort=desc'],
      ['GET', '/projects/1/iterations?state=current&include_ancestors=yes'],
      ['GET', '/projects/1/issues?iteration_id=abc'],
      ['GET', '/projects/1/issues/1?page=2'],
      ['POST', '/projects/1/deployments', { environment: 'production', sha: 'a', ref: 'main', tag: false }],
      ['POST', '/projects/1/deployments', { environment: 'production', sha: 'a', ref: 'main', tag: false, status: 'created' }],
      ['PUT', '/projects/1/merge_requests/1/merge', { merge_method: 'squash' }],
      ['PUT', '/projects/1/issues/1', { add_labels: 'doing', labels_to_add: 'x' }],
      ['GET', '/projects/1/pipelines?created_after=yesterday'],
      ['GET', '/groups/1/iterations'],
      // `GET /user` is documented (users.md, for "mine"); the rest of the users API is not.
      ['GET', '/users/1'],
    ];
    for (const [method, path, body] of bad) {
      assert.equal(await status(method, path, body), 400, `${method} ${path}`);
    }
    assert.equal(server.violations.length, bad.length);
    assert.match(server.violations[3], /parameter "state"="open" is not one of all, opened, closed, locked, merged/);
    assert.match(server.violations[4], /"scope"="reviews_for_me" is not one of created_by_me, assigned_to_me, all/);
    assert.match(server.violations[5], /"per_page" is at most 100/);
    assert.match(server.violations[6], /keyset pagination is not documented for List project merge requests/);
    assert.match(server.violations[7], /keyset "order_by" must be one of id/);
    assert.match(server.violations[11], /required parameter "status" is missing/);
    assert.match(server.violations[12], /"status"="created" is not one of running, success, failed, canceled/);
    assert.match(server.violations[16], /no documented endpoint has this path/);
  });

  it('accepts what the documentation allows, and answers with its examples', async () => {
    const list = await http.request<unknown[]>({
      url: `${server.apiBase}/projects/my-group%2Fmy-project/merge_requests?state=opened&reviewer_username=root&order_by=updated_at&sort=desc&per_page=100`,
    });
    assert.deepEqual(list.data, exampleOf('GET /projects/:id/merge_requests'));
    assert.equal((await http.request({ url: `${server.apiBase}/projects/5/iterations?state=current&include_ancestors=true` })).status, 200);
    assert.equal(await status('GET', '/projects/1/jobs?scope[]=running&scope[]=pending'), 200);
    assert.equal(await status('GET', '/projects/1/issues?not[labels]=bug&assignee_username=root&iteration_id=Any'), 200);
    assert.equal(await status('PUT', '/projects/1/merge_requests/1/merge', { sha: 'abc', squash: true }), 200);
    assert.equal(await status('POST', '/projects/1/merge_requests/1/approve', {}), 201);
    assert.equal(await status('POST', '/projects/1/pipelines/46/cancel'), 200, 'documented: 200 regardless of the state');
    const created = await http.request<{ environment: { name: string }; status: string }>({
      method: 'POST',
      url: `${server.apiBase}/projects/1/deployments`,
      body: { environment: 'staging', sha: 'a91957a858320c0e17f3a0eca7cfacbff50ea29a', ref: 'main', tag: false, status: 'success' },
    });
    assert.equal(created.status, 201);
    assert.equal(created.data.environment.name, 'staging');
    assert.deepEqual(server.violations, []);
  });

  it('plays a self-managed instance behind a path prefix', async () => {
    const prefixed = await DocServer.start({ prefix: '/gitlab/api/v4' });
    try {
      assert.equal(prefixed.webBase, `${prefixed.origin}/gitlab`);
      assert.equal((await http.request({ url: `${prefixed.apiBase}/projects/1/environments` })).status, 200);
      await assert.rejects(http.request({ url: `${prefixed.origin}/api/v4/projects/1/environments` }), { status: 400 });
      assert.match(prefixed.violations[0], /outside the API root \/gitlab\/api\/v4/);
    } finally {
      await prefixed.close();
    }
  });

  it('pages by offset with X-Next-Page and Link, and leaves out totals as GitLab.com does for large lists', async () => {
    const item = exampleItem<Record<string, unknown>>('GET /projects/:id/pipelines');
    server.setData(
      'GET /projects/:id/pipelines',
      Array.from({ length: 45 }, (_, i) => ({ ...item, id: 100 + i })),
    );
    const first = await http.request<unknown[]>({ url: `${server.apiBase}/projects/1/pipelines?per_page=20` });
    assert.equal(first.data.length, 20);
    assert.equal(first.headers['x-next-page'], '2');
    assert.equal(first.headers['x-total'], '45');
    assert.match(first.headers.link, /page=2&per_page=20>|per_page=20&page=2>; rel="next"/);
    const last = await http.request<unknown[]>({ url: `${server.apiBase}/projects/1/pipelines?per_page=20&page=3` });
    assert.equal(last.data.length, 5);
    assert.equal(last.headers['x-next-page'], '');
    server.totalHeaders = false;
    const big = await http.request<unknown[]>({ url: `${server.apiBase}/projects/1/pipelines?per_page=20&page=2` });
    assert.equal(big.headers['x-total'], undefined);
    assert.doesNotMatch(big.headers.link, /rel="last"/);
  });

  it('pages by keyset only where documented, with Link rel="next" and no X-* headers', async () => {
    const item = exampleItem<Record<string, unknown>>('GET /projects/:id/jobs');
    server.setData(
      'GET /projects/:id/jobs',
      Array.from({ length: 150 }, (_, i) => ({ ...item, id: 1000 - i })),
    );
    const first = await http.request<unknown[]>({
      url: `${server.apiBase}/projects/1/jobs?pagination=keyset&order_by=id&sort=desc&per_page=100`,
    });
    assert.equal(first.data.length, 100);
    assert.equal(first.headers['x-next-page'], undefined);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.link)?.[1];
    assert.ok(next, 'a next link');
    const second = await http.request<unknown[]>({ url: next });
    assert.equal(second.data.length, 50);
    assert.equal(second.headers.link, undefined);
    await assert.rejects(http.request({ url: next.replace(/cursor=[^&]+/, 'cursor=forged') }), { status: 400 });
  });

  it('answers 304 to a matching If-None-Match, and sends RateLimit-* headers on every answer', async () => {
    const url = `${server.apiBase}/projects/1/environments`;
    const first = await http.request({ url });
    assert.match(first.headers.etag, /^W\/"/);
    assert.equal(first.headers['ratelimit-limit'], '2000');
    assert.ok(first.rateLimit?.resetAt, 'RateLimit-Reset parsed by the HTTP client');
    const second = await http.request({ url });
    assert.equal(second.notModified, true);
    assert.equal(server.count(304), 1);
  });

  it('plays failures as GitLab documents them: error bodies, 429 with Retry-After and plain text', async () => {
    server.replyOnce('*', DocServer.throttled(30));
    const error = await http.request({ url: `${server.apiBase}/projects/1/environments`, maxRetries: 0 }).catch((e: unknown) => e);
    assert.equal((error as { status: number }).status, 429);
    assert.equal((error as { body: string }).body, 'Retry later');
    assert.equal((error as { retryAfterMs: number }).retryAfterMs, 30_000);
    server.replyOnce('GET /projects/:id/environments', DocServer.error(404, '404 Project Not Found'));
    assert.equal(await status('GET', '/projects/1/environments'), 404);
    server.replyOnce('GET /projects/:id/environments', { status: 418 });
    await status('GET', '/projects/1/environments');
    assert.match(server.violations.at(-1) ?? '', /test reply 418 .* is not a status GitLab documents/);
  });

  it('refuses test data with fields GitLab does not document, and accepts varied documented ones', () => {
    const mr = exampleItem<Record<string, unknown>>('GET /projects/:id/merge_requests');
    assert.throws(() => server.setData('GET /projects/:id/merge_requests', [{ ...mr, approvals_left: 1 }]), /approvals_left/);
    assert.throws(
      () => server.setData('GET /projects/:id/issues', [{ ...(exampleItem('GET /projects/:id/issues') as object), sprint: 'x' }]),
      /sprint/,
    );
    server.setData('GET /projects/:id/merge_requests', [{ ...mr, iid: 7, title: '<b>x</b>', detailed_merge_status: 'conflict' }]);
    // The issue entity's documented Premium fields (weight, iteration) are accepted on the project list.
    const issue = exampleItem<Record<string, unknown>>('GET /projects/:id/issues');
    server.setData('GET /projects/:id/issues', [
      { ...issue, weight: 3, iteration: { id: 9, title: null, start_date: '2024-06-10', due_date: '2024-06-23', sequence: 2 } },
    ]);
  });

  it('builds shapes from examples, partial examples, related sections and attribute tables', () => {
    const shape = documentedShape(findOperation('GET /projects/:id/merge_requests/:merge_request_iid'));
    assert.ok(shape && 'head_pipeline' in shape && 'detailed_merge_status' in shape && 'first_contribution' in shape);
    assert.deepEqual(shapeProblems({ head_pipeline: { id: 1, bogus: 2 } }, shape), [
      '$.head_pipeline.bogus is not a field GitLab documents here',
    ]);
    const iterations = documentedShape(findOperation('GET /projects/:id/iterations'));
    assert.ok(iterations && 'sequence' in iterations, 'group iterations document sequence for the same entity');
  });
});
