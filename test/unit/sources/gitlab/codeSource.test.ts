import assert from 'node:assert/strict';
import { SourceError } from '../../../../src/core/sourceError';
import { DocServer, exampleOf } from '../../../fixtures/gitlab/docServer';
import { mergeRequest, mergeRequestDetail, user } from './data';
import { failureOf, signal, startFixture, type Fixture } from './helpers';

const ROOT = user('root', 1);

describe('gitlab/codeSource (merge requests, approvals, merge)', () => {
  let f: Fixture;

  beforeEach(async () => {
    f = await startFixture();
  });
  afterEach(async () => {
    assert.deepEqual(f.server.violations, [], 'every request is one GitLab documents');
    await f.server.close();
  });

  /** Detail answers per iid, approvals per iid. */
  function serve(mrs: ReturnType<typeof mergeRequest>[], details: Record<number, Partial<ReturnType<typeof mergeRequest>>> = {}): void {
    f.server.setData('GET /projects/:id/merge_requests', mrs);
    f.server.on('GET /projects/:id/merge_requests/:merge_request_iid', (req) => {
      const iid = Number(req.pathParams.merge_request_iid);
      const listed = mrs.find((m) => m.iid === iid);
      return listed
        ? {
            status: 200,
            body: mergeRequestDetail(iid, {
              reviewers: listed.reviewers,
              assignees: listed.assignees,
              author: listed.author,
              draft: listed.draft,
              ...details[iid],
            }),
          }
        : DocServer.error(404, '404 Not found');
    });
    f.server.on('GET /projects/:id/merge_requests/:merge_request_iid/approvals', (req) => ({
      status: 200,
      body: {
        ...exampleOf<object>('GET /projects/:id/merge_requests/:merge_request_iid/approvals'),
        iid: Number(req.pathParams.merge_request_iid),
      },
    }));
  }

  it('sorts open merge requests into my review, assigned to me, created by me and all open', async () => {
    serve([
      mergeRequest(1, { reviewers: [ROOT] }),
      mergeRequest(2, { assignees: [ROOT] }),
      mergeRequest(3, { author: ROOT, draft: true }),
      mergeRequest(4),
    ]);
    const signals = await f.sources.code.refresh(signal());
    const byIid = new Map(signals.map((s) => [s.detail?.iid, s]));
    assert.deepEqual(byIid.get(1)?.detail?.categories, ['waitingForMyReview', 'open']);
    assert.deepEqual(byIid.get(2)?.detail?.categories, ['assignedToMe', 'open']);
    assert.deepEqual(byIid.get(3)?.detail?.categories, ['createdByMe', 'open']);
    assert.deepEqual(byIid.get(4)?.detail?.categories, ['open']);
    assert.equal(byIid.get(3)?.state.normal, 'draft');
    assert.ok(signals.every((s) => s.source === f.sources.code.id && s.anchors.repo === f.project.identity));
    const list = new URL(f.server.requests[0].url, f.server.origin).searchParams;
    assert.deepEqual([list.get('state'), list.get('order_by'), list.get('per_page')], ['opened', 'updated_at', '100']);
  });

  it('reads approvals, head pipeline, detailed merge status and conflicts for the ones that matter, bounded', async () => {
    await f.server.close();
    f = await startFixture({ sourceOptions: { detailLimit: 2 } });
    serve([mergeRequest(1, { reviewers: [ROOT] }), mergeRequest(2), mergeRequest(3)], {
      1: { detailed_merge_status: 'not_approved', has_conflicts: true },
    });
    const signals = await f.sources.code.refresh(signal());
    const mine = signals.find((s) => s.detail?.iid === 1);
    assert.deepEqual(mine?.detail?.approvals, { required: 2, left: 1, approvedBy: ['root'] });
    assert.equal(mine?.detail?.detailedMergeStatus, 'not_approved');
    assert.equal(mine?.detail?.hasConflicts, true);
    assert.deepEqual((mine?.detail?.headPipeline as { status: string }).status, 'failed');
    const detailedIids = f.server.requests
      .filter((r) => r.operation === 'GET /projects/:id/merge_requests/:merge_request_iid')
      .map((r) => r.url.split('/').pop());
    assert.deepEqual(detailedIids.sort(), ['1', '3'], 'mine first, then the most recently updated');
    assert.equal(signals.find((s) => s.detail?.iid === 2)?.detail?.approvals, null);
  });

  it('asks for my merge requests by filter when the open list is cut by the page bound', async () => {
    await f.server.close();
    f = await startFixture({ sourceOptions: { maxPages: 1, detailLimit: 0 } });
    const many = Array.from({ length: 120 }, (_, i) => mergeRequest(i + 1));
    f.server.on('GET /projects/:id/merge_requests', (req) => {
      if (req.query.get('reviewer_username') === 'root') return { status: 200, body: [mergeRequest(500, { reviewers: [ROOT] })] };
      if (req.query.get('author_username') === 'root') return { status: 200, body: [mergeRequest(501, { author: ROOT })] };
      if (req.query.get('assignee_id') === '1') return { status: 200, body: [mergeRequest(502, { assignees: [ROOT] })] };
      return { status: 200, body: many };
    });
    const signals = await f.sources.code.refresh(signal());
    assert.equal(signals.length, 103);
    assert.deepEqual(
      signals
        .filter((s) => (s.detail?.categories as string[]).length > 1)
        .map((s) => s.detail?.iid)
        .sort(),
      [500, 501, 502],
    );
  });

  it('keeps the listed data of a merge request that disappears between list and detail', async () => {
    serve([mergeRequest(1, { reviewers: [ROOT] })]);
    f.server.replyOnce('GET /projects/:id/merge_requests/:merge_request_iid', DocServer.error(404, '404 Not found'));
    const [only] = await f.sources.code.refresh(signal());
    assert.equal(only.detail?.iid, 1);
    assert.equal(only.detail?.headPipeline, null);
  });

  it('approves (with the reviewed SHA) and withdraws an approval', async () => {
    await f.sources.code.approve(7, { sha: 'abc123' }, signal());
    await f.sources.code.unapprove(7, signal());
    const [approve, unapprove] = f.server.requests;
    assert.deepEqual(
      [approve.method, approve.url, approve.body],
      ['POST', '/api/v4/projects/my-group%2Fmy-project/merge_requests/7/approve', { sha: 'abc123' }],
    );
    assert.deepEqual(
      [unapprove.method, unapprove.url, unapprove.status],
      ['POST', '/api/v4/projects/my-group%2Fmy-project/merge_requests/7/unapprove', 201],
    );
  });

  it('merges, with the documented options', async () => {
    const merged = await f.sources.code.merge(1, { sha: 'e82eb4a0', squash: true, shouldRemoveSourceBranch: true }, signal());
    assert.equal(merged.state.normal, 'merged');
    const put = f.server.requests[0];
    assert.deepEqual(put.body, { sha: 'e82eb4a0', squash: true, should_remove_source_branch: true });
  });

  it("refuses a merge with GitLab's reason in the message (405 with the obstacle last seen, 409, 422)", async () => {
    serve([mergeRequest(1, { author: ROOT })], { 1: { detailed_merge_status: 'ci_still_running' } });
    await f.sources.code.refresh(signal());
    f.server.replyOnce('PUT /projects/:id/merge_requests/:merge_request_iid/merge', DocServer.error(405, '405 Method Not Allowed'));
    const notNow = await f.sources.code.merge(1, {}, signal()).catch((e: unknown) => e);
    assert.ok(notNow instanceof SourceError);
    assert.equal(notNow.kind, 'rejected');
    assert.match(
      notNow.message,
      /Could not merge merge request !1 of my-group\/my-project: GitLab refused \(405\): the merge request cannot be merged now/,
    );
    assert.match(notNow.message, /GitLab reports: pipeline still running\./);

    f.server.replyOnce(
      'PUT /projects/:id/merge_requests/:merge_request_iid/merge',
      DocServer.error(409, 'SHA does not match HEAD of source branch: e82eb4a0'),
    );
    const moved = await failureOf(f.sources.code.merge(1, { sha: 'e82eb4a0' }, signal()));
    assert.match(
      moved.message,
      /\(409\): the source branch moved since it was reviewed.*GitLab says "SHA does not match HEAD of source branch: e82eb4a0"/,
    );

    f.server.replyOnce('PUT /projects/:id/merge_requests/:merge_request_iid/merge', DocServer.error(422, 'Branch cannot be merged'));
    const failed = await failureOf(f.sources.code.merge(1, {}, signal()));
    assert.match(failed.message, /\(422\): GitLab failed to merge the branch/);
    assert.equal(failed.serviceMessage, 'Branch cannot be merged');
    assert.equal(f.server.requests.filter((r) => r.method === 'PUT').length, 3, 'a refused merge is never retried');
  });

  it('gives the details panel the raw Markdown description', async () => {
    f.server.on('GET /projects/:id/merge_requests/:merge_request_iid', () => ({
      status: 200,
      body: mergeRequestDetail(9, { description: '## Why\n<script>x</script> [run](command:evil)' }),
    }));
    const details = await f.sources.code.details(9, signal());
    assert.equal(details.description, '## Why\n<script>x</script> [run](command:evil)');
    assert.equal(details.iid, 9);
    assert.equal(details.sourceBranch, 'feature/9');
    assert.equal(details.signal.source, f.sources.code.id);
  });
});
