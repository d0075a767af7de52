import assert from 'node:assert/strict';
import { tagValue } from '../../../../src/core/signal';
import { FileFeedbackService } from '../../../../src/sources/git/fileFeedback';
import { GitSource } from '../../../../src/sources/git/gitSource';
import { releaseNotesForRange } from '../../../../src/sources/git/releaseRange';
import { renderReleaseNotesMarkdown } from '../../../../src/core/releaseNotes';
import { TestRepo, removeDir } from './fixtures';

describe('git/gitSource, releaseRange and fileFeedback (real repository)', () => {
  let t: TestRepo;
  let first: string;
  let second: string;
  let third: string;

  before(() => {
    t = TestRepo.init('source');
    first = t.commit('feat: checkout page\n\nRefs PROJ-7', { 'src/shop.ts': 'a\nb\nc\nd\n' });
    t.tag('v1.4.1', 'Release 1.4.1');
    second = t.commit('fix(cart): empty cart crash (#12)', { 'src/shop.ts': 'a\nB\nc\nd\n' });
    third = t.commit('feat!: new pricing API\n\nSee !45 and GH-9\n\nBREAKING CHANGE: prices are in cents', {
      'src/shop.ts': 'a\nB\nc\nD\n',
    });
    t.tag('v1.4.2', 'Release 1.4.2');
  });
  after(() => removeDir(t.dir));

  it('turns tags, journal reports and recent commits into signals', async () => {
    const source = new GitSource(t.open(), { commitLimit: 2 });
    const deploy = await source.journal.reportDeploy({ environment: 'production', status: 'success', version: 'v1.4.2' });
    const incident = await source.journal.reportIncident({
      commit: second,
      severity: 'critical',
      summary: 'Cart crashes',
      file: 'src/shop.ts',
      startLine: 2,
      endLine: 2,
      deployId: deploy.id,
    });
    await source.journal.resolveIncident(incident.id, 'hotfixed');
    const signals = await source.refresh(new AbortController().signal);
    assert.equal(source.id, `git:${t.dir}`);
    assert.ok(signals.every((s) => s.source === source.id));

    const releases = signals.filter((s) => s.kind === 'release');
    assert.deepEqual(
      releases.map((s) => s.title),
      ['v1.4.2', 'v1.4.1'],
    );
    assert.deepEqual(releases[0].anchors.commits, [third]);

    const [dep] = signals.filter((s) => s.kind === 'deployment');
    assert.equal(dep.id, `git:${t.dir}:deployment:${deploy.id}`);
    assert.equal(dep.state.normal, 'success');
    assert.equal(tagValue(dep, 'env'), 'production');
    assert.equal(tagValue(dep, 'commit'), third);
    assert.equal(dep.anchors.environment, 'production');
    assert.deepEqual(dep.anchors.commits, [third]);

    const [inc] = signals.filter((s) => s.kind === 'incident');
    assert.equal(inc.state.normal, 'resolved');
    assert.deepEqual(inc.labels, ['critical']);
    assert.deepEqual(inc.anchors.files, [{ path: 'src/shop.ts', line: 2, endLine: 2, commit: second }]);
    assert.equal(inc.anchors.environment, 'production');
    assert.equal(inc.parentId, dep.id);
    assert.equal(inc.detail?.resolutionNote, 'hotfixed');

    const messages = signals.filter((s) => s.kind === 'message');
    assert.deepEqual(
      messages.map((s) => tagValue(s, 'commit')),
      [third, second],
    );
    assert.equal(tagValue(messages[0], 'branch'), 'main');
    assert.ok(JSON.parse(JSON.stringify(signals)), 'plain JSON');
  });

  it('writes release notes for last tag..HEAD, using the tag before when HEAD is the tagged release', async () => {
    const { notes, truncated } = await releaseNotesForRange(t.open());
    assert.equal(truncated, false);
    assert.equal(notes.from, 'v1.4.1');
    assert.deepEqual(
      notes.sections.map((s) => s.id),
      ['breaking', 'fix'],
    );
    assert.deepEqual(
      notes.references.map((r) => r.key),
      ['!45', '#9', '#12'],
      'newest commit first',
    );
    const md = renderReleaseNotesMarkdown(notes);
    assert.match(md, /^# Changes from v1\.4\.1 to HEAD/);
    assert.match(md, /## Breaking changes\n\n- feat: prices are in cents \(`[0-9a-f]{8}`, !45, #9\)\n/);
    assert.match(md, /## Bug fixes\n\n- \*\*cart:\*\* empty cart crash \(#12\) \(`[0-9a-f]{8}`, #12\)\n/);

    const all = await releaseNotesForRange(t.open(), { from: first, to: 'v1.4.2', limit: 1 });
    assert.equal(all.truncated, true);
    assert.equal(all.notes.commitCount, 1);
    await assert.rejects(releaseNotesForRange(t.open(), { from: 'nope' }), /does not name a commit/);
  });

  it('assembles line feedback for a file: blame, deploy containment and incident marks', async () => {
    const source = new GitSource(t.open());
    const signals = await source.refresh(new AbortController().signal);
    const service = new FileFeedbackService(t.open());
    const now = Date.now();
    const result = await service.forFile({
      path: 'src/shop.ts',
      contents: 'a\nB\nc\nD\nunsaved\n',
      lineCount: 5,
      signals,
      deployments: signals.filter((s) => s.kind === 'deployment'),
      now,
    });
    assert.deepEqual(
      result.blocks.map((b) => [b.startLine, b.endLine, b.commit.slice(0, 7), b.committed]),
      [
        [1, 1, first.slice(0, 7), true],
        [2, 2, second.slice(0, 7), true],
        [3, 3, first.slice(0, 7), true],
        [4, 4, third.slice(0, 7), true],
        [5, 5, '0000000', false],
      ],
    );
    assert.match(result.blocks[0].text, /^live in production since v1\.4\.2 \(/);
    assert.equal(result.blocks[4].text, 'not committed yet');
    assert.equal(result.marksAt(2).length, 1);
    assert.equal(result.marksAt(2)[0].state, 'resolved');
    assert.equal(result.blockAt(2)?.signalIds.length, 1);
  });
});
