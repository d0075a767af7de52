import { strict as assert } from 'node:assert';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SignalHub } from '../../../../src/core/hub';
import { silentLogger } from '../../../../src/core/logger';
import { Refresher } from '../../../../src/core/refresher';
import { findingOf } from '../../../../src/core/finding';
import { isSourceError } from '../../../../src/core/sourceError';
import type { Signal } from '../../../../src/core/signal';
import { branchJobName, parseJobPath, sessionCookies } from '../../../../src/sources/jenkins';
import type { DocServer } from '../../../fixtures/jenkins/docServer';
import { REPO, SHA_FEATURE, sourceOn, startServer, TOKEN, USER } from './fixture';

describe('Jenkins build source against the documented server', () => {
  let server: DocServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    assert.deepEqual(server.violations, []);
    await server.close();
  });

  const refresh = (s: ReturnType<typeof sourceOn>) => s.refresh(new AbortController().signal);

  it('finds the multibranch project by the remote URL its branch jobs built, and reads HEAD and default branch jobs', async () => {
    const source = sourceOn(server);
    const signals = await refresh(source);
    const runs = signals.filter((s) => s.kind === 'pipelineRun');
    assert.deepEqual(runs.map((r) => r.title).sort(), [
      'team » app » feature%2Flogin #2',
      'team » app » feature%2Flogin #3',
      'team » app » main #7',
    ]);
    const head = source.headRun as Signal;
    assert.equal(head.title, 'team » app » feature%2Flogin #3');
    assert.equal(head.state.normal, 'failed');
    assert.ok(head.labels.includes('unstable'));
    assert.equal(head.anchors.branch, 'feature/login');
    assert.deepEqual(head.anchors.commits, [SHA_FEATURE]);
    assert.equal(head.anchors.repo, REPO);
    assert.equal(head.detail?.cause, 'Started by user Dev');
    assert.equal(head.detail?.durationMs, 120_000);
    // The other job builds another repository and is not listed.
    assert.ok(!runs.some((r) => r.title.startsWith('other')));
    // Multibranch branch job: the item name is encoded, then URL-encoded in the path.
    assert.ok(server.requests.some((r) => r.url.startsWith('/job/team/job/app/job/feature%252Flogin/api/json')));
  });

  it('searches again at once when the repository’s remotes change', async () => {
    let identities: string[] = [];
    const source = sourceOn(server, { repo: '/home/me/app', identities: () => identities });
    assert.equal((await refresh(source)).length, 0);
    identities = ['/home/me/app', REPO];
    assert.ok((await refresh(source)).some((s) => s.kind === 'pipelineRun'));
    assert.equal(server.requests.filter((r) => r.url.startsWith('/api/json')).length, 2);
  });

  it('maps the stages of wfapi/describe under the newest build, in the order they ran', async () => {
    const signals = await refresh(sourceOn(server));
    const head = signals.find((s) => s.title.endsWith('#3')) as Signal;
    const stages = signals.filter((s) => s.parentId === head.id && s.detail?.stage);
    assert.deepEqual(
      stages.map((s) => [s.title, s.state.normal, s.state.native]),
      [
        ['Build', 'success', 'SUCCESS'],
        ['Test', 'failed', 'UNSTABLE'],
      ],
    );
    // The older build's stages are not read.
    assert.ok(!server.requests.some((r) => r.url.includes('/2/wfapi/describe')));
  });

  it('puts the test report under the build, failed first by age, and each failure naming a repository file becomes a finding on its line', async () => {
    const signals = await refresh(sourceOn(server));
    const head = signals.find((s) => s.title.endsWith('#3')) as Signal;
    const group = signals.find((s) => s.parentId === head.id && s.title === 'Tests') as Signal;
    assert.equal(group.detail?.description, '2 failed, 1 skipped, 40 passed');
    const cases = signals.filter((s) => s.parentId === group.id).sort((a, b) => a.createdAt - b.createdAt);
    assert.deepEqual(
      cases.map((c) => [c.title, c.state.normal]),
      [
        ['cart.rounds', 'failed'],
        ['cart.adds totals', 'failed'],
        ['cart.skips tax', 'skipped'],
      ],
    );
    assert.equal(cases[0].detail?.description, 'failing for 4 builds');
    const findings = signals.map(findingOf).filter((f) => f !== undefined);
    assert.deepEqual(findings.map((f) => [f.path, f.line, f.commit]).sort(), [
      ['src/cart.ts', 40, SHA_FEATURE],
      ['test/cart.test.ts', 12, SHA_FEATURE],
    ]);
    assert.match(findings.find((f) => f.path === 'src/cart.ts')!.message, /cart\.rounds failed: rounding/);
  });

  it('reads a finished build’s report once', async () => {
    const source = sourceOn(server);
    await refresh(source);
    await refresh(source);
    assert.equal(server.requests.filter((r) => r.url.includes('testReport')).length, 1);
  });

  it('takes configured job paths, and asks for the fast pace while a build of HEAD runs', async () => {
    const job = server.item(['team', 'app', 'feature%2Flogin'])!;
    job.builds!.push({
      number: 4,
      building: true,
      timestamp: Date.now(),
      sha: SHA_FEATURE,
      stages: [{ id: '6', name: 'Build', status: 'IN_PROGRESS' }],
    });
    const source = sourceOn(server, { jobs: [parseJobPath('team/app', server.base)!] });
    const signals = await refresh(source);
    assert.equal(source.headRun?.title, 'team » app » feature%2Flogin #4');
    assert.equal(source.headRun?.state.normal, 'running');
    assert.deepEqual(source.pollHints(), { active: true });
    assert.ok(signals.some((s) => s.title === 'Build' && s.state.normal === 'running'));
    assert.ok(!server.requests.some((r) => r.url.startsWith('/api/json')), 'no search with configured jobs');
  });

  it('names the input a paused stage waits for', async () => {
    const job = server.item(['team', 'app', 'main'])!;
    job.builds!.push({
      number: 8,
      building: true,
      timestamp: Date.now(),
      stages: [{ id: '20', name: 'Deploy', status: 'PAUSED_PENDING_INPUT' }],
      inputs: [{ id: 'Ok1', message: 'Deploy to production?' }],
    });
    const signals = await refresh(sourceOn(server));
    const deploy = signals.find((s) => s.title === 'Deploy') as Signal;
    assert.equal(deploy.state.normal, 'queued');
    assert.deepEqual(deploy.detail?.waitingFor, ['Deploy to production?']);
  });

  it('builds with the crumb and the session cookie it was issued for, with parameters, and aborts', async () => {
    const source = sourceOn(server);
    await refresh(source);
    const path = ['team', 'app', 'feature%2Flogin'];
    assert.deepEqual(await source.parameters(path), [
      { name: 'TARGET', type: 'ChoiceParameterDefinition', defaultValue: 'staging', choices: ['staging', 'qa'] },
    ]);
    const queued = await source.build(path, { TARGET: 'qa' });
    assert.match(queued ?? '', /\/queue\/item\/1\/$/);
    await source.abort(path, 3);
    assert.deepEqual(server.actions, [
      { action: 'buildWithParameters', job: 'team/app/feature%2Flogin', parameters: { TARGET: 'qa' } },
      { action: 'stop', job: 'team/app/feature%2Flogin', number: 3 },
    ]);
    const posts = server.requests.filter((r) => r.method === 'POST');
    assert.ok(posts.every((p) => p.crumb && /JSESSIONID\.test=/.test(p.cookie ?? '')));
    assert.equal(server.requests.filter((r) => r.url.startsWith('/crumbIssuer')).length, 1, 'the crumb is cached');
  });

  it('asks for a new crumb once when Jenkins forgot the session (403), and fails on a second 403', async () => {
    const source = sourceOn(server);
    await source.build(['team', 'app', 'main']);
    server.restart();
    await source.build(['team', 'app', 'main']);
    assert.equal(server.actions.length, 2);
    assert.equal(server.requests.filter((r) => r.url.startsWith('/crumbIssuer')).length, 2);
    server.failNext({ status: 403, pathIncludes: '/build', times: 2 });
    await assert.rejects(source.build(['team', 'app', 'main']), (e: unknown) => isSourceError(e) && e.kind === 'forbidden');
  });

  it('sends POSTs without a crumb to an instance without a crumb issuer', async () => {
    await server.close();
    server = await startServer({ noCrumbIssuer: true });
    await sourceOn(server).build(['team', 'app', 'main']);
    assert.equal(server.actions.length, 1);
  });

  it('explains 401, 403, 404, 5xx and malformed JSON, and sends the token only to its origin', async () => {
    const source = sourceOn(server);
    const cases: Array<[number, string | undefined, string, RegExp]> = [
      [401, undefined, 'auth', /did not accept the credentials \(401\)/],
      [403, undefined, 'forbidden', /refused \(403\)/],
      [404, undefined, 'notFound', /not found/],
      [503, undefined, 'server', /server error \(503\)/],
      [200, '{"jobs": [', 'badResponse', /./],
    ];
    for (const [status, rawBody, kind, message] of cases) {
      server.failNext({ status, rawBody });
      await assert.rejects(
        refresh(source),
        (e: unknown) => isSourceError(e) && e.kind === kind && message.test(e.message) && !e.message.includes(TOKEN),
      );
    }
    const wrong = sourceOn(server, { credential: { origin: 'http://elsewhere.example', header: 'Authorization', value: 'Basic x' } });
    await assert.rejects(refresh(wrong), (e: unknown) => isSourceError(e) && e.kind === 'refused');
    assert.ok(
      server.requests.every(
        (r) => r.authorization === undefined || r.authorization === `Basic ${Buffer.from(`${USER}:${TOKEN}`).toString('base64')}`,
      ),
    );
  });

  it('waits as a 429 with Retry-After asks, and says until when', async () => {
    const source = sourceOn(server, { now: () => Date.now() });
    server.failNext({ status: 429, headers: { 'retry-after': '120' } });
    await assert.rejects(
      refresh(source),
      (e: unknown) => isSourceError(e) && e.kind === 'rateLimited' && /rate limit reached; waiting until/.test(e.message),
    );
    const notBefore = source.pollHints().notBefore ?? 0;
    assert.ok(notBefore > Date.now() + 100_000 && notBefore <= Date.now() + 121_000, String(notBefore));
    await refresh(source);
    assert.equal(source.pollHints().notBefore, undefined);
  });

  it('keeps the last data, marked stale with the reason, while the instance fails', async () => {
    const hub = new SignalHub();
    const refresher = new Refresher(hub, silentLogger);
    const source = sourceOn(server);
    await refresher.refresh(source, new AbortController().signal);
    const before = hub.query({ kind: 'pipelineRun' }).length;
    assert.equal(before, 3);
    server.failNext({ status: 502 });
    await refresher.refresh(source, new AbortController().signal);
    assert.equal(hub.query({ kind: 'pipelineRun' }).length, before);
    const health = hub.getHealth(source.id);
    assert.equal(health?.status, 'error');
    assert.match(health?.message ?? '', /Jenkins had a server error \(502\)/);
  });

  it('says a certificate problem in words a user can act on', async () => {
    const tcp = createTcpServer((socket) => socket.end('HTTP/1.1 200 OK\r\n\r\nnot tls'));
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    try {
      const base = `https://127.0.0.1:${(tcp.address() as AddressInfo).port}/`;
      const source = sourceOn(server, { base, credential: undefined });
      await assert.rejects(refresh(source), (e: unknown) => isSourceError(e) && e.kind === 'tls' && /certificate/.test(e.hint ?? ''));
    } finally {
      tcp.close();
    }
  });

  it('reads the whole log and the progressive log with its size and more-data headers', async () => {
    const source = sourceOn(server);
    const path = ['team', 'app', 'feature%2Flogin'];
    assert.match(await source.log(path, 3), /Finished: UNSTABLE/);
    server.item(path)!.builds![0].logMore = true;
    const first = await source.logFrom(path, 3, 0);
    assert.equal(first.more, true);
    assert.equal(first.size, Buffer.byteLength(first.text));
    const next = await source.logFrom(path, 3, first.size);
    assert.equal(next.text, '');
  });
});

describe('Jenkins paths and cookies', () => {
  it('encodes branch names as the branch API does', () => {
    assert.equal(branchJobName('feature/login'), 'feature%2Flogin');
    assert.equal(branchJobName('100%#x'), '100%25%23x');
    assert.equal(branchJobName('.'), '%2E');
  });
  it('parses job paths from settings', () => {
    const base = 'https://ci.example.com/jenkins/';
    assert.deepEqual(parseJobPath('team/app', base), ['team', 'app']);
    assert.deepEqual(parseJobPath('job/team/job/app%2Fx', base), ['team', 'app/x']);
    assert.deepEqual(parseJobPath('https://ci.example.com/jenkins/job/team/job/app/', base), ['team', 'app']);
    assert.equal(parseJobPath('https://other.example.com/job/a/', base), undefined);
    assert.equal(parseJobPath('', base), undefined);
  });
  it('keeps only name=value pairs of Set-Cookie', () => {
    assert.equal(
      sessionCookies('JSESSIONID.x=abc; Path=/; HttpOnly, other=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT'),
      'JSESSIONID.x=abc; other=1',
    );
  });
});
