import { strict as assert } from 'node:assert';
import { filter, loadExtract, parseTree } from '../../../fixtures/jenkins/docServer';
import { startServer, TOKEN, USER } from './fixture';

const auth = { authorization: `Basic ${Buffer.from(`${USER}:${TOKEN}`).toString('base64')}` };

describe('Jenkins test server (answers only as the extract documents)', () => {
  it('records where the extract comes from, with commits', () => {
    const x = loadExtract();
    const repos = new Set(x.source.files.map((f) => f.repository));
    for (const r of ['jenkinsci/pipeline-stage-view-plugin', 'jenkinsci/jenkins', 'jenkinsci/junit-plugin', 'jenkinsci/git-plugin'])
      assert.ok(repos.has(r), r);
    assert.ok(x.source.files.every((f) => /^[0-9a-f]{40}$/.test(f.commit)));
    assert.deepEqual(x.pipeline.statusExt, [
      'NOT_EXECUTED',
      'ABORTED',
      'SUCCESS',
      'IN_PROGRESS',
      'PAUSED_PENDING_INPUT',
      'FAILED',
      'UNSTABLE',
    ]);
  });

  it('parses and applies trees with ranges as Api/index.jelly documents them', () => {
    const tree = parseTree('jobs[name,builds[number]{0,2}],url');
    assert.deepEqual(
      filter(
        { _class: 'X', url: 'u', other: 1, jobs: [{ name: 'a', color: 'blue', builds: [{ number: 3 }, { number: 2 }, { number: 1 }] }] },
        tree,
      ),
      {
        _class: 'X',
        url: 'u',
        jobs: [{ name: 'a', builds: [{ number: 3 }, { number: 2 }] }],
      },
    );
    assert.throws(() => parseTree('jobs[name'), /expected/);
  });

  it('refuses a tree naming a property no exported class has, an unknown route, and a POST without a crumb', async () => {
    const server = await startServer();
    try {
      const bad = await fetch(`${server.base}job/other/api/json?tree=builds[colour]`, { headers: auth });
      assert.equal(bad.status, 400);
      const route = await fetch(`${server.base}job/other/1/wfapi/changesets`, { headers: auth });
      assert.equal(route.status, 400);
      const post = await fetch(`${server.base}job/other/build`, { method: 'POST', headers: auth });
      assert.equal(post.status, 403);
      assert.match(await post.text(), /No valid crumb/);
      const anonymous = await fetch(`${server.base}api/json`);
      assert.equal(anonymous.status, 401);
      assert.equal(server.violations.length, 2);
      server.violations.length = 0;
    } finally {
      await server.close();
    }
  });
});
