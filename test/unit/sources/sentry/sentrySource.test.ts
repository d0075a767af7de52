/**
 * The Sentry source against a local server answering with the response shapes of Sentry's
 * documented API (see test/fixtures/sentry/server.ts for the page each shape comes from).
 */
import assert from 'node:assert/strict';
import { WorkspaceFileIndex, type PathMapping } from '../../../../src/core/codeMapping';
import { problemsFor } from '../../../../src/core/monitorProblems';
import type { Signal } from '../../../../src/core/signal';
import { HttpClient } from '../../../../src/http/client';
import { sentryCredential, type SentryConfig } from '../../../../src/sources/sentry/api';
import { mapStackFrame, type MappedFrame } from '../../../../src/sources/sentry/mapping';
import { SourceError } from '../../../../src/core/sourceError';
import { SentrySource, type SentrySourceOptions } from '../../../../src/sources/sentry/sentrySource';
import { SentryTestServer } from '../../../fixtures/sentry/server';

const TOKEN = 'sntrys_0123456789abcdef-secret';

const WORKSPACE = new WorkspaceFileIndex([
  'services/api/src/app/handler.ts',
  'services/api/src/app/router.ts',
  'services/api/src/lib/user.ts',
  'services/api/src/lib/progress.ts',
  'services/web/src/app/handler.ts',
  'services/billing/billing/pricing.py',
  'services/billing/billing/views.py',
  'services/billing/billing/catalog.py',
]);
const MAPPINGS: PathMapping[] = [{ stackRoot: 'app:///src', sourceRoot: 'services/api/src' }];

function byShortId(signals: Signal[], shortId: string): Signal {
  const found = signals.find((s) => s.detail?.shortId === shortId);
  assert.ok(found, `no signal ${shortId}`);
  return found;
}

function frameLines(signal: Signal): string[] {
  return (signal.detail?.frames as MappedFrame[]).map((f) => `${f.filename ?? f.absPath}:${f.lineNo ?? '?'}`);
}

describe('Sentry source against a server answering as Sentry documents', () => {
  let server: SentryTestServer;
  let http: HttpClient;

  beforeEach(async () => {
    server = await SentryTestServer.start({ token: TOKEN, pageSize: 3 });
    http = new HttpClient({ maxRetries: 0, timeoutMs: 5000 });
  });

  afterEach(async () => {
    await server.close();
  });

  function source(config: Partial<SentryConfig> = {}, options: SentrySourceOptions = {}): SentrySource {
    const baseUrl = config.baseUrl ?? server.url;
    return new SentrySource(
      http,
      { organization: 'acme', baseUrl, ...config },
      {
        credential: sentryCredential(baseUrl, TOKEN),
        mapFrame: (frame) => mapStackFrame(frame, WORKSPACE, MAPPINGS),
        ...options,
      },
    );
  }

  function issueListRequests() {
    return server.requests.filter((r) => r.path.endsWith('/issues/'));
  }

  it('pages through unresolved issues with the Link cursor and parses counts', async () => {
    const { signals, truncated } = await source().fetch();
    assert.equal(truncated, false);
    assert.deepEqual(
      signals.map((s) => s.detail?.shortId),
      ['API-1', 'BILLING-7', 'API-3', 'API-4', 'WEB-1'],
    );

    const pages = issueListRequests();
    assert.equal(pages.length, 2);
    assert.equal(pages[0].query.get('query'), 'is:unresolved');
    assert.equal(pages[0].query.get('cursor'), null);
    assert.equal(pages[1].query.get('cursor'), '0:3:0');
    assert.ok(server.requests.every((r) => r.authorization === `Bearer ${TOKEN}`));

    const api1 = byShortId(signals, 'API-1');
    assert.equal(api1.id, 'sentry:acme:error:1001');
    assert.equal(api1.kind, 'error');
    assert.deepEqual(api1.state, { normal: 'open', native: 'unresolved' });
    assert.equal(api1.detail?.count, 1523, 'count arrives as the string "1523"');
    assert.equal(api1.detail?.userCount, 87);
    assert.deepEqual(api1.labels, ['error']);
    assert.equal(api1.url, 'https://sentry.example.com/organizations/acme/issues/1001/');
    assert.equal(api1.createdAt, Date.parse('2026-11-20T08:00:00.000000Z'));
    assert.equal(api1.updatedAt, Date.parse('2026-11-21T23:50:12.000000Z'));
    assert.deepEqual(api1.tags, ['level:error', 'project:api', 'service:api', 'env:production', 'release:api@2.4.1']);
  });

  it('lists the latest event frames in-app first, innermost first, and maps them to the workspace', async () => {
    const { signals } = await source().fetch();
    const api1 = byShortId(signals, 'API-1');
    assert.deepEqual(frameLines(api1), [
      'app:///src/lib/user.ts:7',
      'app:///src/app/handler.ts:42',
      'app:///src/app/router.ts:31',
      'node:internal/process/task_queues:95',
      '/usr/src/app/node_modules/express/lib/router/layer.js:95',
    ]);
    assert.deepEqual(api1.anchors.files, [
      { path: 'services/api/src/lib/user.ts', line: 7 },
      { path: 'services/api/src/app/handler.ts', line: 42 },
      { path: 'services/api/src/app/router.ts', line: 31 },
    ]);
    const frames = api1.detail?.frames as MappedFrame[];
    // Unmapped frames stay listed, with the reason.
    assert.deepEqual(
      frames.slice(3).map((f) => f.mapping?.status),
      ['unmapped', 'unmapped'],
    );
    assert.equal(api1.detail?.unmappedFrames, 2);
    assert.deepEqual(api1.detail?.exception, { type: 'TypeError', value: "Cannot read properties of undefined (reading 'id')" });
    assert.deepEqual(frames[1].context?.[1], [42, '  const id = getUserId(user);']);
  });

  it('puts the thrown exception before its cause', async () => {
    const { signals } = await source().fetch();
    const billing = byShortId(signals, 'BILLING-7');
    assert.deepEqual(frameLines(billing), ['billing/pricing.py:40', 'billing/views.py:88', 'billing/catalog.py:12']);
    assert.deepEqual(
      billing.anchors.files?.map((f) => `${f.path}:${f.line}`),
      ['services/billing/billing/pricing.py:40', 'services/billing/billing/views.py:88', 'services/billing/billing/catalog.py:12'],
    );
    assert.deepEqual(billing.labels, ['fatal']);
    assert.deepEqual(billing.detail?.exception, { type: 'PriceError', value: 'no price for sku' });
  });

  it('turns malformed events and missing frames into warnings, keeping the issue', async () => {
    const { signals, warnings } = await source().fetch();
    const broken = byShortId(signals, 'API-3');
    assert.deepEqual(broken.detail?.frames, []);
    assert.deepEqual(broken.detail?.warnings, ['the latest event has no list of entries; no stack trace']);
    assert.equal(broken.detail?.framesFetched, true);

    const partial = byShortId(signals, 'API-4');
    assert.deepEqual(frameLines(partial), ['app:///src/lib/progress.ts:18', 'app:///src/lib/progress.ts:?']);
    assert.deepEqual(partial.anchors.files, [
      { path: 'services/api/src/lib/progress.ts', line: 18 },
      { path: 'services/api/src/lib/progress.ts' },
    ]);
    assert.deepEqual(partial.detail?.warnings, [
      'exception Error has no list of frames',
      'exception RangeError: a frame is not an object',
      'exception RangeError: 1 frame(s) without a line number',
      'exception Error has no stack trace',
      'an exception entry has no list of values',
      'an event entry is not an object',
    ]);
    assert.equal(partial.tags.includes('env:staging'), true);

    // WEB-1 has no latest event (404): listed, without frames, with a warning naming it.
    const web = byShortId(signals, 'WEB-1');
    assert.equal(web.detail?.framesFetched, false);
    assert.ok(
      warnings.some((w) => /could not fetch the latest event of WEB-1/.test(w)),
      warnings.join('\n'),
    );
    assert.ok(warnings.some((w) => /API-3: the latest event has no list of entries/.test(w)));
  });

  it('survives a latest event that is not JSON', async () => {
    await server.close();
    server = await SentryTestServer.start({ token: TOKEN, pageSize: 10, eventBodies: { 1001: '{"entries": [' } });
    const { signals, warnings } = await source().fetch();
    assert.equal(signals.length, 5);
    assert.equal(byShortId(signals, 'API-1').detail?.framesFetched, false);
    assert.ok(
      warnings.some((w) => /API-1.*not valid JSON/.test(w)),
      warnings.join('\n'),
    );
  });

  it('fails with a clear 401 error that never shows the token', async () => {
    const wrong = new SentrySource(
      http,
      { organization: 'acme', baseUrl: server.url },
      {
        credential: sentryCredential(server.url, 'sntrys_wrong-token'),
      },
    );
    await assert.rejects(wrong.refresh(new AbortController().signal), (error: unknown) => {
      assert.ok(error instanceof SourceError);
      assert.equal(error.kind, 'auth');
      assert.match(error.message, /Sentry · acme: could not list issues: .*401/);
      assert.match(error.message, /Sentry rejected the auth token/);
      assert.ok(!error.message.includes('sntrys_wrong-token'));
      return true;
    });
  });

  it('queries per project slug, or organization-wide by numeric project id', async () => {
    const bySlug = await source({ projects: ['api', 'web'] }).fetch();
    assert.deepEqual(bySlug.signals.map((s) => s.detail?.shortId).sort(), ['API-1', 'API-3', 'API-4', 'WEB-1']);
    assert.deepEqual([...new Set(issueListRequests().map((r) => r.path))].sort(), [
      '/api/0/projects/acme/api/issues/',
      '/api/0/projects/acme/web/issues/',
    ]);

    server.requests.length = 0;
    const byId = await source({ projects: ['3'] }).fetch();
    assert.deepEqual(
      byId.signals.map((s) => s.detail?.shortId),
      ['BILLING-7'],
    );
    assert.deepEqual(
      issueListRequests().map((r) => r.query.getAll('project')),
      [['3']],
    );
  });

  it('stops at the page bound and says so', async () => {
    const { signals, truncated, warnings } = await source({}, { maxPages: 1 }).fetch();
    assert.equal(signals.length, 3);
    assert.equal(truncated, true);
    assert.ok(warnings.some((w) => /more issues than the page limit/.test(w)));
  });

  it('fetches a latest event again only when the issue was seen again', async () => {
    const sentry = source();
    await sentry.fetch();
    const eventRequests = () => server.requests.filter((r) => r.path.includes('/events/latest/')).length;
    const first = eventRequests();
    assert.equal(first, 5);
    const again = await sentry.fetch();
    // Only the issue whose event failed (404) is asked again.
    assert.equal(eventRequests() - first, 1);
    assert.equal(byShortId(again.signals, 'API-1').anchors.files?.length, 3);
  });

  it('limits how many latest events one refresh fetches', async () => {
    const { signals } = await source({}, { maxEventFetches: 2 }).fetch();
    assert.equal(server.requests.filter((r) => r.path.includes('/events/latest/')).length, 2);
    assert.equal(byShortId(signals, 'API-3').detail?.framesFetched, false);
  });

  it('gives Problems entries at the innermost mapped frame, error for fatal, with counts', async () => {
    const { signals } = await source().fetch();
    const problems = problemsFor(signals);
    const api1 = problems.find((p) => p.signalId === 'sentry:acme:error:1001');
    assert.deepEqual(api1 && { ...api1 }, {
      path: 'services/api/src/lib/user.ts',
      line: 7,
      severity: 'warning',
      message: "API-1: TypeError: Cannot read properties of undefined (reading 'id') (1523 events, 87 users)",
      signalId: 'sentry:acme:error:1001',
      related: [
        { path: 'services/api/src/app/handler.ts', line: 42 },
        { path: 'services/api/src/app/router.ts', line: 31 },
      ],
    });
    const billing = problems.find((p) => p.signalId === 'sentry:acme:error:1002');
    assert.equal(billing?.severity, 'error');
    assert.equal(billing?.message, 'BILLING-7: PriceError: no price for sku (12 events, 3 users)');
    // No entry for issues with nothing mapped.
    assert.equal(
      problems.some((p) => p.signalId === 'sentry:acme:error:1005'),
      false,
    );
  });
});
