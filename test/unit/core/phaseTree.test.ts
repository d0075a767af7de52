import assert from 'node:assert/strict';
import { GroupNode, SignalNode, buildTree, buildView } from '../../../src/core/phaseTree';
import { makeSignal } from './signals';

describe('buildTree', () => {
  it('groups deployments by environment, production first, the latest as the group and history below', () => {
    const d = (id: number, env: string, at: number) =>
      makeSignal(id, { kind: 'deployment', title: `v${id}`, createdAt: at, updatedAt: at, anchors: { environment: env } });
    const tree = buildTree('deploy', {
      signals: [
        d(1, 'staging', 10),
        d(2, 'production', 20),
        d(3, 'production', 30),
        d(4, 'qa-eu', 5),
        makeSignal('v1', { kind: 'release', title: 'v1.0.0' }),
      ],
      health: [],
    }) as GroupNode[];
    assert.deepEqual(
      tree.map((n) => n.label),
      ['production', 'staging', 'qa-eu', 'Releases'],
    );
    assert.equal(tree[0].signalId, 'test:src:deployment:3');
    assert.match(tree[0].description ?? '', /^v3 · success$/);
    assert.deepEqual(
      tree[0].children.map((c) => (c as SignalNode).signal.title),
      ['v3', 'v2'],
    );
  });

  it('orders monitor groups by severity and nests children under parents', () => {
    const tree = buildTree('monitor', {
      signals: [
        makeSignal('a', { kind: 'alert', tags: ['severity:warning'] }),
        makeSignal('b', { kind: 'alert', tags: ['severity:critical'] }),
        makeSignal('c', { kind: 'error', labels: ['error'] }),
        makeSignal('d', { kind: 'alert' }),
      ],
      health: [],
    }) as GroupNode[];
    assert.deepEqual(
      tree.map((n) => n.label),
      ['critical', 'error', 'warning', 'other'],
    );

    const build = buildTree('build', {
      signals: [
        makeSignal('run', { kind: 'pipelineRun', anchors: { branch: 'main' } }),
        makeSignal('job2', { kind: 'job', parentId: 'test:src:pipelineRun:run', createdAt: 2 }),
        makeSignal('job1', { kind: 'job', parentId: 'test:src:pipelineRun:run', createdAt: 1 }),
        makeSignal('orphan', { kind: 'job', parentId: 'missing', anchors: { branch: 'main' } }),
      ],
      health: [],
    }) as GroupNode[];
    assert.equal(build.length, 1);
    const run = build[0].children.find((c) => c.id === 'test:src:pipelineRun:run') as SignalNode;
    assert.deepEqual(
      run.children.map((c) => c.id),
      ['test:src:job:job1', 'test:src:job:job2'],
    );
    assert.ok(
      build[0].children.some((c) => c.id === 'test:src:job:orphan'),
      'a job whose run is absent is still shown',
    );
  });

  it('puts an error row first, marks that source stale, and keeps its last data', () => {
    const tree = buildTree('plan', {
      signals: [makeSignal(1, { kind: 'workItem', source: 'down' }), makeSignal(2, { kind: 'workItem', source: 'up' })],
      health: [
        { source: 'down', status: 'error', message: '503 Service Unavailable' },
        { source: 'up', status: 'ok' },
      ],
    });
    assert.equal(tree[0].type, 'health');
    const items = (tree[1] as GroupNode).children as SignalNode[];
    assert.deepEqual(items.map((n) => [n.signal.source, n.stale]).sort(), [
      ['down', true],
      ['up', false],
    ]);
  });

  it('filters the timeline by every tag or label given, newest first, within the limit', () => {
    const signals = [
      makeSignal(1, { tags: ['env:prod'], labels: ['failed'], updatedAt: 1 }),
      makeSignal(2, { tags: ['env:prod'], labels: ['success'], updatedAt: 2 }),
      makeSignal(3, { tags: ['env:staging'], labels: ['failed'], updatedAt: 3 }),
      makeSignal(4, { tags: ['env:prod'], labels: ['failed'], updatedAt: 4 }),
    ];
    const filtered = buildTree('timeline', { signals, health: [], filter: ['env:prod', 'failed'] }) as SignalNode[];
    assert.deepEqual(
      filtered.map((n) => n.signal.id),
      ['test:src:pipelineRun:4', 'test:src:pipelineRun:1'],
    );
    const limited = buildTree('timeline', { signals, health: [], limit: 2 }) as SignalNode[];
    assert.deepEqual(
      limited.map((n) => n.signal.updatedAt),
      [4, 3],
    );
    assert.ok(
      limited.every((n) => n.id.startsWith('timeline:')),
      'timeline ids differ from phase view ids',
    );
  });
});

describe('buildView with layouts', () => {
  it('lets a layout group the signals it claims and leaves the rest to the default tree', () => {
    const signals = [
      makeSignal('pr1', { kind: 'pullRequest', source: 'forge', labels: ['review-requested'] }),
      makeSignal('pr2', { kind: 'pullRequest', source: 'forge' }),
      makeSignal('mr1', { kind: 'pullRequest', source: 'other', state: { normal: 'open', native: 'opened' } }),
      makeSignal('run', { kind: 'pipelineRun', source: 'forge' }),
      makeSignal('job', { kind: 'job', source: 'forge', parentId: 'forge:pipelineRun:run' }),
    ];
    const tree = buildView('code', { signals, health: [{ source: 'forge', status: 'error', message: 'offline' }] }, [
      {
        claims: (s) => s.source === 'forge',
        build: (claimed, h) => [
          h.group('mine', 'Waiting for my review', 'section', claimed.filter((s) => s.labels.includes('review-requested')).map(h.node)),
          h.group('all', 'All open', 'section', claimed.filter((s) => s.kind === 'pullRequest').map(h.node), '2'),
          ...claimed.filter((s) => s.kind === 'pipelineRun').map(h.node),
        ],
      },
    ]);
    assert.deepEqual(
      tree.map((n) => n.id),
      ['health:forge', 'mine', 'all', 'forge:pipelineRun:run', 'state:Open'],
    );
    const all = tree[2] as GroupNode;
    assert.equal(all.description, '2');
    assert.ok((all.children[0] as SignalNode).stale, 'layout nodes carry the stale marker');
    assert.deepEqual(
      (tree[3] as SignalNode).children.map((c) => c.id),
      ['forge:job:job'],
    );
  });
});
