/**
 * Failures as a user meets them: 401 (expired or revoked token) with the way to a new one, 429 with
 * Retry-After waited out by the client or handed to the scheduler, 5xx, malformed JSON, deleted issues;
 * each the one SourceError with a clear sentence, and the token never in a message.
 */
import assert from 'node:assert/strict';
import { SourceError } from '../../../../src/core/sourceError';
import { JiraReferenceResolver } from '../../../../src/sources/jira';
import { EMAIL, signal, startFixture, TOKEN, type Fixture } from './helpers';

async function failure(f: Fixture): Promise<SourceError> {
  const error = await f.source.refresh(signal()).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof SourceError, String(error));
  assert.equal(error.service, 'Jira');
  assert.ok(!error.message.includes(TOKEN), 'no token in the message');
  return error;
}

describe('jira failures (clear SourceErrors, never a crash)', () => {
  let f: Fixture;
  afterEach(async () => {
    assert.deepEqual(f.server.violations, []);
    await f.server.stop();
  });

  it('a refused token (401) says it may have expired and how to store a new one, and the service is told', async () => {
    const told: SourceError[] = [];
    f = await startFixture('cloud', { server: { token: 'another-token' }, source: { onFailure: (e) => told.push(e) } });
    const error = await failure(f);
    assert.equal(error.kind, 'auth');
    assert.match(
      error.message,
      new RegExp(`did not accept the API token of ${EMAIL.replace('.', '\\.')} \\(401\\); it may have expired or been revoked`),
    );
    assert.match(error.message, /DevOps: Set Jira Token…/);
    assert.deepEqual(
      told.map((e) => e.kind),
      ['auth'],
    );
  });

  it('Data Center: a refused personal access token', async () => {
    f = await startFixture('datacenter', { server: { token: 'other' } });
    const error = await failure(f);
    assert.equal(error.kind, 'auth');
    assert.match(error.message, /did not accept the personal access token \(401\)/);
  });

  it('429 with Retry-After: waited out by the client when short, then the answer', async () => {
    f = await startFixture('cloud', { client: { maxRetries: 2 } });
    let throttled = 0;
    f.server.fail = (req) =>
      req.op.key === 'GET /rest/agile/1.0/board/{boardId}/sprint' && throttled++ === 0
        ? { status: 429, headers: { 'retry-after': '7' } }
        : undefined;
    const signals = await f.source.refresh(signal());
    assert.equal(signals.length, 7);
    assert.ok(f.waits.includes(7000), `waited Retry-After: ${f.waits.join(',')}`);
  });

  it('429 with a long Retry-After: a rateLimited error and a poll hint not to ask before then', async () => {
    f = await startFixture('cloud', { client: { maxRetries: 2, maxRetryWaitMs: 1000 } });
    f.server.fail = (req) =>
      req.op.key === 'GET /rest/agile/1.0/sprint/{sprintId}/issue' ? { status: 429, headers: { 'retry-after': '600' } } : undefined;
    const before = Date.now();
    const error = await failure(f);
    assert.equal(error.kind, 'rateLimited');
    assert.match(error.message, /rate limit reached; waiting until/);
    assert.ok((f.source.pollHints().notBefore ?? 0) >= before + 590_000);
  });

  it('malformed JSON and 5xx are clear errors', async () => {
    f = await startFixture('cloud');
    f.server.fail = (req) =>
      req.op.key === 'GET /rest/agile/1.0/board/{boardId}/sprint' ? { status: 200, rawBody: '{"values": [' } : undefined;
    assert.equal((await failure(f)).kind, 'badResponse');
    f.server.fail = (req) => (req.op.key === 'GET /rest/agile/1.0/board/{boardId}/sprint' ? { status: 503 } : undefined);
    const error = await failure(f);
    assert.equal(error.kind, 'server');
    assert.match(error.message, /server error \(503\)/);
  });

  it('a deleted or archived issue (404) names the issue; release-note titles leave it out', async () => {
    f = await startFixture('cloud');
    const error = await f.source.api.issue('PROJ-999', ['summary']).catch((e: unknown) => e as SourceError);
    assert.ok(error instanceof SourceError);
    assert.equal(error.kind, 'notFound');
    assert.match(error.message, /PROJ-999 \(deleted, archived or not visible to you\) not found/);
    assert.match(error.message, /Issue does not exist or you do not have permission to see it/);
    const resolver = new JiraReferenceResolver(f.source.api);
    const { resolved, error: none } = await resolver.resolve([
      { kind: 'issueKey', key: 'PROJ-2', number: 2, scope: 'PROJ' },
      { kind: 'issueKey', key: 'PROJ-999', number: 999, scope: 'PROJ' },
    ]);
    assert.equal(none, undefined);
    assert.deepEqual([...resolved.keys()], ['PROJ-2']);
    assert.equal(resolved.get('PROJ-2')?.summary, 'Issue number 2');
  });
});
