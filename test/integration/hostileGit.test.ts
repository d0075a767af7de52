/**
 * The git hardening inside the real VS Code host: a repository armed with every program-running
 * config key (test/unit/sources/git/hostileKeys.ts), outside the workspace so the built-in git extension
 * leaves it alone, and every command path of the extension run on it with VS Code's git binary and the
 * extension host's environment. The marker programs record only runs started by our git processes.
 */
import assert from 'node:assert/strict';
import { runEveryCommandPath, dirtyWorkingTree } from '../unit/sources/git/commandPaths';
import { armEveryKey } from '../unit/sources/git/hostileKeys';
import { HostileRepo } from '../unit/sources/git/hostileRepo';
import { activateExtension } from './api';

describe('git in the VS Code host: a hostile repository config runs nothing through us', function () {
  this.timeout(120_000);

  it('every command path, trusted and untrusted, with every trap armed at once', async () => {
    const api = await activateExtension();
    const h = await HostileRepo.create();
    try {
      const markers = await armEveryKey(h, true);
      dirtyWorkingTree(h.repo.dir);
      assert.ok(markers.length >= 30, `${markers.length} traps armed`);
      const repo = h.open(api.git.git);
      const failures = await runEveryCommandPath(repo, { remotes: ['web', 'sshr', 'gitr', 'extr', 'rewritten'] });
      await runEveryCommandPath(repo, { remotes: ['web'] });
      assert.deepEqual(h.fired(), [], `no trap was sprung (failed paths: ${failures.join(' | ')})`);
      assert.ok(!failures.some((f) => /^(reads|blame|journal|release notes):/.test(f)), failures.join(' | '));
    } finally {
      await h.dispose();
    }
  });
});
