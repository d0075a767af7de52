import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { blameFile } from '../../../../src/sources/git/blame';
import { resolveCommitStatuses, ContainmentCache } from '../../../../src/sources/git/containment';
import { environmentHistories } from '../../../../src/core/deployStatus';
import { GitSource, deployEvents } from '../../../../src/sources/git/gitSource';
import { NotesJournal } from '../../../../src/sources/git/notesJournal';
import { syncNotes } from '../../../../src/sources/git/notesSync';
import { releaseNotesForRange } from '../../../../src/sources/git/releaseRange';
import { clonesOfBareRemote, removeDir, tempDir } from './fixtures';

/**
 * A repository whose config and hooks would run code (fsmonitor, hooks, clean filter, textconv,
 * and a `reference-transaction` file at the worktree root for an empty hooksPath to find).
 * None of our operations may create a marker.
 */
describe('git: a hostile repository cannot run code through our git calls', function () {
  this.timeout(20_000);

  it('never runs fsmonitor, hooks, filters or textconv: reads, blame, journal writes, sync push and fetch', async () => {
    const {
      root,
      clones: [hostile, friend],
    } = clonesOfBareRemote(2);
    const markers = tempDir('markers');
    try {
      const base = hostile.commit('feat: app', { 'app.txt': 'one\ntwo\n', '.gitattributes': '*.txt filter=evil diff=evil\n' });
      hostile.tag('v1.0.0', 'first');
      hostile.commit('fix: two', { 'app.txt': 'one\nTWO\n' });
      hostile.git(['push', '--quiet', 'origin', 'main', 'v1.0.0']);

      const script = (name: string) => `#!/bin/sh\ntouch '${path.join(markers, name)}'\ncat\n`;
      const install = (file: string, name: string) => {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, script(name), { mode: 0o755 });
      };
      const gitDir = path.join(hostile.dir, '.git');
      for (const hook of [
        'post-checkout',
        'pre-push',
        'reference-transaction',
        'post-merge',
        'pre-commit',
        'post-rewrite',
        'pre-auto-gc',
      ]) {
        install(path.join(gitDir, 'hooks', hook), `hook-${hook}`);
      }
      install(path.join(hostile.dir, 'reference-transaction'), 'worktree-root-hook');
      install(path.join(markers, 'fsmonitor.sh'), 'fsmonitor');
      install(path.join(markers, 'filter.sh'), 'filter');
      install(path.join(markers, 'textconv.sh'), 'textconv');
      hostile.git(['config', 'core.fsmonitor', path.join(markers, 'fsmonitor.sh')]);
      hostile.git(['config', 'filter.evil.clean', path.join(markers, 'filter.sh')]);
      hostile.git(['config', 'filter.evil.smudge', path.join(markers, 'filter.sh')]);
      hostile.git(['config', 'filter.evil.required', 'true']);
      hostile.git(['config', 'diff.evil.textconv', path.join(markers, 'textconv.sh')]);
      hostile.git(['config', 'core.pager', path.join(markers, 'fsmonitor.sh')]);
      fs.writeFileSync(path.join(hostile.dir, 'app.txt'), 'one\nTWO\nuncommitted\n');

      // Sanity check: the traps are armed (plain git without our overrides springs one).
      const armed = tempDir('armed');
      fs.cpSync(hostile.dir, armed, { recursive: true });
      spawnSync('git', ['status'], { cwd: armed });
      assert.ok(fs.existsSync(path.join(markers, 'fsmonitor')), 'the fsmonitor trap works with plain git');
      fs.rmSync(path.join(markers, 'fsmonitor'));
      removeDir(armed);

      const repo = hostile.open();
      await repo.head();
      await repo.branches();
      await repo.tags();
      await repo.log({ limit: 10 });
      await repo.userIdentity();
      await blameFile(repo, 'app.txt');
      await blameFile(repo, 'app.txt', { contents: 'zero\none\nTWO\n' });
      await blameFile(repo, 'app.txt', { rev: base });
      await releaseNotesForRange(repo);

      const journal = new NotesJournal(repo);
      const deploy = await journal.reportDeploy({ environment: 'production', status: 'success', version: 'v1.0.1' });
      const incident = await journal.reportIncident({ severity: 'minor', summary: 'slow', file: 'app.txt', startLine: 2 });
      await journal.resolveIncident(incident.id);
      friend.git(['fetch', '--quiet', 'origin']);
      await new NotesJournal(friend.open()).reportDeploy({ commit: base, environment: 'staging', status: 'success' });
      await syncNotes(friend.open(), { trusted: true });
      const sync = await syncNotes(repo, { trusted: true }); // fetch + notes merge commit + push
      assert.equal(sync.merged, true);
      assert.equal(sync.pushed, true);

      const signals = await new GitSource(repo).refresh(new AbortController().signal);
      assert.ok(signals.some((s) => s.kind === 'deployment' && s.id.endsWith(deploy.id)));
      const histories = environmentHistories(deployEvents(await journal.readAll()));
      await resolveCommitStatuses(repo, new ContainmentCache(), [base], histories);

      assert.deepEqual(
        fs.readdirSync(markers).filter((f) => !f.endsWith('.sh')),
        [],
        'no trap was sprung',
      );
    } finally {
      removeDir(root);
      removeDir(markers);
    }
  });
});
