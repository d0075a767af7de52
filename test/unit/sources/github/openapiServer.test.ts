/**
 * The test server itself: it must refuse what GitHub's description does not allow (or every other
 * GitHub test proves nothing), answer conditionally and page as GitHub documents.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HttpClient } from '../../../../src/http/client';
import { GitHubSource } from '../../../../src/sources/github/githubSource';
import { EXTRACT_PATH, exampleOf, loadExtract, OpenApiServer } from '../../../fixtures/github/openapiServer';
import { syntheticPullRequests, syntheticWorkflowRuns } from '../../../fixtures/github/synthetic';

describe('github/openapiServer (the OpenAPI-driven test server)', () => {
  let server: OpenApiServer;
  const http = new HttpClient({ maxRetries: 0 });

  beforeEach(async () => {
    server = await OpenApiServer.start();
  });
  afterEach(() => server.close());

  async function status(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<number> {
    try {
      return (await http.request({ method, url: `${server.apiBase}${path}`, body, conditional: false })).status;
    } catch (error) {
      return (error as { status: number }).status;
    }
  }

  it('rejects (400) and records every request the description does not allow', async () => {
    const bad: [method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown][] = [
      ['GET', '/repos/o/r/pullz'],
      ['DELETE', '/repos/o/r/pulls'],
      ['GET', '/repos/o/r/pulls?status=open'],
      ['GET', '/repos/o/r/pulls?state=merged'],
      ['GET', '/repos/o/r/pulls?per_page=lots'],
      ['GET', '/search/issues'],
      ['PUT', '/repos/o/r/pulls/1/merge', { merge_method: 'fast-forward' }],
      ['PUT', '/repos/o/r/pulls/1/merge', { method: 'squash' }],
      ['POST', '/repos/o/r/deployments', { environment: 'qa' }],
      ['POST', '/repos/o/r/actions/runs/1/cancel', { force: true }],
    ];
    for (const [method, path, body] of bad) {
      assert.equal(await status(method, path, body), 400, `${method} ${path}`);
    }
    assert.equal(server.violations.length, bad.length);
    assert.match(server.violations[3], /query parameter "state"="merged" is not one of open, closed, all/);
    assert.match(server.violations[5], /required query parameter "q" is missing/);
    assert.match(server.violations[8], /body property "ref" is required/);
  });

  it('accepts what the description allows, under the GHES prefix too', async () => {
    assert.equal(await status('GET', '/repos/o/r/pulls?state=all&sort=popularity&per_page=5&page=2'), 200);
    assert.equal(await status('PUT', '/repos/o/r/pulls/1/merge', { merge_method: 'rebase', sha: 'abc' }), 200);
    assert.deepEqual(server.violations, []);
    const ghes = await OpenApiServer.start({ prefix: '/api/v3' });
    try {
      assert.equal((await http.request({ url: `${ghes.apiBase}/repos/o/r/milestones` })).status, 200);
      await assert.rejects(http.request({ url: `${ghes.origin}/repos/o/r/milestones` }), { status: 400 });
      assert.equal(ghes.violations.length, 1);
    } finally {
      await ghes.close();
    }
  });

  it('makes a source call that drifts from the API fail loudly', async () => {
    const source = new GitHubSource({
      http,
      repo: { host: 'h', owner: 'o', repo: 'r', apiBase: server.apiBase, webBase: server.origin, enterprise: false },
    });
    await assert.rejects(source.api.listIssues({ state: 'opened' as 'open' }), /not allowed by GitHub's OpenAPI description/);
    assert.equal(server.violations.length, 1);
    server.violations.length = 0;
  });

  it('answers with an ETag and 304 on If-None-Match, without spending rate limit', async () => {
    const first = await http.request({ url: `${server.apiBase}/repos/o/r/milestones`, conditional: false });
    const etag = first.headers.etag;
    assert.match(etag, /^"[0-9a-f]{40}"$/);
    const before = server.rateRemaining;
    const again = await http.request({
      url: `${server.apiBase}/repos/o/r/milestones`,
      headers: { 'if-none-match': etag },
      conditional: false,
      responseType: 'text',
    });
    assert.equal(again.status, 304);
    assert.equal(again.data, '');
    assert.equal(server.count(304), 1);
    assert.equal(server.rateRemaining, before);
    assert.equal(first.headers['x-ratelimit-limit'], '5000');
  });

  it('pages lists with GitHub’s Link header', async () => {
    server.setData('GET /repos/{owner}/{repo}/actions/runs', syntheticWorkflowRuns(5));
    const page = await http.request<{ total_count: number; workflow_runs: unknown[] }>({
      url: `${server.apiBase}/repos/o/r/actions/runs?branch=main&per_page=2&page=2`,
    });
    assert.equal(page.data.total_count, 5);
    assert.equal(page.data.workflow_runs.length, 2);
    const base = `${server.apiBase}/repos/o/r/actions/runs?branch=main&per_page=2`;
    assert.equal(
      page.headers.link,
      `<${base}&page=1>; rel="prev", <${base}&page=1>; rel="first", <${base}&page=3>; rel="next", <${base}&page=3>; rel="last"`,
    );
  });

  it('refuses test data that is not shaped like GitHub’s example, and undocumented reply statuses', async () => {
    assert.throws(
      () => server.setData('GET /repos/{owner}/{repo}/pulls', [{ number: 1, reviewDecision: 'APPROVED' }]),
      /reviewDecision is not in GitHub's example/,
    );
    assert.throws(() => server.setData('GET /repos/{owner}/{repo}/pulls', { items: [] }), /should be an array/);
    server.setData('GET /repos/{owner}/{repo}/pulls', syntheticPullRequests(2));
    server.replyOnce('GET /repos/{owner}/{repo}/milestones', { status: 418, body: { message: 'teapot' } });
    await status('GET', '/repos/o/r/milestones');
    assert.deepEqual(server.violations, ['test reply 418 for GET /repos/{owner}/{repo}/milestones is not a documented status']);
    server.violations.length = 0;
  });

  it('keeps the committed extract small and complete: every operation has its success example', () => {
    assert.ok(statSync(EXTRACT_PATH).size < 1024 * 1024);
    const extract = loadExtract();
    assert.match(extract.source, /^@octokit\/openapi@\d+\.\d+\.\d+ /);
    // Exactly the generator's OPERATIONS list (extract-openapi.mjs), one entry per operation.
    const listed = /const OPERATIONS = \[([\s\S]*?)\];/.exec(
      readFileSync(join(__dirname, '../../../fixtures/github/extract-openapi.mjs'), 'utf8'),
    )![1];
    const keys = [...listed.matchAll(/^\s*'((?:GET|POST|PUT|PATCH|DELETE) \/[^']*)',/gm)].map((m) => m[1]);
    assert.deepEqual(
      extract.operations.map((o) => `${o.method} ${o.path}`),
      keys,
    );
    for (const op of extract.operations) {
      const success = Object.keys(op.responses).find((s) => /^2/.test(s));
      if (success) {
        assert.ok(exampleOf(`${op.method} ${op.path}`, success) !== undefined, `${op.operationId} example`);
      } else {
        assert.deepEqual(op.responses['302']?.headers, ['Location'], `${op.operationId} redirects`);
      }
    }
  });
});
