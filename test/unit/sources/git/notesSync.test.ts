import assert from 'node:assert/strict';
import { NOTES_REF, NotesJournal } from '../../../../src/sources/git/notesJournal';
import { UntrustedConfigError, syncNotes } from '../../../../src/sources/git/notesSync';
import { Report } from '../../../../src/sources/git/reports';
import { TestRepo, clonesOfBareRemote, git, removeDir } from './fixtures';

function ids(reports: readonly Report[]): string[] {
  return reports.map((r) => r.id).sort();
}

describe('git/notesSync (two clones of a bare remote)', function () {
  this.timeout(20_000);
  let root: string;
  let bare: string;
  let a: TestRepo;
  let b: TestRepo;
  let seed: string;
  let x: string;

  beforeEach(() => {
    ({
      root,
      bare,
      clones: [a, b],
    } = clonesOfBareRemote(2));
    seed = a.sha('HEAD');
    x = a.commit('feat: x', { 'x.txt': 'x\n' });
    a.git(['push', '--quiet', 'origin', 'main']);
    b.git(['pull', '--quiet', '--ff-only', 'origin', 'main']);
  });
  afterEach(() => removeDir(root));

  it('merges concurrent reports on the same and on different commits, both directions, nothing lost', async () => {
    const ja = new NotesJournal(a.open());
    const jb = new NotesJournal(b.open());
    // Both clones report before either syncs: the same commits get notes on both sides.
    const a1 = await ja.reportDeploy({ commit: seed, environment: 'staging', status: 'success', version: 'v1' });
    const a2 = await ja.reportIncident({ commit: x, severity: 'critical', summary: 'x breaks login', file: 'x.txt', startLine: 1 });
    const b1 = await jb.reportDeploy({ commit: seed, environment: 'production', status: 'success', version: 'v1' });
    const b2 = await jb.reportDeploy({ commit: x, environment: 'staging', status: 'failed', version: 'v2' });

    const first = await syncNotes(a.open(), { trusted: true });
    assert.deepEqual(first, { remote: 'origin', remoteHadNotes: false, merged: false, pushed: true, attempts: 1 });
    const second = await syncNotes(b.open(), { trusted: true });
    assert.equal(second.remoteHadNotes, true);
    assert.equal(second.merged, true);
    assert.equal(second.pushed, true);
    const third = await syncNotes(a.open(), { trusted: true });
    assert.equal(third.merged, true);
    assert.equal(third.pushed, false, 'a fast-forward brings nothing new to push');

    const expected = ids([a1, a2, b1, b2]);
    assert.deepEqual(ids(await new NotesJournal(a.open()).readAll()), expected);
    assert.deepEqual(ids(await new NotesJournal(b.open()).readAll()), expected);
    assert.equal(a.sha(NOTES_REF), b.sha(NOTES_REF));
    assert.equal(git(root, ['--git-dir', bare, 'rev-parse', NOTES_REF]).trim(), a.sha(NOTES_REF));

    // A resolution made on one side reaches the other.
    const resolution = await jb.resolveIncident(a2.id, 'fixed');
    await syncNotes(b.open(), { trusted: true });
    await syncNotes(a.open(), { trusted: true });
    const onA = await new NotesJournal(a.open()).readAll();
    assert.ok(onA.some((r) => r.id === resolution.id && r.type === 'incident-resolution' && r.incidentId === a2.id));
  });

  it('does nothing when neither side has notes, and fetches when only the remote has them', async () => {
    const empty = await syncNotes(b.open(), { trusted: true });
    assert.deepEqual(empty, { remote: 'origin', remoteHadNotes: false, merged: false, pushed: false, attempts: 1 });

    const report = await new NotesJournal(a.open()).reportDeploy({ environment: 'production', status: 'success' });
    await syncNotes(a.open(), { trusted: true });
    const fetched = await syncNotes(b.open(), { trusted: true });
    assert.deepEqual(fetched, { remote: 'origin', remoteHadNotes: true, merged: true, pushed: false, attempts: 1 });
    assert.deepEqual(ids(await new NotesJournal(b.open()).readAll()), [report.id]);
  });

  it('fetches and merges again when someone pushed between our merge and our push', async () => {
    const ja = new NotesJournal(a.open());
    const jb = new NotesJournal(b.open());
    const fromA = await ja.reportDeploy({ commit: x, environment: 'production', status: 'success' });
    const fromB = await jb.reportDeploy({ commit: x, environment: 'production', status: 'rolledBack' });
    let racedPushes = 0;
    const result = await syncNotes(a.open(), {
      trusted: true,
      beforePush: async (attempt) => {
        if (attempt === 1) {
          racedPushes++;
          await syncNotes(b.open(), { trusted: true }); // b wins the race to the remote
        }
      },
    });
    assert.equal(racedPushes, 1);
    assert.equal(result.attempts, 2);
    assert.equal(result.pushed, true);
    await syncNotes(b.open(), { trusted: true });
    const expected = ids([fromA, fromB]);
    assert.deepEqual(ids(await new NotesJournal(a.open()).readAll()), expected);
    assert.deepEqual(ids(await new NotesJournal(b.open()).readAll()), expected);
  });

  it('gives up after the bounded number of attempts when the remote keeps moving', async () => {
    await new NotesJournal(a.open()).reportDeploy({ environment: 'production', status: 'success' });
    const jb = new NotesJournal(b.open());
    await assert.rejects(
      syncNotes(a.open(), {
        trusted: true,
        maxAttempts: 2,
        beforePush: async () => {
          await jb.reportDeploy({ environment: 'staging', status: 'success' });
          await syncNotes(b.open(), { trusted: true });
        },
      }),
      /gave up after 2 attempts/,
    );
  });

  it('refuses, in an untrusted workspace, repository config that would run programs and local-path remotes', async () => {
    await new NotesJournal(a.open()).reportDeploy({ environment: 'production', status: 'success' });
    a.git(['config', 'core.sshCommand', 'touch /tmp/should-not-run']);
    await assert.rejects(syncNotes(a.open(), { trusted: false }), (err: unknown) => {
      assert.ok(err instanceof UntrustedConfigError);
      // The bare remote is a local path: pushing there would run that repository's own hooks.
      assert.deepEqual(err.keys, ['core.sshcommand', 'remote.origin.url (not a network URL)']);
      return true;
    });
    a.git(['config', '--unset', 'core.sshCommand']);
    const ok = await syncNotes(a.open(), { trusted: true });
    assert.equal(ok.pushed, true);
  });

  it('converges when both clones sync at the same moment', async () => {
    const reports = [
      await new NotesJournal(a.open()).reportDeploy({ commit: seed, environment: 'production', status: 'success' }),
      await new NotesJournal(b.open()).reportDeploy({ commit: seed, environment: 'production', status: 'failed' }),
      await new NotesJournal(b.open()).reportIncident({ commit: x, severity: 'minor', summary: 'typo' }),
    ];
    // Whoever loses the race to create the remote ref is rejected, fetches, merges and pushes again.
    await Promise.all([syncNotes(a.open(), { trusted: true }), syncNotes(b.open(), { trusted: true })]);
    await syncNotes(a.open(), { trusted: true });
    await syncNotes(b.open(), { trusted: true });
    for (const clone of [a, b]) {
      assert.deepEqual(ids(await new NotesJournal(clone.open()).readAll()), ids(reports));
    }
  });

  it('lets an untrusted workspace sync with a network remote (the guard does not block it)', async () => {
    await new NotesJournal(a.open()).reportDeploy({ environment: 'production', status: 'success' });
    a.git(['remote', 'add', 'web', 'https://127.0.0.1:1/team/app.git']);
    await assert.rejects(syncNotes(a.open(), { trusted: false, remote: 'web' }), (err: unknown) => {
      assert.ok(!(err instanceof UntrustedConfigError), String(err));
      assert.match(String(err), /git fetch failed/);
      return true;
    });
  });

  it('rejects a remote name that is not configured', async () => {
    await assert.rejects(syncNotes(a.open(), { trusted: true, remote: 'nope' }), /unknown or unsupported remote/);
  });
});
