/**
 * The Argo CD source against the documented test server: which apps it finds (by the workspace
 * remote's identity, or named in the settings), how they become signals (the app, its history as
 * deployments anchored to commits and environments, in the shape core/deployStatus reads), and the
 * actions (Sync with prune / dry run, Refresh, Rollback) as Argo CD documents their requests.
 */
import assert from 'node:assert/strict';
import { deployEventsFromSignals, environmentHistories } from '../../../../src/core/deployStatus';
import type { Signal } from '../../../../src/core/signal';
import { argoApp, shaOf } from '../../../fixtures/argocd/synthetic';
import { REPO_HTTPS, signal, startArgo, TOKEN, WORKSPACE_IDENTITY, type ArgoFixture } from './helpers';

const A = shaOf(0xa1);
const B = shaOf(0xb2);
const C = shaOf(0xc3);

function shop(overrides: Partial<Parameters<typeof argoApp>[0]> = {}) {
  return argoApp({
    name: 'shop-prod',
    repoURL: REPO_HTTPS,
    destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
    history: [
      { id: 0, revision: A, deployedAt: '2026-02-01T10:00:00Z', username: 'alice' },
      { id: 1, revision: B, deployedAt: '2026-02-03T10:00:00Z', automated: true },
    ],
    ...overrides,
  });
}

describe('argocd source', () => {
  let f: ArgoFixture;
  beforeEach(async () => {
    f = await startArgo();
  });
  afterEach(async () => {
    assert.deepEqual(f.server.violations, [], 'every request is one Argo CD documents');
    await f.server.close();
  });

  const byId = (signals: Signal[], suffix: string) => signals.find((s) => s.id.endsWith(suffix));

  it('finds the apps whose source repository is a workspace remote (SSH remote, HTTPS repoURL) and no other', async () => {
    f.server.setApp(shop());
    f.server.setApp(argoApp({ name: 'other', repoURL: 'https://git.example.com/other/repo.git' }));
    f.server.setApp(argoApp({ name: 'ssh-form', repoURL: 'git@git.example.com:shop/checkout.git' }));
    const signals = await f.source.refresh(signal());
    const apps = signals.filter((s) => s.detail?.argocdApp === true).map((s) => s.title);
    assert.deepEqual(apps.sort(), ['shop-prod', 'ssh-form']);
    assert.equal(f.source.id, `argocd:${new URL(f.server.url).host}`);
    for (const s of signals) assert.equal(s.anchors.repo, WORKSPACE_IDENTITY);
    const auth = f.server.requests.map((r) => r.authorization);
    assert.ok(auth.every((a) => a === `Bearer ${TOKEN}`));
  });

  it('adds apps named in the settings even when their repository is not a workspace remote', async () => {
    await f.server.close();
    f = await startArgo({ apps: ['infra'] }, []);
    f.server.setApp(argoApp({ name: 'infra', repoURL: 'https://git.example.com/platform/infra.git' }));
    f.server.setApp(argoApp({ name: 'unrelated', repoURL: 'https://git.example.com/x/y.git' }));
    const signals = await f.source.refresh(signal());
    assert.deepEqual(
      signals.filter((s) => s.detail?.argocdApp).map((s) => s.title),
      ['infra'],
    );
    assert.equal(signals[0].anchors.repo, 'git.example.com/platform/infra');
  });

  it('maps the app (sync status, health) and each history entry to a deployment anchored to its commit and cluster/namespace', async () => {
    f.server.setApp(shop());
    f.server.setRevision(B, {
      author: 'Bob <bob@example.com>',
      date: '2026-02-03T09:00:00Z',
      message: 'Pay with vouchers\n\nlong body',
      tags: ['v1.4.0'],
    });
    const signals = await f.source.refresh(signal());
    const app = byId(signals, 'app/argocd/shop-prod')!;
    assert.equal(app.kind, 'deployment');
    assert.equal(app.state.normal, 'success');
    assert.equal(app.state.native, 'Synced · Healthy');
    assert.equal(app.anchors.commits, undefined, 'the app itself is no deploy event');
    assert.equal(app.anchors.environment, 'in-cluster/shop');
    assert.equal(app.url, `${f.server.url}/applications/argocd/shop-prod`);
    assert.deepEqual(app.detail?.commit, {
      author: 'Bob <bob@example.com>',
      date: Date.parse('2026-02-03T09:00:00Z'),
      message: 'Pay with vouchers',
      tags: ['v1.4.0'],
    });

    const first = byId(signals, 'argocd/shop-prod@0')!;
    const second = byId(signals, 'argocd/shop-prod@1')!;
    assert.deepEqual(first.anchors, { repo: WORKSPACE_IDENTITY, commits: [A], environment: 'in-cluster/shop' });
    assert.equal(first.author, 'alice');
    assert.equal(first.createdAt, Date.parse('2026-02-01T10:00:00Z'));
    assert.equal(second.detail?.initiatedBy, 'automated sync');
    assert.equal(second.parentId, app.id);

    // What core/deployStatus makes of them: B runs in the environment, since the second sync.
    const [history] = environmentHistories(deployEventsFromSignals(signals));
    assert.equal(history.environment, 'in-cluster/shop');
    assert.equal(history.live.at(-1)?.commit, B);
    assert.equal(signals.length, 3);
  });

  it("reads a revision's metadata once, not at every poll", async () => {
    f.server.setApp(shop());
    f.server.setRevision(B, { author: 'Bob', message: 'x' });
    await f.source.refresh(signal());
    await f.source.refresh(signal());
    assert.equal(f.server.requestsOf('GET /api/v1/applications/{name}/revisions/{revision}/metadata').length, 1);
    assert.equal(f.source.lastRequests, 1);
  });

  it('names the environment as the settings say for the app', async () => {
    await f.server.close();
    f = await startArgo({ environments: { 'shop-prod': 'production' } });
    f.server.setApp(shop());
    const signals = await f.source.refresh(signal());
    assert.ok(signals.every((s) => s.anchors.environment === 'production'));
    assert.ok(signals.filter((s) => s.anchors.commits).every((s) => s.tags.includes('env:production')));
  });

  it('a synced revision the history does not hold is a deployment too; an out-of-sync target is not', async () => {
    f.server.setApp(shop({ history: [], syncedRevision: C }));
    let signals = await f.source.refresh(signal());
    assert.deepEqual(
      signals.filter((s) => s.anchors.commits).map((s) => s.anchors.commits),
      [[C]],
    );
    f.server.setApp(shop({ history: [], sync: 'OutOfSync', syncedRevision: C }));
    signals = await f.source.refresh(signal());
    assert.deepEqual(
      signals.filter((s) => s.anchors.commits),
      [],
    );
    assert.equal(signals[0].state.normal, 'queued');
    assert.ok(signals[0].labels.includes('outofsync'));
  });

  it('Sync sends prune and dryRun as the ApplicationSyncRequest documents them', async () => {
    f.server.setApp(shop({ sync: 'OutOfSync' }));
    await f.source.refresh(signal());
    const matched = f.source.apps()[0];
    const dry = await f.source.sync(matched, { prune: true, dryRun: true });
    assert.equal(dry.filter((s) => s.anchors.commits).length, 2, 'a dry run deploys nothing');
    const after = await f.source.sync(matched, { prune: false });
    const syncs = f.server.requestsOf('POST /api/v1/applications/{name}/sync');
    assert.deepEqual(
      syncs.map((r) => r.body),
      [
        { name: 'shop-prod', appNamespace: 'argocd', prune: true, dryRun: true },
        { name: 'shop-prod', appNamespace: 'argocd', prune: false, dryRun: false },
      ],
    );
    assert.equal(after.filter((s) => s.anchors.commits).length, 3);
    assert.equal(after[0].detail?.sync, 'Synced');
  });

  it('Refresh asks Argo CD to compare again (refresh=normal); Rollback names the history entry', async () => {
    f.server.setApp(shop());
    await f.source.refresh(signal());
    const matched = f.source.apps()[0];
    await f.source.refreshApp(matched);
    assert.match(f.server.requestsOf('GET /api/v1/applications/{name}')[0].url, /\?refresh=normal&appNamespace=argocd$/);
    const after = await f.source.rollback(matched, 0);
    assert.deepEqual(f.server.requestsOf('POST /api/v1/applications/{name}/rollback')[0].body, {
      name: 'shop-prod',
      appNamespace: 'argocd',
      id: 0,
      prune: false,
      dryRun: false,
    });
    const [history] = environmentHistories(deployEventsFromSignals(after));
    assert.equal(history.live.at(-1)?.commit, A, 'after the rollback A runs again');
  });

  it('a rollback Argo CD refuses is a SourceError with its words', async () => {
    f.server.setApp(shop());
    await f.source.refresh(signal());
    await assert.rejects(f.source.rollback(f.source.apps()[0], 7), (e: Error) => {
      assert.match(e.message, /Argo CD refused \(400\): Argo CD says "application shop-prod does not have deployment with id 7"/);
      return true;
    });
  });

  it('keeps hostile text plain and bounded', async () => {
    f.server.setApp(shop());
    f.server.setRevision(B, { author: 'Eve\u202e [x](command:evil)', message: `$(alert) ${'m'.repeat(5000)}` });
    const signals = await f.source.refresh(signal());
    const commit = signals[0].detail?.commit as { author: string; message: string };
    assert.doesNotMatch(commit.author, /\u202e|\[|command:/);
    assert.ok(commit.message.length <= 200);
    assert.doesNotMatch(commit.message, /\$\(/);
  });
});
