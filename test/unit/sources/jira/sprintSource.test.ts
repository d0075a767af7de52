/**
 * The Jira sprint source against the documented test server, on Cloud (REST v3, Basic e-mail:token)
 * and Data Center (REST v2 behind a context path, Bearer PAT): the active sprint of a board with many
 * sprints, paged; story points from the board's estimation field; boards found from project keys;
 * a site's JQL sent exactly as written and paged by nextPageToken (Cloud) or startAt (Data Center).
 */
import assert from 'node:assert/strict';
import { JiraDocServer } from '../../../fixtures/jira/docServer';
import { STORY_POINTS } from '../../../fixtures/jira/synthetic';
import { signal, startFixture, type Fixture } from './helpers';

for (const kind of ['cloud', 'datacenter'] as const) {
  describe(`jira sprint source (${kind})`, () => {
    let f: Fixture;
    afterEach(async () => {
      assert.deepEqual(f.server.violations, [], 'every request is one the descriptions document');
      await f.server.stop();
    });

    it('maps the active sprint of a board with many sprints, every page of it, with story points from the estimation field', async () => {
      f = await startFixture(kind, { issues: 120 });
      const signals = await f.source.refresh(signal());
      assert.equal(signals.length, 120);
      const sprintPages = f.server.calls('GET /rest/agile/1.0/sprint/{sprintId}/issue');
      assert.deepEqual(
        sprintPages.map((r) => new URL(r.url, 'http://x').searchParams.get('startAt')),
        ['0', '50', '100'],
      );
      for (const r of sprintPages) {
        const fields = new URL(r.url, 'http://x').searchParams.get('fields')!.split(',');
        assert.ok(fields.includes(STORY_POINTS), 'the estimation field is asked for');
        assert.ok(r.url.startsWith(kind === 'datacenter' ? '/jira/rest/agile/1.0/' : '/rest/agile/1.0/'));
      }
      assert.equal(
        new URL(f.server.calls('GET /rest/agile/1.0/board/{boardId}/sprint')[0].url, 'http://x').searchParams.get('state'),
        'active',
      );
      const one = signals.find((s) => s.detail?.key === 'PROJ-5')!;
      assert.equal(one.title, 'Issue number 5');
      assert.equal(one.detail?.type, 'Bug');
      assert.equal(one.detail?.storyPoints, 6);
      assert.equal(one.detail?.statusCategory, 'done');
      assert.equal(one.state.normal, 'closed');
      assert.equal(one.state.native, 'Done');
      assert.equal(one.url, `${f.site.url}/browse/PROJ-5`);
      assert.deepEqual(one.detail?.sprint, {
        id: 3,
        name: 'Sprint 3',
        goal: 'Ship the checkout',
        endDate: Date.parse('2026-12-07T17:00:00.000Z'),
        board: 'PROJ board',
      });
      const doing = signals.find((s) => s.detail?.key === 'PROJ-7')!;
      assert.equal(doing.state.normal, 'open');
      assert.equal(doing.detail?.statusCategory, 'indeterminate');
      assert.equal(signals.find((s) => s.detail?.key === 'PROJ-3')!.detail?.priority, 'High');
      const mine = signals.find((s) => s.detail?.key === 'PROJ-2')!;
      assert.ok(mine.labels.includes('mine'), 'assigned to the token user');
      assert.equal(mine.detail?.assignee, 'Ada Lovelace');
      assert.ok(!signals.find((s) => s.detail?.key === 'PROJ-1')!.labels.includes('mine'));
      assert.equal(signals.find((s) => s.detail?.key === 'PROJ-4')!.detail?.storyPoints, null, 'unestimated');
      const auth = f.server.calls()[0].authorization!;
      assert.ok(kind === 'cloud' ? auth.startsWith('Basic ') : auth.startsWith('Bearer '));
    });

    it('finds the boards of the project keys the workspace names when no board is set, and reads the configuration once', async () => {
      f = await startFixture(kind, { site: { boards: [] }, source: { projectKeys: () => ['PROJ', 'NOPE'] } });
      await f.source.refresh(signal());
      await f.source.refresh(signal());
      const boardLists = f.server
        .calls('GET /rest/agile/1.0/board')
        .map((r) => new URL(r.url, 'http://x').searchParams.get('projectKeyOrId'));
      assert.deepEqual(boardLists, ['NOPE', 'PROJ'], 'asked once per key, not again while the keys are the same');
      assert.equal(f.server.calls('GET /rest/agile/1.0/board/{boardId}/configuration').length, 1);
      assert.deepEqual(f.source.boards, [{ id: 1, name: 'PROJ board' }]);
    });

    it("sends the site's JQL exactly as written and pages the search", async () => {
      const jql = 'project = PROJ AND assignee = currentUser() ORDER BY Rank ASC';
      f = await startFixture(kind, { site: { jql }, issues: 130 });
      const signals = await f.source.refresh(signal());
      assert.equal(signals.length, 130);
      const op = kind === 'cloud' ? 'GET /rest/api/3/search/jql' : 'GET /rest/api/3/search';
      const calls = f.server.calls(op);
      assert.ok(calls.length >= 2, 'more than one page');
      for (const c of calls) assert.equal(new URL(c.url, 'http://x').searchParams.get('jql'), jql);
      if (kind === 'cloud') {
        assert.equal(new URL(calls[0].url, 'http://x').searchParams.get('nextPageToken'), null);
        assert.ok(new URL(calls[1].url, 'http://x').searchParams.get('nextPageToken'));
      } else {
        assert.ok(calls[0].url.startsWith('/jira/rest/api/2/search?'));
        assert.equal(new URL(calls[1].url, 'http://x').searchParams.get('startAt'), '50');
      }
      assert.equal(f.server.calls('GET /rest/agile/1.0/board/{boardId}/sprint').length, 0, 'the JQL replaces the sprint query');
      assert.equal(signals[0].detail?.plan, `JQL: ${jql}`);
    });
  });
}

describe('jira doc server', () => {
  it('refuses what the descriptions do not document', async () => {
    const { server, http } = await startFixture('cloud');
    const auth = {
      origin: new URL(server.url).origin,
      header: 'Authorization',
      value: `Basic ${Buffer.from('ada@example.com:ATATT3xFfGF0-test-token-0123456789').toString('base64')}`,
    };
    const bad = async (url: string) =>
      http.request({ url: `${server.url}${url}`, credential: auth }).then(
        (r) => r.status,
        (e: { status?: number }) => e.status,
      );
    assert.equal(await bad('/rest/agile/1.0/board?bogus=1'), 400);
    assert.equal(await bad('/rest/agile/1.0/board/1/sprint?state=running'), 400);
    assert.equal(await bad('/rest/api/2/myself'), 404, 'Cloud answers REST v3 paths here');
    assert.equal(await bad('/rest/api/3/search?jql=x'), 404, 'the deprecated search is not what Cloud is asked');
    assert.equal(server.violations.length, 4);
    await server.stop();
  });

  it('checks its own answers against the documented schema', async () => {
    const { server, source } = await startFixture('cloud');
    server.data.issues['PROJ-1'].fields.status = { name: 'To Do', statusCategory: { key: 'new', id: 'two' } };
    await assert.rejects(source.refresh(signal()));
    assert.match(server.violations.join('\n'), /statusCategory\.id: should be integer/);
    await server.stop();
  });

  it('Data Center has no /search/jql and wants Bearer', async () => {
    const server = await new JiraDocServer({
      kind: 'datacenter',
      token: 'pat',
      data: (await import('../../../fixtures/jira/synthetic')).sprintData('datacenter', 1),
    }).start();
    const status = async (url: string, value: string) => (await fetch(`${server.url}${url}`, { headers: { authorization: value } })).status;
    assert.equal(await status('/rest/api/2/search/jql?jql=x', 'Bearer pat'), 404);
    assert.equal(await status('/rest/api/2/myself', 'Basic cGF0'), 401);
    assert.equal(await status('/rest/api/2/myself', 'Bearer pat'), 200);
    await server.stop();
  });
});
