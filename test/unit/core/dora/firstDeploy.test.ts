import assert from 'node:assert/strict';
import { doraDeploys } from '../../../../src/core/dora/deploys';
import { firstDeploys, graphRequests } from '../../../../src/core/dora/firstDeploy';
import { at, deploy, deployId, graph, HOUR, sha } from './history';

/**
 *   a(0) - b(10) - c(20) ------------ m(40) - d(50) - e(62)
 *                       \            /
 *                        f1(25) - f2(30)        (a feature branch, deployed before it was merged)
 */
const full = graph({
  a: { hours: 0 },
  b: { hours: 10, parents: ['a'] },
  c: { hours: 20, parents: ['b'] },
  f1: { hours: 25, parents: ['c'] },
  f2: { hours: 30, parents: ['f1'] },
  m: { hours: 40, parents: ['c', 'f2'] },
  d: { hours: 50, parents: ['m'] },
  e: { hours: 62, parents: ['d'] },
});

const deploys = doraDeploys([
  deploy('D1', 'b', 12),
  deploy('D2', 'f2', 32),
  deploy('D3', 'm', 45),
  deploy('D4', 'd', 52, 'failed'),
  deploy('D5', 'd', 55),
  deploy('D6', 'e', 60),
]);

describe('dora first deploy of each commit', () => {
  it('gives each commit to the first successful deploy that contains it, by ancestry', () => {
    const leads = firstDeploys(deploys, full);
    const byCommit = Object.fromEntries(leads.map((l) => [l.commit, [l.deployId, l.leadMs / HOUR]]));
    assert.deepEqual(byCommit, {
      [sha('b')]: [deployId('D1'), 2],
      [sha('a')]: [deployId('D1'), 12],
      // A feature-branch commit deployed before its merge: its changes and the base they sit on are live from D2.
      [sha('f2')]: [deployId('D2'), 2],
      [sha('f1')]: [deployId('D2'), 7],
      [sha('c')]: [deployId('D2'), 12],
      // The merge brings only itself: the rest was deployed already.
      [sha('m')]: [deployId('D3'), 5],
      // The failed deploy of d claims nothing; the successful one does.
      [sha('d')]: [deployId('D5'), 5],
      // e is dated 2 h after its deploy: clock skew, counted as 0 and flagged.
      [sha('e')]: [deployId('D6'), 0],
    });
    assert.deepEqual(
      leads.filter((l) => l.skewed).map((l) => l.commit),
      [sha('e')],
    );
  });

  it('claims nothing for a redeploy of an older commit, or for a commit missing from the graph', () => {
    const again = doraDeploys([deploy('D1', 'b', 12), deploy('D2', 'a', 20), deploy('X', 'zz', 30)]);
    const leads = firstDeploys(again, full);
    assert.deepEqual(
      leads.map((l) => l.deployId),
      [deployId('D1'), deployId('D1')],
    );
  });

  it('asks git for the period without what was deployed before it; the first deploy ever is a baseline', () => {
    assert.deepEqual(graphRequests(deploys, at(0)), [
      {
        repo: 'example.com/team/app',
        include: [sha('f2'), sha('m'), sha('d'), sha('e')],
        exclude: [sha('b')],
        baselineId: deployId('D1'),
      },
    ]);
    assert.deepEqual(graphRequests(deploys, at(40)), [
      { repo: 'example.com/team/app', include: [sha('m'), sha('d'), sha('e')], exclude: [sha('b'), sha('f2')] },
    ]);
    assert.deepEqual(graphRequests([], at(0)), []);
  });
});
