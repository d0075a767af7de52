/**
 * GitHub review threads end to end: the real HttpClient against the server that answers from GitHub's
 * OpenAPI description (REST comments and replies) and runs GraphQL validated against GitHub's
 * published schema (@octokit/graphql-schema) for the resolved state and resolve/unresolve.
 */
import assert from 'node:assert/strict';
import { reviewThreadOf, safeMarkdown } from '../../../../src/core/reviewThread';
import type { Signal } from '../../../../src/core/signal';
import { SourceError } from '../../../../src/core/sourceError';
import { HttpClient } from '../../../../src/http/client';
import type { Credential } from '../../../../src/http/types';
import { REVIEW_THREADS_QUERY, RESOLVE_MUTATION, UNRESOLVE_MUTATION, graphqlUrl } from '../../../../src/sources/github/api';
import { GitHubSource } from '../../../../src/sources/github/githubSource';
import { phaseSourceId } from '../../../../src/sources/github/ids';
import { mapPullRequest } from '../../../../src/sources/github/mapping';
import { RateGate } from '../../../../src/sources/github/rateGate';
import type { GitHubRepoRef } from '../../../../src/sources/github/remote';
import {
  GitHubReviewSource,
  groupReviewComments,
  mapReviewThread,
  STATES_EVERY_MS,
  threadPlace,
} from '../../../../src/sources/github/reviewThreads';
import type { GhPullRequest, GhReviewComment } from '../../../../src/sources/github/types';
import { GRAPHQL_SCHEMA_VERSION, GraphQLEndpoint } from '../../../fixtures/github/graphqlEndpoint';
import { exampleOf, OpenApiServer } from '../../../fixtures/github/openapiServer';

const TOKEN = 'ghp_review_token_0123456789';
const COMMENTS = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments';
const REPLIES = 'POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies';
const PULLS = 'GET /repos/{owner}/{repo}/pulls';
const BRANCH = 'feature/login';
const HEAD = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
const OLD = '9c48853fa3dc5c1c3d6f1f1cd1f2743e72652840';

/** Review comments shaped like GitHub's example: a thread of two on line 42, an outdated one, one on a deleted line, a range. */
function comments(): GhReviewComment[] {
  const base = exampleOf(COMMENTS) as GhReviewComment[];
  const one = (over: Partial<GhReviewComment>): GhReviewComment => {
    const c = { ...structuredClone(base[0]), ...over } as GhReviewComment & Record<string, unknown>;
    if (!('in_reply_to_id' in over)) delete c.in_reply_to_id;
    return c;
  };
  return [
    one({ id: 8, path: 'src/app.ts', line: 42, original_line: 40, start_line: null, original_start_line: null, body: 'Why **this**?' }),
    one({
      id: 10,
      in_reply_to_id: 8,
      path: 'src/app.ts',
      line: 42,
      start_line: null,
      original_start_line: null,
      body: 'Because.',
      created_at: '2011-04-14T17:00:00Z',
      user: { ...base[0].user!, login: 'hubot' },
    }),
    one({
      id: 20,
      path: 'src/old.ts',
      line: null,
      position: null,
      original_line: 7,
      start_line: null,
      original_start_line: null,
      body: 'Outdated [x](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>',
    }),
    one({ id: 30, path: 'src/app.ts', side: 'LEFT', line: 12, start_line: null, original_start_line: null, body: 'removed line' }),
    one({ id: 40, path: 'src/app.ts', line: 25, start_line: 20, body: 'a range' }),
  ];
}

interface Harness {
  server: OpenApiServer;
  source: GitHubReviewSource;
  ref: GitHubRepoRef;
  now: { t: number };
  branch: { name: string | undefined };
}

let h: Harness | undefined;

async function setup(options: { prefix?: string } = {}): Promise<Harness> {
  const server = await OpenApiServer.start({ token: TOKEN, prefix: options.prefix });
  const ref: GitHubRepoRef = {
    host: new URL(server.origin).host,
    owner: 'octocat',
    repo: 'Hello-World',
    apiBase: server.apiBase,
    webBase: server.origin,
    enterprise: options.prefix !== undefined,
  };
  const credential: Credential = { origin: server.origin, header: 'Authorization', value: `Bearer ${TOKEN}`, secret: TOKEN };
  const http = new HttpClient({ maxRetries: 0, sleep: async () => undefined });
  const github = new GitHubSource({ http, repo: ref, credential });
  const branch = { name: BRANCH as string | undefined };
  const now = { t: Date.parse('2024-06-01T00:00:00Z') };
  const state = { ref, gate: new RateGate(server.origin), source: github, readBranch: async () => branch.name };
  const source = new GitHubReviewSource(state, { now: () => now.t });
  const pull = (exampleOf(PULLS) as GhPullRequest[])[0];
  server.on(PULLS, (req) =>
    req.query.get('head') === `octocat:${BRANCH}` && req.query.get('state') === 'open'
      ? { status: 200, body: [{ ...pull, head: { ...pull.head, ref: BRANCH, sha: HEAD } }] }
      : { status: 200, body: [] },
  );
  server.setData(COMMENTS, comments());
  server.graphql.setThreads('octocat', 'Hello-World', 1347, [
    { id: 'PRRT_8', isResolved: false, isOutdated: false, commentIds: [8, 10] },
    { id: 'PRRT_20', isResolved: false, isOutdated: true, commentIds: [20] },
    { id: 'PRRT_30', isResolved: true, isOutdated: false, commentIds: [30] },
    { id: 'PRRT_40', isResolved: false, isOutdated: false, commentIds: [40] },
  ]);
  h = { server, source, ref, now, branch };
  return h;
}

const abort = () => new AbortController().signal;
const byId = (signals: Signal[], id: number) => signals.find((s) => s.detail?.commentId === id)!;

describe('GitHub review threads', function () {
  this.timeout(30_000);
  afterEach(async () => {
    await h?.server.close();
    h = undefined;
  });

  it('groups the documented example: a reply whose first comment is not listed opens its own thread', () => {
    const documented = exampleOf(COMMENTS) as GhReviewComment[];
    const threads = groupReviewComments(documented);
    assert.equal(threads.length, 1);
    assert.equal(threads[0].root.id, 10);
    assert.equal(threads[0].root.in_reply_to_id, 8);
    // Its place as GitHub documents the fields: line 2 of commit_id (start_line 1 makes a range).
    assert.deepEqual(threadPlace(threads[0].root), { path: 'file1.txt', line: 1, endLine: 2, commit: HEAD, outdated: false });
  });

  it('groups replies under their first comment, oldest first', () => {
    const threads = groupReviewComments(comments());
    assert.deepEqual(
      threads.map((t) => t.comments.map((c) => c.id)),
      [[8, 10], [20], [30], [40]],
    );
  });

  it('places a thread: current line in commit_id, outdated ones (position null) on original_line of original_commit_id, LEFT side outdated', () => {
    const [current, outdated, left, range] = groupReviewComments(comments());
    assert.deepEqual(threadPlace(current.root), { path: 'src/app.ts', line: 42, commit: HEAD, outdated: false });
    assert.deepEqual(threadPlace(outdated.root), { path: 'src/old.ts', line: 7, commit: OLD, outdated: true });
    assert.equal(threadPlace(left.root).outdated, true);
    assert.deepEqual(threadPlace(range.root), { path: 'src/app.ts', line: 20, endLine: 25, commit: HEAD, outdated: false });
    // A thread on a path outside the repository is not a finding.
    const ref0 = { host: 'h', owner: 'o', repo: 'r', apiBase: 'https://h', webBase: 'https://h', enterprise: false } as GitHubRepoRef;
    for (const path of ['../../.ssh/config', '/etc/passwd'])
      assert.equal(
        mapReviewThread({ root: { ...current.root, path }, comments: [current.root] }, { source: 's', repo: ref0, pullNumber: 1 }),
        undefined,
      );
    // A thread without a full SHA is not a finding.
    assert.equal(
      mapReviewThread(
        { root: { ...current.root, commit_id: 'abc' }, comments: [current.root] },
        {
          source: 's',
          repo:
            h?.ref ??
            ({ host: 'h', owner: 'o', repo: 'r', apiBase: 'https://h', webBase: 'https://h', enterprise: false } as GitHubRepoRef),
          pullNumber: 1,
        },
      ),
      undefined,
    );
  });

  it("reads the threads of HEAD's branch's pull request with their resolved state (GraphQL, checked against GitHub's schema)", async () => {
    const { server, source, ref } = await setup();
    const signals = await source.refresh(abort());
    assert.deepEqual(server.violations, []);
    assert.equal(signals.length, 4);
    const main = byId(signals, 8);
    const t = reviewThreadOf(main)!;
    assert.equal(main.source, `github:${ref.host}/octocat/Hello-World#reviews`);
    assert.equal(t.finding.path, 'src/app.ts');
    assert.equal(t.finding.line, 42);
    assert.equal(t.finding.commit, HEAD);
    assert.deepEqual(
      t.thread.comments.map((c) => [c.author, c.body]),
      [
        ['octocat', 'Why **this**?'],
        ['hubot', 'Because.'],
      ],
    );
    // The id of the pull request's signal as the Code view has it.
    const pr = mapPullRequest((exampleOf(PULLS) as GhPullRequest[])[0], { repo: ref, source: phaseSourceId(ref, 'code') });
    assert.equal(t.thread.request, pr.id);
    assert.equal(t.thread.requestLabel, '#1347');
    assert.equal(t.thread.resolvable, true);
    assert.equal(main.detail?.threadId, 'PRRT_8');
    assert.equal(main.anchors.branch, BRANCH);
    assert.equal(main.state.normal, 'open');
    assert.equal(reviewThreadOf(byId(signals, 30))!.resolved, true);
    assert.equal(reviewThreadOf(byId(signals, 20))!.thread.outdated, true);
    // The requests: the branch's pull requests, the comments, one GraphQL query.
    assert.deepEqual(
      server.requests.map((r) => r.operation),
      [PULLS, COMMENTS, 'POST /graphql'],
    );
    assert.match(server.requests[0].url, /head=octocat%3Afeature%2Flogin/);
    assert.equal(server.graphql.requests[0].operation, 'ReviewThreads');
    assert.deepEqual(server.graphql.requests[0].variables, { owner: 'octocat', name: 'Hello-World', number: 1347, after: null });
  });

  it('records the schema version it checks against, and flags a query GitHub would refuse', () => {
    assert.equal(GRAPHQL_SCHEMA_VERSION, '15.26.1');
    const endpoint = new GraphQLEndpoint();
    for (const query of [REVIEW_THREADS_QUERY, RESOLVE_MUTATION, UNRESOLVE_MUTATION]) {
      endpoint.handle({ query, variables: { owner: 'o', name: 'r', number: 1, threadId: 'x' } });
    }
    assert.deepEqual(
      endpoint.violations.filter((v) => /schema/.test(v)),
      [],
    );
    const reply = endpoint.handle({
      query: '{ repository(owner: "o", name: "r") { pullRequest(number: 1) { reviewThreads(first: 1) { nodes { resolvedState } } } } }',
    });
    assert.match(endpoint.violations.at(-1)!, /not allowed by GitHub's schema: Cannot query field "resolvedState"/);
    assert.ok((reply.body as { errors: unknown[] }).errors.length > 0);
  });

  it('an idle poll costs 304s and no GraphQL point; the states are read again after 5 minutes', async () => {
    const { server, source, now } = await setup();
    await source.refresh(abort());
    server.clearLog();
    const again = await source.refresh(abort());
    assert.equal(again.length, 4);
    assert.deepEqual(
      server.requests.map((r) => [r.operation, r.status]),
      [
        [PULLS, 304],
        [COMMENTS, 304],
      ],
    );
    server.clearLog();
    now.t += STATES_EVERY_MS;
    await source.refresh(abort());
    assert.deepEqual(
      server.requests.map((r) => [r.operation, r.status]),
      [
        [PULLS, 304],
        [COMMENTS, 304],
        ['POST /graphql', 200],
      ],
    );
  });

  it('reads the states again at once when the comments change', async () => {
    const { server, source } = await setup();
    await source.refresh(abort());
    server.setData(COMMENTS, [...comments(), { ...comments()[1], id: 11, body: 'One more.' }]);
    server.clearLog();
    const signals = await source.refresh(abort());
    assert.equal(reviewThreadOf(byId(signals, 8))!.thread.comments.length, 3);
    assert.ok(server.requests.some((r) => r.operation === 'POST /graphql'));
  });

  it('replies on the thread as documented: POST …/comments/{first comment}/replies with the body', async () => {
    const { server, source } = await setup();
    const signals = await source.refresh(abort());
    server.clearLog();
    await source.reply(byId(signals, 8), 'Fixed in the next commit.');
    assert.deepEqual(server.violations, []);
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].operation, REPLIES);
    assert.equal(server.requests[0].url, '/repos/octocat/Hello-World/pulls/1347/comments/8/replies');
    assert.deepEqual(server.requests[0].body, { body: 'Fixed in the next commit.' });
    await assert.rejects(source.reply(byId(signals, 8), '   '), (e) => e instanceof SourceError && e.kind === 'refused');
  });

  it('resolves and unresolves through the GraphQL mutations; the next refresh reads the new state', async () => {
    const { server, source } = await setup();
    let signals = await source.refresh(abort());
    await source.setResolved(byId(signals, 8), true);
    const mutation = server.graphql.requests.at(-1)!;
    assert.equal(mutation.operation, 'ResolveReviewThread');
    assert.deepEqual(mutation.variables, { threadId: 'PRRT_8' });
    assert.deepEqual(mutation.errors, []);
    signals = await source.refresh(abort());
    assert.equal(byId(signals, 8).state.normal, 'resolved');
    await source.setResolved(byId(signals, 8), false);
    assert.equal(server.graphql.requests.at(-1)!.operation, 'UnresolveReviewThread');
    signals = await source.refresh(abort());
    assert.equal(byId(signals, 8).state.normal, 'open');
    assert.deepEqual(server.violations, []);
  });

  it('goes to /api/graphql beside a GHES /api/v3', async () => {
    assert.equal(graphqlUrl('https://api.github.com'), 'https://api.github.com/graphql');
    assert.equal(graphqlUrl('https://ghe.example.com/api/v3'), 'https://ghe.example.com/api/graphql');
    const { server, source } = await setup({ prefix: '/api/v3' });
    const signals = await source.refresh(abort());
    assert.equal(signals.length, 4);
    assert.ok(server.requests.some((r) => r.url === '/api/graphql' && r.status === 200));
    assert.deepEqual(server.violations, []);
  });

  it('without GraphQL (a token lacking its scope, an outage) shows the threads unresolved and does not offer resolving', async () => {
    const { server, source } = await setup();
    server.replyGraphqlOnce(OpenApiServer.error(403, 'Resource not accessible by personal access token'));
    const signals = await source.refresh(abort());
    assert.equal(signals.length, 4);
    const t = reviewThreadOf(byId(signals, 8))!;
    assert.equal(t.thread.resolvable, false);
    assert.equal(byId(signals, 30).state.normal, 'open');
    await assert.rejects(source.setResolved(byId(signals, 8), true), (e) => e instanceof SourceError && e.kind === 'refused');
  });

  it('turns GraphQL errors into the one SourceError', async () => {
    const { server, source } = await setup();
    const signals = await source.refresh(abort());
    server.graphql.threads.clear();
    await assert.rejects(
      source.setResolved(byId(signals, 8), true),
      (e) => e instanceof SourceError && e.kind === 'rejected' && /Could not resolve to a node/.test(e.message),
    );
  });

  for (const [status, kind] of [
    [401, 'auth'],
    [403, 'forbidden'],
    [404, 'notFound'],
    [429, 'rateLimited'],
    [500, 'server'],
    [503, 'server'],
  ] as const) {
    it(`fails with the one SourceError on ${status} (${kind})`, async () => {
      const { server, source } = await setup();
      server.replyOnce(COMMENTS, status === 429 ? OpenApiServer.secondaryRateLimit(60) : OpenApiServer.error(status, `status ${status}`));
      await assert.rejects(source.refresh(abort()), (e) => e instanceof SourceError && e.kind === kind);
    });
  }

  it('fails on 422 from the pull request list as GitHub documents it', async () => {
    const { server, source } = await setup();
    server.replyOnce(PULLS, OpenApiServer.error(422, 'Validation Failed'));
    await assert.rejects(
      source.refresh(abort()),
      (e) => e instanceof SourceError && e.kind === 'rejected' && /Validation Failed/.test(e.message),
    );
    assert.deepEqual(server.violations, []);
  });

  it('fails with badResponse on malformed JSON and on a body that is not a list', async () => {
    const { server, source } = await setup();
    server.replyOnce(COMMENTS, { status: 200, rawBody: '[{"id": 1, "path": "cut', headers: { 'content-type': 'application/json' } });
    await assert.rejects(source.refresh(abort()), (e) => e instanceof SourceError && e.kind === 'badResponse');
    server.replyOnce(COMMENTS, { status: 200, rawBody: '{"message": "not a list"}', headers: { 'content-type': 'application/json' } });
    await assert.rejects(source.refresh(abort()), (e) => e instanceof SourceError && e.kind === 'badResponse');
  });

  it('keeps hostile bodies as data: rendering goes through safeMarkdown, which leaves no command link or HTML', async () => {
    const { source } = await setup();
    const signals = await source.refresh(abort());
    const body = reviewThreadOf(byId(signals, 20))!.thread.comments[0].body;
    assert.match(body, /command:/);
    const shown = safeMarkdown(body);
    assert.doesNotMatch(shown, /command:|<img/);
  });

  it('reads nothing on a detached HEAD, and nothing more than the list when the branch has no pull request', async () => {
    const { server, source, branch } = await setup();
    branch.name = undefined;
    assert.deepEqual(await source.refresh(abort()), []);
    assert.equal(server.requests.length, 0);
    branch.name = 'other';
    assert.deepEqual(await source.refresh(abort()), []);
    assert.deepEqual(
      server.requests.map((r) => r.operation),
      [PULLS],
    );
  });
});
