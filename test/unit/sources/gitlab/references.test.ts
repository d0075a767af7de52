import assert from 'node:assert/strict';
import { findReferences } from '../../../../src/core/releaseNotes';
import { GitLabApi, GitLabReferenceResolver, gitlabCredential } from '../../../../src/sources/gitlab';
import { DocServer } from '../../../fixtures/gitlab/docServer';
import { issueDetail, mergeRequestDetail } from './data';
import { projectOn, testClient, TOKEN } from './helpers';

describe('gitlab/references (release-note titles for !123 and #45)', () => {
  let server: DocServer;
  let resolver: GitLabReferenceResolver;
  let clock = 0;

  beforeEach(async () => {
    server = await DocServer.start({ token: TOKEN });
    const project = projectOn(server);
    const api = new GitLabApi({ http: testClient().http, project, credential: gitlabCredential(project, TOKEN) });
    resolver = new GitLabReferenceResolver(api, { maxLookups: 3, now: () => clock });
    server.on('GET /projects/:id/merge_requests/:merge_request_iid', (req) => {
      const iid = Number(req.pathParams.merge_request_iid);
      return iid === 404
        ? DocServer.error(404, '404 Not found')
        : { status: 200, body: mergeRequestDetail(iid, { title: `MR title ${iid}`, state: 'merged' }) };
    });
    server.on('GET /projects/:id/issues/:issue_iid', (req) => ({
      status: 200,
      body: issueDetail(Number(req.pathParams.issue_iid), { title: `Issue title ${req.pathParams.issue_iid}` }),
    }));
  });
  afterEach(async () => {
    assert.deepEqual(server.violations, []);
    await server.close();
  });

  it('resolves merge requests and issues of this project, skips other projects and Jira', async () => {
    const refs = findReferences('feat: login (!12, #45) see other/repo!3 and my-group/my-project!13, PROJ-7');
    const result = await resolver.resolve(refs);
    assert.deepEqual(
      [...result.resolved.values()].map((r) => [r.key, r.kind, r.title, r.state]),
      [
        ['!12', 'mergeRequest', 'MR title 12', 'merged'],
        ['#45', 'issue', 'Issue title 45', 'opened'],
        ['my-group/my-project!13', 'mergeRequest', 'MR title 13', 'merged'],
      ],
    );
    assert.equal(result.resolved.get('!12')?.url, 'https://gitlab.example.com/my-group/my-project/-/merge_requests/12');
    assert.deepEqual(result.skipped, ['other/repo!3']);
    assert.deepEqual(
      server.requests.map((r) => r.url.replace('/api/v4/projects/my-group%2Fmy-project', '')),
      ['/merge_requests/12', '/issues/45', '/merge_requests/13'],
    );
  });

  it('is bounded per call and cached across calls; a 404 is remembered as missing', async () => {
    const refs = findReferences('!1 !2 !404 !4 !5');
    const first = await resolver.resolve(refs);
    assert.deepEqual([[...first.resolved.keys()], first.missing, first.skipped], [['!1', '!2'], ['!404'], ['!4', '!5']]);
    assert.equal(server.requests.length, 3);
    const second = await resolver.resolve(refs);
    assert.deepEqual([[...second.resolved.keys()], second.missing, second.skipped], [['!1', '!2', '!4', '!5'], ['!404'], []]);
    assert.equal(server.requests.length, 5, 'only the two not asked before');
    clock += 2 * 3600_000;
    await resolver.resolve(findReferences('!1'));
    assert.equal(server.requests.length, 6, 'a title is trusted for an hour');
  });

  it('stops at a failure other than "not found" and returns what it has', async () => {
    server.replyOnce('GET /projects/:id/issues/:issue_iid', DocServer.throttled(60));
    const result = await resolver.resolve(findReferences('!1 #2 !3'));
    assert.deepEqual([...result.resolved.keys()], ['!1']);
    assert.deepEqual(result.skipped, ['#2', '!3']);
    assert.equal(result.error?.kind, 'rateLimited');
  });
});
