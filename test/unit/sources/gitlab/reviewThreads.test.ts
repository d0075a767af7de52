/**
 * GitLab review threads against the server that answers only as doc/api/discussions.md documents:
 * the merge request of HEAD's branch, its diff threads (DiffNote positions) as findings, outdated
 * when off the current diff, reply and resolve as documented, and the failures.
 */
import assert from 'node:assert/strict';
import { reviewThreadOf, safeMarkdown } from '../../../../src/core/reviewThread';
import { signalId, type Signal } from '../../../../src/core/signal';
import { SourceError } from '../../../../src/core/sourceError';
import { gitlabCredential, gitlabSourceId, type GitLabProjectRef } from '../../../../src/sources/gitlab';
import { discussionPlace, GitLabReviewSource, mapDiscussion } from '../../../../src/sources/gitlab/reviewThreads';
import type { GlDiscussion, GlMergeRequest, GlNote } from '../../../../src/sources/gitlab/types';
import { DocServer, exampleOf } from '../../../fixtures/gitlab/docServer';
import { mergeRequest } from './data';
import { projectOn, signal, testClient, TOKEN } from './helpers';

const LIST = 'GET /projects/:id/merge_requests/:merge_request_iid/discussions';
const NOTES = 'POST /projects/:id/merge_requests/:merge_request_iid/discussions/:discussion_id/notes';
const RESOLVE = 'PUT /projects/:id/merge_requests/:merge_request_iid/discussions/:discussion_id';
const MRS = 'GET /projects/:id/merge_requests';
const BRANCH = 'feature/login';
const HEAD = '4803c71e6b1833ca72b8b26ef2ecd5adc8a38031';
const OLDER = '1111111111111111111111111111111111111111';

/** The documented examples: the thread and single comment of the first, the diff thread of the second. */
function documented(): { overview: GlDiscussion[]; diff: GlDiscussion } {
  return { overview: exampleOf<GlDiscussion[]>(LIST, 0), diff: exampleOf<GlDiscussion[]>(LIST, 1)[0] };
}

/** A diff thread shaped like the documented one, on another line, head or side. */
function diffThread(
  id: string,
  over: { position?: Partial<NonNullable<GlNote['position']>>; resolved?: boolean; body?: string; replies?: number },
): GlDiscussion {
  const d = documented().diff;
  const root = d.notes![0];
  const notes: GlNote[] = [
    { ...root, body: over.body ?? root.body, resolved: over.resolved ?? false, position: { ...root.position!, ...over.position } },
  ];
  for (let i = 0; i < (over.replies ?? 0); i++) {
    notes.push({
      ...root,
      id: root.id + 100 + i,
      body: `reply ${i}`,
      resolved: over.resolved ?? false,
      position: { ...root.position!, ...over.position },
    });
  }
  return { ...d, id, notes };
}

describe('GitLab review threads', function () {
  this.timeout(30_000);
  let server: DocServer;
  let project: GitLabProjectRef;
  let source: GitLabReviewSource;
  let branch: string | undefined;

  beforeEach(async () => {
    server = await DocServer.start({ token: TOKEN });
    project = projectOn(server);
    branch = BRANCH;
    source = new GitLabReviewSource({
      http: testClient().http,
      project,
      credential: gitlabCredential(project, TOKEN),
      headBranch: () => branch,
    });
    server.on(MRS, (req) =>
      req.query.get('source_branch') === BRANCH
        ? { status: 200, body: [mergeRequest(7, { source_branch: BRANCH, sha: HEAD })] }
        : { status: 200, body: [] },
    );
    const { overview, diff } = documented();
    server.setData(LIST, [
      ...overview,
      diff,
      diffThread('aaaa0001', { position: { new_line: 12, old_line: null }, replies: 2 }),
      diffThread('aaaa0002', { position: { head_sha: OLDER } }),
      diffThread('aaaa0003', { position: { new_line: null, old_line: 30 } }),
      diffThread('aaaa0004', { resolved: true, body: 'Done [x](command:workbench.action.files.delete) <script>x</script>' }),
    ]);
  });
  afterEach(async () => {
    assert.deepEqual(server.violations, [], 'every request is one GitLab documents');
    await server.close();
  });

  const byDiscussion = (signals: Signal[], id: string) => signals.find((s) => s.detail?.discussionId === id)!;

  it('maps the documented diff thread; the overview thread and the single comment have no line and are left out', () => {
    const { overview, diff } = documented();
    const mr = mergeRequest(11, { sha: HEAD }) as GlMergeRequest;
    const ctx = {
      sourceId: 'gitlab:x#reviews',
      project: projectOn({ webBase: 'https://gitlab.example.com' } as DocServer),
      mergeRequest: mr,
    };
    assert.deepEqual(
      overview.map((d) => mapDiscussion(d, ctx)),
      [undefined, undefined],
    );
    const s = mapDiscussion(diff, ctx)!;
    const t = reviewThreadOf(s)!;
    assert.equal(t.finding.path, 'package.json');
    // The documented line range starts at line code `…_10_10`: lines 10 to 27 of the head.
    assert.equal(t.finding.line, 10);
    assert.equal(t.finding.endLine, 27);
    assert.equal(t.finding.commit, HEAD);
    assert.equal(t.thread.outdated, false);
    assert.equal(t.thread.resolvable, true);
    assert.equal(t.thread.requestLabel, '!11');
    assert.deepEqual(
      t.thread.comments.map((c) => [c.author, c.body]),
      [['root', 'diff comment']],
    );
    assert.equal(t.thread.comments[0].url, 'https://gitlab.example.com/my-group/my-project/-/merge_requests/11#note_1128');
    assert.equal(s.detail?.discussionId, '87805b7c09016a7058e91bdbe7b29d1f284a39e6');
  });

  it("is outdated off the merge request's current diff (another head_sha, or a removed line)", () => {
    const root = documented().diff.notes![0];
    assert.equal(discussionPlace(root, HEAD)?.outdated, false);
    assert.equal(discussionPlace(root, OLDER)?.outdated, true);
    const removed = discussionPlace({ ...root, position: { ...root.position!, new_line: null, old_line: 30, line_range: null } }, HEAD)!;
    assert.deepEqual(removed, { path: 'package.json', line: 30, commit: root.position!.base_sha, outdated: true });
    assert.equal(discussionPlace({ ...root, position: { ...root.position!, head_sha: 'short' } }, HEAD), undefined);
    assert.equal(discussionPlace({ ...root, position: null }, HEAD), undefined);
    assert.equal(discussionPlace({ ...root, position: { ...root.position!, new_path: '../../outside.txt' } }, HEAD), undefined);
  });

  it("reads the diff threads of the merge request of HEAD's branch", async () => {
    const signals = await source.refresh(signal());
    assert.equal(signals.length, 5);
    const main = reviewThreadOf(byDiscussion(signals, 'aaaa0001'))!;
    assert.equal(main.finding.line, 10);
    assert.equal(main.thread.comments.length, 3);
    assert.equal(main.thread.request, signalId(gitlabSourceId(project, 'code'), 'pullRequest', 7));
    assert.equal(byDiscussion(signals, 'aaaa0001').source, `gitlab:${project.identity}#reviews`);
    assert.equal(reviewThreadOf(byDiscussion(signals, 'aaaa0002'))!.thread.outdated, true);
    assert.equal(reviewThreadOf(byDiscussion(signals, 'aaaa0003'))!.thread.outdated, true);
    assert.equal(byDiscussion(signals, 'aaaa0004').state.normal, 'resolved');
    assert.deepEqual(
      server.requests.map((r) => r.url.split('?')[0]),
      ['/api/v4/projects/my-group%2Fmy-project/merge_requests', '/api/v4/projects/my-group%2Fmy-project/merge_requests/7/discussions'],
    );
    assert.match(server.requests[0].url, /source_branch=feature%2Flogin/);
  });

  it('an idle poll is answered 304 throughout', async () => {
    await source.refresh(signal());
    server.clearLog();
    const again = await source.refresh(signal());
    assert.equal(again.length, 5);
    assert.deepEqual(
      server.requests.map((r) => r.status),
      [304, 304],
    );
  });

  it('replies with a note on the thread and resolves or unresolves it, as documented', async () => {
    const signals = await source.refresh(signal());
    server.clearLog();
    const thread = byDiscussion(signals, 'aaaa0001');
    await source.reply(thread, 'Fixed, thanks.', signal());
    await source.setResolved(thread, true, signal());
    await source.setResolved(byDiscussion(signals, 'aaaa0004'), false, signal());
    assert.deepEqual(
      server.requests.map((r) => [r.method, r.url, r.body]),
      [
        ['POST', '/api/v4/projects/my-group%2Fmy-project/merge_requests/7/discussions/aaaa0001/notes', { body: 'Fixed, thanks.' }],
        ['PUT', '/api/v4/projects/my-group%2Fmy-project/merge_requests/7/discussions/aaaa0001', { resolved: true }],
        ['PUT', '/api/v4/projects/my-group%2Fmy-project/merge_requests/7/discussions/aaaa0004', { resolved: false }],
      ],
    );
    await assert.rejects(source.reply(thread, ' ', signal()), (e) => e instanceof SourceError && e.kind === 'refused');
    const forged = { ...thread, detail: { ...thread.detail, discussionId: '../../../projects' } };
    await assert.rejects(source.reply(forged, 'x', signal()), (e) => e instanceof SourceError && e.kind === 'refused');
  });

  for (const [status, kind] of [
    [401, 'auth'],
    [403, 'forbidden'],
    [404, 'notFound'],
    [422, 'rejected'],
    [429, 'rateLimited'],
    [500, 'server'],
    [503, 'server'],
  ] as const) {
    it(`fails with the one SourceError on ${status} (${kind})`, async () => {
      server.replyOnce(LIST, status === 429 ? DocServer.throttled(30) : DocServer.error(status, `${status} GitLab says no`));
      await assert.rejects(source.refresh(signal()), (e) => e instanceof SourceError && e.kind === kind && e.service === 'GitLab');
    });
  }

  it('refuses a reply GitLab refuses (403), in its words', async () => {
    const signals = await source.refresh(signal());
    server.replyOnce(NOTES, DocServer.error(403, '403 Forbidden'));
    await assert.rejects(
      source.reply(byDiscussion(signals, 'aaaa0001'), 'x', signal()),
      (e) => e instanceof SourceError && e.kind === 'forbidden' && /403 Forbidden/.test(e.message),
    );
    server.replyOnce(RESOLVE, DocServer.error(404, '404 Not found'));
    await assert.rejects(
      source.setResolved(byDiscussion(signals, 'aaaa0001'), true, signal()),
      (e) => e instanceof SourceError && e.kind === 'notFound',
    );
  });

  it('fails with badResponse on malformed JSON and on an answer that is not a list', async () => {
    server.replyOnce(LIST, DocServer.malformed());
    await assert.rejects(source.refresh(signal()), (e) => e instanceof SourceError && e.kind === 'badResponse');
    server.replyOnce(LIST, { status: 200, rawBody: '{"message":"nope"}', headers: { 'content-type': 'application/json' } });
    await assert.rejects(source.refresh(signal()), (e) => e instanceof SourceError && e.kind === 'badResponse');
  });

  it('keeps hostile bodies as data; rendered through safeMarkdown they hold no command link or HTML', async () => {
    const signals = await source.refresh(signal());
    const body = reviewThreadOf(byDiscussion(signals, 'aaaa0004'))!.thread.comments[0].body;
    assert.match(body, /command:/);
    assert.doesNotMatch(safeMarkdown(body), /command:|<script/);
  });

  it('asks nothing on a detached HEAD; only the list when the branch has no merge request', async () => {
    branch = undefined;
    assert.deepEqual(await source.refresh(signal()), []);
    assert.equal(server.requests.length, 0);
    branch = 'other';
    assert.deepEqual(await source.refresh(signal()), []);
    assert.equal(server.requests.length, 1);
  });
});
