/** Pure parts: instance settings, repository matching, states, environments, multi-source apps and the Deploy layout. */
import assert from 'node:assert/strict';
import { buildView } from '../../../../src/core/phaseTree';
import {
  appState,
  argocdDeployLayout,
  destinationEnvironment,
  mapApplication,
  matchApplications,
  needsAttention,
  parseArgoCdInstance,
  type ArgoApplication,
} from '../../../../src/sources/argocd';
import { argoApp, shaOf } from '../../../fixtures/argocd/synthetic';

const ctx = { sourceId: 'argocd:cd.example.com', appUrl: () => 'https://cd.example.com/applications/x', environmentOf: () => undefined };

describe('argocd instance settings', () => {
  it('keeps the root path, refuses what is not an http(s) URL or carries credentials', () => {
    const i = parseArgoCdInstance({
      url: 'https://cd.example.com/argo-cd/',
      apps: ['a', '', 3 as unknown as string],
      environments: { a: 'production', b: '' },
    });
    assert.deepEqual(i, {
      baseUrl: 'https://cd.example.com/argo-cd',
      origin: 'https://cd.example.com',
      key: 'cd.example.com/argo-cd',
      apps: ['a'],
      environments: { a: 'production' },
    });
    assert.equal(parseArgoCdInstance({ url: 'ftp://cd.example.com' }), undefined);
    assert.equal(parseArgoCdInstance({ url: 'https://user:pw@cd.example.com' }), undefined);
    assert.equal(parseArgoCdInstance({ url: 'not a url' }), undefined);
  });
});

describe('argocd repository matching', () => {
  const apps = [
    argoApp({ name: 'https-form', repoURL: 'https://Git.Example.com/shop/checkout.git/' }),
    argoApp({ name: 'scp-form', repoURL: 'git@git.example.com:shop/checkout' }),
    argoApp({ name: 'ssh-port', repoURL: 'ssh://git@git.example.com:2222/shop/checkout.git' }),
    argoApp({ name: 'helm', repoURL: 'https://charts.example.com' }),
  ];
  it('matches every URL form of the workspace remote by canonical identity', () => {
    const matched = matchApplications(apps, new Set(['git.example.com/shop/checkout']), []);
    assert.deepEqual(
      matched.map((m) => m.app.metadata?.name),
      ['https-form', 'scp-form', 'ssh-port'],
    );
  });
  it('picks the matching source of a multi-source app, and its revision from the history', () => {
    const app = argoApp({ name: 'multi', repoURL: 'https://charts.example.com' }) as unknown as ArgoApplication;
    app.spec!.sources = [
      { repoURL: 'https://charts.example.com', chart: 'shop', targetRevision: '1.2.0' },
      { repoURL: 'https://git.example.com/shop/checkout.git', path: 'values' },
    ];
    delete app.spec!.source;
    app.status!.sync = { status: 'Synced', revisions: ['1.2.0', shaOf(5)] };
    app.status!.history = [{ id: 3, revisions: ['1.2.0', shaOf(5)], deployedAt: '2026-02-01T10:00:00Z' }];
    const [m] = matchApplications([app], new Set(['git.example.com/shop/checkout']), []);
    assert.equal(m.sourceIndex, 1);
    const signals = mapApplication(m, ctx);
    assert.deepEqual(signals[1].anchors.commits, [shaOf(5)]);
    assert.equal(signals.length, 2, 'a chart version is no commit: no second deployment');
  });
});

describe('argocd states and environments', () => {
  const state = (sync: string, health: string, phase?: string) =>
    appState({ status: { sync: { status: sync }, health: { status: health }, ...(phase ? { operationState: { phase } } : {}) } }).normal;
  it('normalises sync status and health, a running operation first', () => {
    assert.equal(state('Synced', 'Healthy'), 'success');
    assert.equal(state('OutOfSync', 'Healthy'), 'queued');
    assert.equal(state('Synced', 'Degraded'), 'failed');
    assert.equal(state('Synced', 'Missing'), 'failed');
    assert.equal(state('Synced', 'Progressing'), 'running');
    assert.equal(state('Synced', 'Suspended'), 'skipped');
    assert.equal(state('Synced', 'Healthy', 'Running'), 'running');
    assert.equal(state('Unknown', 'Unknown'), 'unknown');
  });
  it('names the destination cluster/namespace', () => {
    assert.equal(destinationEnvironment({ server: 'https://kubernetes.default.svc', namespace: 'shop' }), 'in-cluster/shop');
    assert.equal(destinationEnvironment({ name: 'prod-eu', namespace: 'shop' }), 'prod-eu/shop');
    assert.equal(destinationEnvironment({ server: 'https://10.0.0.1:6443' }), '10.0.0.1:6443/default');
  });
});

describe('argocd Deploy layout', () => {
  it('shows apps under their instance, those needing attention first, history newest first', () => {
    const signals = [
      argoApp({ name: 'b-ok', repoURL: 'https://g/x/y', history: [{ id: 0, revision: shaOf(1), deployedAt: '2026-02-01T10:00:00Z' }] }),
      argoApp({
        name: 'a-degraded',
        repoURL: 'https://g/x/y',
        health: 'Degraded',
        history: [
          { id: 0, revision: shaOf(2), deployedAt: '2026-02-01T10:00:00Z', username: 'alice' },
          { id: 1, revision: shaOf(3), deployedAt: '2026-02-02T10:00:00Z', automated: true },
        ],
      }),
    ].flatMap((app) => mapApplication({ app, repo: 'g/x/y', sourceIndex: 0 }, ctx));
    const apps = signals.filter((s) => s.detail?.argocdApp);
    assert.deepEqual(apps.map(needsAttention), [false, true]);
    const tree = buildView('deploy', { signals, health: [] }, [argocdDeployLayout()]);
    assert.equal(tree.length, 1);
    const group = tree[0];
    assert.ok(group.type === 'group');
    assert.equal(group.label, 'Argo CD · cd.example.com');
    assert.equal(group.description, '2 apps · 1 need attention');
    const [first, second] = group.children;
    assert.ok(first.type === 'signal' && second.type === 'signal');
    assert.equal(first.signal.title, 'a-degraded');
    assert.equal(first.description, `Synced · Degraded · ${shaOf(3).slice(0, 8)} → in-cluster/a-degraded`);
    assert.deepEqual(
      first.children.map((c) => (c.type === 'signal' ? c.description : '')),
      [`${shaOf(3).slice(0, 8)} · automated sync`, `${shaOf(2).slice(0, 8)} · alice`],
    );
    assert.equal(second.signal.title, 'b-ok');
  });
});
