import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfigListing } from '../../../../src/sources/git/configListing';
import { programOverrides } from '../../../../src/sources/git/programKeys';
import { dirtyWorkingTree, runEveryCommandPath } from './commandPaths';
import { HostileRepo } from './hostileRepo';

/**
 * One test per git config key that runs a program (programKeys.ts): a real repository whose config
 * sets the key to a marker program; plain git is shown to run it first (the trap is armed), then
 * every command path of the extension runs in that repository and the marker must stay absent.
 * Keys this git version does not know yet cannot be proven with it; for those the test checks that
 * the override git would need is emitted.
 */

interface KeyCase {
  key: string;
  /** Arms the trap; `p` is the marker program. */
  arm(h: HostileRepo, p: string): void | Promise<void>;
  /** Plain git that springs the trap. */
  prove: string[];
  tty?: boolean;
  /** First git version that reads the key. */
  since?: [number, number];
  /** The override that neutralises the key on a git version too old to prove it. */
  override?: [string, string];
  /** A second plain command, after `prove`, that springs the trap. */
  then?: string[];
  /** Remotes (besides origin) our paths fetch from and sync with. */
  remotes?: string[];
}

const version = (() => {
  const m = /(\d+)\.(\d+)/.exec(spawnSync('git', ['version'], { encoding: 'utf8' }).stdout);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
})();
const knows = (since?: [number, number]) => !since || version[0] > since[0] || (version[0] === since[0] && version[1] >= since[1]);

const HOOKS = ['reference-transaction', 'post-checkout', 'pre-push', 'post-merge', 'pre-commit', 'post-commit', 'pre-auto-gc', 'post-rewrite'];

const CASES: KeyCase[] = [
  { key: 'core.fsmonitor', arm: (h, p) => h.config('core.fsmonitor', p), prove: ['status'] },
  {
    key: 'core.hooksPath',
    arm: (h, p) => {
      const dir = path.join(h.root, 'evil-hooks');
      fs.mkdirSync(dir);
      for (const hook of HOOKS) fs.copyFileSync(p, path.join(dir, hook));
      fs.chmodSync(dir, 0o755);
      for (const hook of HOOKS) fs.chmodSync(path.join(dir, hook), 0o755);
      h.config('core.hooksPath', dir);
    },
    prove: ['update-ref', 'refs/heads/proof', 'HEAD'],
  },
  {
    key: 'hooks in .git/hooks (no core.hooksPath)',
    arm: (h, p) => {
      for (const hook of HOOKS) fs.copyFileSync(p, path.join(h.repo.dir, '.git', 'hooks', hook));
      // An empty hooksPath would make git 2.39 look at the filesystem root; a hook at the worktree root too.
      fs.copyFileSync(p, path.join(h.repo.dir, 'reference-transaction'));
    },
    prove: ['update-ref', 'refs/heads/proof', 'HEAD'],
  },
  {
    key: 'hook.<name>.command',
    arm: (h, p) => {
      h.config('hook.evil.command', p);
      for (const event of HOOKS) h.config('hook.evil.event', event);
    },
    prove: ['update-ref', 'refs/heads/proof', 'HEAD'],
    since: [2, 54],
    override: ['hook.evil.enabled', 'false'],
  },
  { key: 'core.pager', arm: (h, p) => h.config('core.pager', p), prove: ['log', '-1'], tty: true },
  { key: 'pager.<cmd>', arm: (h, p) => { h.config('pager.log', p); h.config('pager.blame', p); }, prove: ['log', '-1'], tty: true },
  { key: 'core.editor', arm: (h, p) => h.config('core.editor', p), prove: ['commit', '--allow-empty'] },
  { key: 'sequence.editor', arm: (h, p) => h.config('sequence.editor', p), prove: ['rebase', '-i', 'HEAD'] },
  { key: 'core.askPass', arm: (h, p) => h.config('core.askPass', p), prove: ['fetch', 'web'], remotes: ['web'] },
  { key: 'credential.helper', arm: (h, p) => h.config('credential.helper', p), prove: ['fetch', 'web'], remotes: ['web'] },
  {
    key: 'credential.<url>.helper',
    arm: (h, p) => h.config(`credential.${new URL(h.webUrl).origin}.helper`, p),
    prove: ['fetch', 'web'],
    remotes: ['web'],
  },
  {
    key: 'core.sshCommand',
    arm: (h, p) => { h.config('core.sshCommand', p); h.repo.git(['remote', 'add', 'sshr', 'ssh://git@127.0.0.1:1/x.git']); },
    prove: ['fetch', 'sshr'],
    remotes: ['sshr'],
  },
  {
    key: 'core.gitProxy',
    arm: (h, p) => { h.config('core.gitProxy', p); h.repo.git(['remote', 'add', 'gitr', 'git://127.0.0.1:1/x.git']); },
    prove: ['fetch', 'gitr'],
    remotes: ['gitr'],
  },
  { key: 'remote.<name>.uploadpack', arm: (h, p) => h.config('remote.origin.uploadpack', p), prove: ['fetch', 'origin'] },
  { key: 'remote.<name>.receivepack', arm: (h, p) => h.config('remote.origin.receivepack', p), prove: ['push', 'origin', 'HEAD:refs/heads/proof'] },
  {
    key: 'protocol.ext.allow (an ext:: remote)',
    arm: (h, p) => { h.config('protocol.ext.allow', 'always'); h.repo.git(['remote', 'add', 'extr', `ext::${p}`]); },
    prove: ['fetch', 'extr'],
    remotes: ['extr'],
  },
  {
    key: 'url.<base>.insteadOf (to an ext:: URL)',
    arm: (h, p) => {
      h.config('protocol.ext.allow', 'always');
      h.config(`url.ext::${p} .insteadOf`, 'https://evil.invalid/');
      h.repo.git(['remote', 'add', 'rewritten', 'https://evil.invalid/x.git']);
    },
    prove: ['fetch', 'rewritten'],
    remotes: ['rewritten'],
  },
  { key: 'diff.external', arm: (h, p) => h.config('diff.external', p), prove: ['diff', 'HEAD~1'] },
  { key: 'diff.<driver>.command', arm: (h, p) => h.config('diff.evil.command', p), prove: ['diff', 'HEAD~1'] },
  { key: 'diff.<driver>.textconv', arm: (h, p) => h.config('diff.evil.textconv', p), prove: ['show', 'HEAD'] },
  { key: 'filter.<driver>.clean', arm: (h, p) => h.config('filter.evil.clean', p), prove: ['hash-object', '--path=app.txt', 'app.txt'] },
  { key: 'filter.<driver>.smudge', arm: (h, p) => h.config('filter.evil.smudge', p), prove: ['switch', '-f', 'other'] },
  { key: 'filter.<driver>.process', arm: (h, p) => h.config('filter.evil.process', p), prove: ['switch', '-f', 'other'] },
  {
    key: 'filter.<driver>.required (a required filter)',
    arm: (h, p) => { h.config('filter.evil.smudge', p); h.config('filter.evil.clean', p); h.config('filter.evil.required', 'true'); },
    prove: ['switch', '-f', 'other'],
  },
  { key: 'merge.<driver>.driver', arm: (h, p) => h.config('merge.evil.driver', `${p} %O %A %B`), prove: ['merge', '--no-edit', 'conflict'] },
  { key: 'gpg.program', arm: (h, p) => { h.signHead('openpgp'); h.config('log.showSignature', 'true'); h.config('gpg.program', p); }, prove: ['log', '-1'] },
  {
    key: 'gpg.openpgp.program',
    arm: (h, p) => { h.signHead('openpgp'); h.config('log.showSignature', 'true'); h.config('gpg.openpgp.program', p); },
    prove: ['log', '-1'],
  },
  {
    key: 'gpg.ssh.program',
    arm: (h, p) => {
      h.signHead('ssh');
      h.config('log.showSignature', 'true');
      h.config('gpg.ssh.allowedSignersFile', '/dev/null');
      h.config('gpg.ssh.program', p);
    },
    prove: ['log', '-1'],
  },
  { key: 'gpg.x509.program', arm: (h, p) => { h.signHead('x509'); h.config('log.showSignature', 'true'); h.config('gpg.x509.program', p); }, prove: ['log', '-1'] },
  {
    key: 'gpg.ssh.defaultKeyCommand',
    arm: (h, p) => {
      h.config('gpg.format', 'ssh');
      h.config('commit.gpgSign', 'true');
      h.config('tag.gpgSign', 'true');
      h.config('gpg.ssh.defaultKeyCommand', p);
    },
    prove: ['commit', '--allow-empty', '-m', 'signed'],
  },
  {
    key: 'core.alternateRefsCommand',
    arm: (h, p) => {
      fs.writeFileSync(path.join(h.repo.dir, '.git', 'objects', 'info', 'alternates'), `${path.join(h.bare, 'objects')}\n`);
      h.config('core.alternateRefsCommand', p);
    },
    prove: ['fetch', 'origin'],
  },
  {
    key: 'gc.recentObjectsHook',
    arm: (h, p) => h.config('gc.recentObjectsHook', p),
    prove: ['gc', '--cruft', '--prune=1.hour.ago'],
    since: [2, 42],
    override: ['gc.recentobjectshook', ''],
  },
  {
    key: 'include.path (a smudge filter from an included file)',
    arm: (h, p) => {
      const file = path.join(h.root, 'included.gitconfig');
      fs.writeFileSync(file, `[filter "evil"]\n\tsmudge = ${p}\n`);
      h.config('include.path', file);
    },
    prove: ['switch', '-f', 'other'],
  },
  {
    key: 'includeIf.gitdir:.path (fsmonitor from a conditional include)',
    arm: (h, p) => {
      const file = path.join(h.root, 'conditional.gitconfig');
      fs.writeFileSync(file, `[core]\n\tfsmonitor = ${p}\n`);
      // Matches the repository and the copy plain git proves it in.
      h.config(`includeIf.gitdir:${h.root}/**.path`, file);
    },
    prove: ['status'],
  },
  {
    key: 'include.path of a file a checkout creates (in the worktree, only on another branch)',
    arm: (h, p) => {
      h.repo.git(['switch', '--quiet', 'other']);
      h.repo.commit('chore: config', { 'evil.gitconfig': `[filter "evil"]\n\tclean = ${p}\n` });
      h.repo.git(['switch', '--quiet', 'main']);
      h.repo.git(['push', '--quiet', 'origin', 'other']);
      // Relative to .git/, so it names the worktree file that only exists once `other` is checked out.
      h.config('include.path', '../evil.gitconfig');
    },
    prove: ['switch', 'other'],
    then: ['hash-object', '--path=app.txt', 'app.txt'],
  },
];

describe('git: every config key that runs a program is neutralised on every command path', function () {
  this.timeout(60_000);

  for (const c of CASES) {
    const provable = knows(c.since);
    it(provable ? `${c.key}: plain git runs it; we never do` : `${c.key}: git ${version.join('.')} predates it; the override is emitted`, async () => {
      const h = await HostileRepo.create();
      try {
        const marker = path.basename(h.program(`trap-${c.key.replace(/[^A-Za-z0-9]+/g, '-')}`));
        const program = path.join(h.root, 'programs', marker);
        await c.arm(h, program);
        // Plain git springs the trap in a copy, so our paths then meet the repository as it was armed.
        const snapshot = path.join(h.root, 'armed-copy');
        fs.cpSync(h.repo.dir, snapshot, { recursive: true });
        dirtyWorkingTree(h.repo.dir);

        if (provable) {
          await h.plain(c.prove, { tty: c.tty, cwd: snapshot });
          if (c.then) await h.plain(c.then, { cwd: snapshot });
          assert.deepEqual(h.fired(), [marker], `the trap is armed: plain git ${c.prove.join(' ')} runs it`);
          h.clearMarkers();
        } else {
          const listing = spawnSync('git', ['config', '--list', '--show-scope', '--show-origin', '-z'], {
            cwd: h.repo.dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: h.globalConfig },
          }).stdout;
          const overrides = programOverrides(parseConfigListing(listing), 'isolated');
          assert.ok(c.override && overrides.some(([k, v]) => k === c.override?.[0] && v === c.override?.[1]), `emits ${c.override?.join('=')}`);
        }

        const failures = await runEveryCommandPath(h.open(), { remotes: c.remotes });
        // The same paths again once the working tree changed under them (a branch switch, an included file appearing).
        await runEveryCommandPath(h.open(), { remotes: c.remotes });
        assert.deepEqual(h.fired(), [], `no trap was sprung by our commands (failed paths: ${failures.join(' | ') || 'none'})`);
        // The paths ran for real: reads, blame and the journal work on this repository despite its config.
        assert.ok(!failures.some((f) => /^(reads|blame|journal|release notes):/.test(f)), failures.join(' | '));
      } finally {
        await h.dispose();
      }
    });
  }
});
