/**
 * The actions on an issue against the documented server, on both deployments: transitions listed and
 * performed, assign to me (account id on Cloud, user name on Data Center), a comment (ADF on Cloud,
 * wiki text on Data Center), release-note references with type and fix versions.
 */
import assert from 'node:assert/strict';
import { JiraReferenceResolver } from '../../../../src/sources/jira';
import { startFixture, type Fixture } from './helpers';

for (const kind of ['cloud', 'datacenter'] as const) {
  describe(`jira actions (${kind})`, () => {
    let f: Fixture;
    beforeEach(async () => (f = await startFixture(kind)));
    afterEach(async () => {
      assert.deepEqual(f.server.violations, []);
      await f.server.stop();
    });

    it('lists and performs a transition; the issue is in its new status', async () => {
      const transitions = await f.source.api.transitions('PROJ-1');
      assert.deepEqual(
        transitions.map((t) => t.name),
        ['To Do', 'Start progress', 'Done'],
      );
      await f.source.api.transition('PROJ-1', '21');
      const post = f.server.calls('POST /rest/api/3/issue/{issueIdOrKey}/transitions')[0];
      assert.deepEqual(post.body, { transition: { id: '21' } });
      assert.match(post.url, kind === 'cloud' ? /^\/rest\/api\/3\// : /^\/jira\/rest\/api\/2\//);
      const signals = await f.source.refresh(new AbortController().signal);
      assert.equal(signals.find((s) => s.detail?.key === 'PROJ-1')?.state.native, 'In Progress');
    });

    it('assigns to the signed-in user', async () => {
      const me = await f.source.currentUser();
      await f.source.api.assign('PROJ-1', me);
      const put = f.server.calls('PUT /rest/api/3/issue/{issueIdOrKey}/assignee')[0];
      assert.deepEqual(put.body, kind === 'cloud' ? { accountId: '5b10ac8d82e05b22cc7d4ef5' } : { name: 'ada' });
      const signals = await f.source.refresh(new AbortController().signal);
      assert.ok(signals.find((s) => s.detail?.key === 'PROJ-1')?.labels.includes('mine'));
    });

    it('adds a comment in the body format of the deployment', async () => {
      await f.source.api.comment('PROJ-1', 'Looks good.\n\nShip it <b>now</b>');
      const post = f.server.calls('POST /rest/api/3/issue/{issueIdOrKey}/comment')[0];
      assert.deepEqual(
        post.body,
        kind === 'cloud'
          ? {
              body: {
                type: 'doc',
                version: 1,
                content: [
                  { type: 'paragraph', content: [{ type: 'text', text: 'Looks good.' }] },
                  { type: 'paragraph', content: [{ type: 'text', text: 'Ship it <b>now</b>' }] },
                ],
              },
            }
          : { body: 'Looks good.\n\nShip it <b>now</b>' },
      );
    });

    it('resolves release-note keys with one search: summary, type, fix versions', async () => {
      f.server.data.issues['PROJ-5'].fields.fixVersions = [{ id: '100', name: '1.4.0' }];
      const resolver = new JiraReferenceResolver(f.source.api);
      const refs = ['PROJ-5', 'PROJ-6'].map((key) => ({ kind: 'issueKey' as const, key, number: Number(key.slice(5)), scope: 'PROJ' }));
      const { resolved } = await resolver.resolve(refs);
      assert.deepEqual(resolved.get('PROJ-5'), {
        key: 'PROJ-5',
        summary: 'Issue number 5',
        type: 'Bug',
        status: 'Done',
        fixVersions: ['1.4.0'],
        url: `${f.site.url}/browse/PROJ-5`,
      });
      await resolver.resolve(refs);
      const searches = f.server.calls(kind === 'cloud' ? 'GET /rest/api/3/search/jql' : 'GET /rest/api/3/search');
      assert.equal(searches.length, 1, 'cached');
      assert.equal(new URL(searches[0].url, 'http://x').searchParams.get('jql'), 'key in (PROJ-5, PROJ-6)');
    });

    it("lists a fix version's issues, the version quoted as a JQL string", async () => {
      f.server.data.issues['PROJ-2'].fields.fixVersions = [{ id: '100', name: '1.4 "beta"' }];
      const resolver = new JiraReferenceResolver(f.source.api);
      assert.deepEqual(await resolver.versionIssues('1.4 "beta"'), [{ key: 'PROJ-2', summary: 'Issue number 2' }]);
      const op = kind === 'cloud' ? 'GET /rest/api/3/search/jql' : 'GET /rest/api/3/search';
      assert.equal(new URL(f.server.calls(op)[0].url, 'http://x').searchParams.get('jql'), 'fixVersion = "1.4 \\"beta\\""');
    });
  });
}
