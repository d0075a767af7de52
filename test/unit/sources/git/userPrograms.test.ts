import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fetchRefspec, switchBranch } from '../../../../src/sources/git/checkout';
import { configListing, parseConfigListing } from '../../../../src/sources/git/configListing';
import { GitError, GitRunner } from '../../../../src/sources/git/gitRunner';
import { GitRepository } from '../../../../src/sources/git/repository';
import { HostileRepo } from './hostileRepo';
import { removeDir, tempDir } from './fixtures';

/**
 * Trusted fetch, push and checkout keep the user's own programs (global config) and never the
 * repository's; untrusted ones run none. And what the runner refuses outright.
 */
describe("git: the user's own programs, never the repository's", function () {
  this.timeout(30_000);
  let h: HostileRepo;

  beforeEach(async () => {
    h = await HostileRepo.create();
  });
  afterEach(() => h.dispose());

  function userConfig(text: string): void {
    fs.writeFileSync(h.globalConfig, text);
  }

  it("a trusted fetch asks the user's credential helper, never the one the repository adds; untrusted asks none", async () => {
    userConfig(`[credential]\n\thelper = ${h.program('user-helper')}\n`);
    h.config('credential.helper', h.program('repo-helper'));
    h.config(`credential.${new URL(h.webUrl).origin}.helper`, h.program('repo-url-helper'));
    await assert.rejects(fetchRefspec(h.open(), 'web', '+refs/heads/main:refs/heads/x', { trusted: true }), GitError);
    assert.deepEqual(h.fired(), ['user-helper']);
    h.clearMarkers();
    await assert.rejects(fetchRefspec(h.open(), 'web', '+refs/heads/main:refs/heads/x', { trusted: false }), GitError);
    assert.deepEqual(h.fired(), []);
  });

  it("a trusted checkout runs the user's filter for a driver, not the repository's redefinition of it; untrusted runs neither", async () => {
    userConfig(`[filter "evil"]\n\tsmudge = ${h.program('user-filter')}\n`);
    h.config('filter.evil.smudge', h.program('repo-filter'));
    const repo = h.open();
    await switchBranch(repo, 'other', { trusted: true });
    assert.deepEqual(h.fired(), ['user-filter']);
    assert.equal(await repo.currentBranch(), 'other');
    h.clearMarkers();
    await switchBranch(repo, 'main', { trusted: false });
    assert.deepEqual(h.fired(), []);
    assert.equal(await repo.currentBranch(), 'main');
  });

  it("a trusted fetch uses the user's ssh command, never the repository's", async () => {
    userConfig(`[core]\n\tsshCommand = ${h.program('user-ssh')}\n`);
    h.config('core.sshCommand', h.program('repo-ssh'));
    h.repo.git(['remote', 'add', 'sshr', 'ssh://git@127.0.0.1:1/x.git']);
    await assert.rejects(fetchRefspec(h.open(), 'sshr', '+refs/heads/main:refs/heads/x', { trusted: true }), GitError);
    assert.deepEqual(h.fired(), ['user-ssh']);
  });

  it('refuses commands the extension never runs, before git starts', async () => {
    for (const args of [
      ['commit', '-m', 'x'],
      ['gc'],
      ['merge', 'other'],
      ['add', '-p'],
      ['difftool'],
      ['help', 'config'],
      ['-c', 'x=y', 'log'],
    ]) {
      await assert.rejects(
        h.open().run(args),
        (err: GitError) => err.kind === 'refused' && /not a command this extension runs/.test(err.message),
      );
    }
  });

  it('refuses to check out where the repository moved its working tree (core.worktree)', async () => {
    const elsewhere = tempDir('elsewhere');
    try {
      h.config('core.worktree', elsewhere);
      await assert.rejects(switchBranch(h.open(), 'other', { trusted: true }), /moves its working tree elsewhere \(core\.worktree\)/);
      assert.deepEqual(fs.readdirSync(elsewhere), []);
    } finally {
      removeDir(elsewhere);
    }
  });

  it('refuses to run a git older than 2.31 (it ignores the overrides)', async () => {
    const dir = tempDir('old-git');
    try {
      const fake = path.join(dir, 'git');
      fs.writeFileSync(fake, '#!/bin/sh\necho "git version 2.30.9"\n', { mode: 0o755 });
      const repo = new GitRepository(new GitRunner({ gitPath: fake, cwd: h.repo.dir }), h.repo.dir);
      await assert.rejects(repo.head(), /git 2\.30 .* is too old: DevOps Feedback Loop needs git 2\.31 or newer/);
    } finally {
      removeDir(dir);
    }
  });
});

describe('git/configListing (the cached config listing the overrides are computed from)', () => {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' };

  it('parses scope, origin, key and value, including values with newlines and keys without a value', () => {
    const out =
      'local\0file:.git/config\0core.bare\nfalse\0local\0file:.git/config\0alias.x\nline1\nline2\0global\0file:/h/.gitconfig\0flag\0';
    assert.deepEqual(parseConfigListing(out), [
      { scope: 'local', origin: 'file:.git/config', key: 'core.bare', value: 'false' },
      { scope: 'local', origin: 'file:.git/config', key: 'alias.x', value: 'line1\nline2' },
      { scope: 'global', origin: 'file:/h/.gitconfig', key: 'flag', value: '' },
    ]);
  });

  it('lists once, and again when a listed file, an include target (even one that did not exist) changes', async () => {
    const dir = tempDir('listing');
    try {
      const config = path.join(dir, 'config');
      const included = path.join(dir, 'later.gitconfig');
      fs.writeFileSync(config, `[include]\n\tpath = later.gitconfig\n`);
      let calls = 0;
      const list = async () => {
        calls++;
        const extra = fs.existsSync(included) ? `local\0file:${included}\0filter.x.clean\nevil\0` : '';
        return `local\0file:${config}\0include.path\nlater.gitconfig\0${extra}`;
      };
      await configListing(dir, env, list);
      await configListing(dir, env, list);
      assert.equal(calls, 1, 'cached while nothing changed');
      fs.writeFileSync(included, '[filter "x"]\n\tclean = evil\n');
      const entries = await configListing(dir, env, list);
      assert.equal(calls, 2, 'the include target appeared');
      assert.ok(entries.some((e) => e.key === 'filter.x.clean'));
      fs.appendFileSync(config, '[core]\n\teditor = vi\n');
      await configListing(dir, env, list);
      assert.equal(calls, 3, 'a listed file changed');
      await configListing(dir, env, list, true);
      assert.equal(calls, 4, 'fresh on request (checkout and transport commands)');
    } finally {
      removeDir(dir);
    }
  });

  it('never caches a listing with a branch-conditional include (it depends on HEAD)', async () => {
    const dir = tempDir('onbranch');
    try {
      let calls = 0;
      const list = async () => {
        calls++;
        return `local\0file:${path.join(dir, 'config')}\0includeif.onbranch:evil.path\n${path.join(dir, 'x')}\0`;
      };
      await configListing(dir, env, list);
      await configListing(dir, env, list);
      assert.equal(calls, 2);
    } finally {
      removeDir(dir);
    }
  });
});
