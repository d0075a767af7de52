import { strict as assert } from 'node:assert';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { SignalHub } from '../../../../src/core/hub';
import { silentLogger } from '../../../../src/core/logger';
import { Refresher } from '../../../../src/core/refresher';
import { isSourceError, type SourceError } from '../../../../src/core/sourceError';
import type { Signal } from '../../../../src/core/signal';
import type { CdsDocServer } from '../../../fixtures/cds/docServer';
import { REPO, SHA_FEATURE, SIGNIN_TOKEN, sourceOn, startServer } from './fixture';

const refresh = (s: ReturnType<typeof sourceOn>) => s.refresh(new AbortController().signal);

async function failure(p: Promise<unknown>): Promise<SourceError> {
  try {
    await p;
  } catch (error) {
    assert.ok(isSourceError(error), `a SourceError, not ${String(error)}`);
    return error;
  }
  assert.fail('it did not fail');
}

describe('CDS build source against the documented server', () => {
  let server: CdsDocServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    assert.deepEqual(server.violations, []);
    await server.close();
  });

  it("finds the workflow by the repository's name and lists the runs of HEAD's and the default branch", async () => {
    const source = sourceOn(server);
    const signals = await refresh(source);
    const runs = signals.filter((s) => s.kind === 'pipelineRun');
    assert.deepEqual(runs.map((r) => r.title).sort(), ['app-ci #1', 'app-ci #2', 'app-ci #3']);
    assert.deepEqual(source.workflowsRead, [{ project: 'TEAM', workflow: 'app-ci' }]);
    const head = source.headRun as Signal;
    assert.equal(head.title, 'app-ci #2');
    assert.equal(head.state.normal, 'failed');
    assert.equal(head.state.native, 'Fail');
    assert.equal(head.anchors.branch, 'feature/login');
    assert.deepEqual(head.anchors.commits, [SHA_FEATURE]);
    assert.equal(head.anchors.repo, REPO);
    assert.equal(head.url, 'https://cds-ui.example.com/project/TEAM/workflow/app-ci/run/2');
    assert.ok(server.requests.some((r) => r.url === '/project?repo=team%2Fapp'));
    assert.ok(server.requests.some((r) => r.url.includes('/runs?limit=20&git.branch=feature%2Flogin')));
    // The other workflow builds another repository.
    assert.ok(!runs.some((r) => r.title.startsWith('other')));
  });

  it('maps the jobs of every node of the newest runs, and their steps, in the order they ran', async () => {
    const signals = await refresh(sourceOn(server));
    const run2 = signals.find((s) => s.title === 'app-ci #2')!;
    const jobs = signals.filter((s) => s.parentId === run2.id).sort((a, b) => a.createdAt - b.createdAt);
    assert.deepEqual(
      jobs.map((j) => [j.title, j.state.native, j.detail?.stage]),
      [
        ['build › Go build', 'Fail', 'Compile'],
        ['deploy › Helm', 'Skipped', 'Deploy'],
      ],
    );
    const steps = signals.filter((s) => s.parentId === jobs[0].id).sort((a, b) => a.createdAt - b.createdAt);
    assert.deepEqual(
      steps.map((s) => [s.title, s.state.normal]),
      [
        ['checkout', 'success'],
        ['make', 'failed'],
      ],
    );
    assert.deepEqual(run2.detail?.restartFrom, [11], 'a restart starts from the root node');
    // Run #1 is neither the newest of a branch nor running: its list row only.
    const run1 = signals.find((s) => s.title === 'app-ci #1')!;
    assert.ok(!signals.some((s) => s.parentId === run1.id));
    assert.equal(run1.url, 'https://cds-ui.example.com/project/TEAM/workflow/app-ci/run/1', 'its UI page, from the address the API uses');
  });

  it('reads a finished run again only when its list row changed', async () => {
    const source = sourceOn(server);
    await refresh(source);
    const reads = () => server.requests.filter((r) => /\/runs\/\d+$/.test(r.url)).length;
    const first = reads();
    await refresh(source);
    assert.equal(reads(), first);
  });

  it('polls fast while a run of HEAD’s branch is building, and reads it each time', async () => {
    const source = sourceOn(server);
    await refresh(source);
    assert.equal(source.pollHints().active, undefined);
    const run = server.workflow('TEAM', 'app-ci')!.runs[1];
    run.status = 'Building';
    await refresh(source);
    assert.equal(source.pollHints().active, true);
    assert.equal(source.headRun?.state.normal, 'running');
  });

  it('signs in once, sends the session only, and signs in again once when the session expired', async () => {
    const source = sourceOn(server);
    await refresh(source);
    assert.equal(server.signIns, 1);
    const signin = server.requests.find((r) => r.url === '/auth/consumer/builtin/signin')!;
    assert.equal(signin.authorization, undefined);
    assert.deepEqual(JSON.parse(signin.body!), { token: SIGNIN_TOKEN });
    const others = server.requests.filter((r) => r !== signin);
    assert.ok(others.every((r) => /^Bearer eyJ/.test(r.authorization ?? '') && !r.authorization!.includes(SIGNIN_TOKEN)));
    server.expireSessions();
    await refresh(source);
    assert.equal(server.signIns, 2);
    assert.equal(server.requests.filter((r) => r.status === 401).length, 1, 'one refused call, repeated after the new sign-in');
  });

  it('says what to do when the sign-in token is refused, without showing it', async () => {
    const source = sourceOn(server, { signinToken: 'revoked-token-0000000000000000' });
    const e = await failure(refresh(source));
    assert.equal(e.kind, 'auth');
    assert.match(e.message, /sign-in token was refused \(403\).*DevOps: Set CDS Token…/);
    assert.ok(!e.message.includes('revoked-token'));
  });

  it('says what to do on 403, 404, 5xx and malformed JSON', async () => {
    const source = sourceOn(server);
    await refresh(source);
    server.failNext({ status: 403, pathIncludes: '/runs' });
    let e = await failure(refresh(source));
    assert.equal(e.kind, 'forbidden');
    assert.match(e.message, /consumer may not do this \(403\).*groups need access to the project/);
    const missing = sourceOn(server, { workflows: [{ project: 'TEAM', workflow: 'gone' }] });
    e = await failure(refresh(missing));
    assert.equal(e.kind, 'notFound');
    assert.match(e.message, /workflow TEAM\/gone was not found \(404\).*devops\.cds\.instances/);
    server.failNext({ status: 503, pathIncludes: '/runs' });
    e = await failure(refresh(source));
    assert.equal(e.kind, 'server');
    server.failNext({ status: 200, rawBody: '[{"num": 1,', pathIncludes: '/runs' });
    e = await failure(refresh(source));
    assert.equal(e.kind, 'badResponse');
  });

  it('explains an untrusted certificate in words', async () => {
    // A server that answers plain text where TLS is expected: the client's TLS handshake fails as with a bad certificate.
    const tcp = createTcpServer((socket) => socket.end('HTTP/1.1 200 OK\r\n\r\nnot tls'));
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    try {
      const source = sourceOn(server, { base: `https://127.0.0.1:${(tcp.address() as AddressInfo).port}/` });
      const e = await failure(refresh(source));
      assert.equal(e.kind, 'tls');
      assert.match(e.message, /certificate of the CDS server is not trusted .*trust store/);
    } finally {
      tcp.close();
    }
  });

  it('keeps the last runs, marked stale with the reason, when CDS fails', async () => {
    const hub = new SignalHub();
    const refresher = new Refresher(hub, silentLogger);
    const source = sourceOn(server);
    await refresher.refresh(source, new AbortController().signal);
    const before = hub.query({ kind: 'pipelineRun' }).length;
    assert.equal(before, 3);
    server.failNext({ status: 502, pathIncludes: '/runs' });
    await refresher.refresh(source, new AbortController().signal);
    assert.equal(hub.query({ kind: 'pipelineRun' }).length, before);
    const health = hub.getHealth(source.id);
    assert.equal(health?.status, 'error');
    assert.match(health?.message ?? '', /CDS had a server error \(502\)/);
  });

  it('without any token, says how to store one and sends nothing', async () => {
    const e = await failure(refresh(sourceOn(server, { signinToken: undefined })));
    assert.equal(e.kind, 'config');
    assert.match(e.message, /DevOps: Set CDS Token…/);
    assert.equal(server.requests.length, 0);
  });

  it('uses the configured projects and workflows instead of searching', async () => {
    await refresh(sourceOn(server, { projects: ['TEAM'] }));
    assert.ok(server.requests.some((r) => r.url === '/project/TEAM/workflows?repo=team%2Fapp'));
    assert.ok(!server.requests.some((r) => r.url.startsWith('/project?')));
  });

  it('starts, restarts from the root nodes and stops runs', async () => {
    const source = sourceOn(server);
    const signals = await refresh(source);
    const ref = { project: 'TEAM', workflow: 'app-ci' };
    await source.start(ref, 'feature/login');
    const run2 = signals.find((s) => s.title === 'app-ci #2')!;
    await source.restart(ref, 2, run2.detail?.restartFrom as number[]);
    await source.stop(ref, 4);
    assert.deepEqual(server.actions, [
      { action: 'start', workflow: 'TEAM/app-ci', number: 4, branch: 'feature/login' },
      { action: 'restart', workflow: 'TEAM/app-ci', number: 2, fromNodes: [11] },
      { action: 'stop', workflow: 'TEAM/app-ci', number: 4 },
    ]);
    const after = await refresh(source);
    assert.equal(after.find((s) => s.title === 'app-ci #2.1')?.state.native, 'Waiting', 'the restart is a new sub-run');
  });

  it('reads a step log from the CDN the API names, with the session', async () => {
    const source = sourceOn(server);
    const signals = await refresh(source);
    const make = signals.find((s) => s.title === 'make' && s.anchors.branch === 'feature/login')!;
    const ref = make.detail?.cds as { project: string; workflow: string; nodeRunId: number; jobId: number; stepOrder: number };
    const log = await source.stepLog(ref, { nodeRunId: ref.nodeRunId, jobId: ref.jobId, order: ref.stepOrder });
    assert.equal(log, '\u001b[31mFAIL\u001b[0m\n');
    const download = server.requests.find((r) => r.service === 'cdn')!;
    assert.match(download.url, /^\/item\/step-log\/\d+\/download$/);
    assert.match(download.authorization ?? '', /^Bearer eyJ/);
  });
});
