import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostileRepo } from './hostileRepo';

/**
 * The traps: for each git config key that runs a program (src/sources/git/programKeys.ts), how to
 * arm it in a HostileRepo with a marker program, and the plain git command that springs it.
 * Shared by the per-key unit test and the VS Code host test that arms them all at once.
 */

export interface KeyCase {
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

export const HOOKS = [
  'reference-transaction',
  'post-checkout',
  'pre-push',
  'post-merge',
  'pre-commit',
  'post-commit',
  'pre-auto-gc',
  'post-rewrite',
];

export const HOSTILE_KEYS: KeyCase[] = [
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
  {
    key: 'pager.<cmd>',
    arm: (h, p) => {
      h.config('pager.log', p);
      h.config('pager.blame', p);
    },
    prove: ['log', '-1'],
    tty: true,
  },
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
    arm: (h, p) => {
      h.config('core.sshCommand', p);
      h.repo.git(['remote', 'add', 'sshr', 'ssh://git@127.0.0.1:1/x.git']);
    },
    prove: ['fetch', 'sshr'],
    remotes: ['sshr'],
  },
  {
    key: 'core.gitProxy',
    arm: (h, p) => {
      h.config('core.gitProxy', p);
      h.repo.git(['remote', 'add', 'gitr', 'git://127.0.0.1:1/x.git']);
    },
    prove: ['fetch', 'gitr'],
    remotes: ['gitr'],
  },
  { key: 'remote.<name>.uploadpack', arm: (h, p) => h.config('remote.origin.uploadpack', p), prove: ['fetch', 'origin'] },
  {
    key: 'remote.<name>.receivepack',
    arm: (h, p) => h.config('remote.origin.receivepack', p),
    prove: ['push', 'origin', 'HEAD:refs/heads/proof'],
  },
  {
    key: 'protocol.ext.allow (an ext:: remote)',
    arm: (h, p) => {
      h.config('protocol.ext.allow', 'always');
      h.repo.git(['remote', 'add', 'extr', `ext::${p}`]);
    },
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
    arm: (h, p) => {
      h.config('filter.evil.smudge', p);
      h.config('filter.evil.clean', p);
      h.config('filter.evil.required', 'true');
    },
    prove: ['switch', '-f', 'other'],
  },
  {
    key: 'merge.<driver>.driver',
    arm: (h, p) => h.config('merge.evil.driver', `${p} %O %A %B`),
    prove: ['merge', '--no-edit', 'conflict'],
  },
  {
    key: 'gpg.program',
    arm: (h, p) => {
      h.signHead('openpgp');
      h.config('log.showSignature', 'true');
      h.config('gpg.program', p);
    },
    prove: ['log', '-1'],
  },
  {
    key: 'gpg.openpgp.program',
    arm: (h, p) => {
      h.signHead('openpgp');
      h.config('log.showSignature', 'true');
      h.config('gpg.openpgp.program', p);
    },
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
  {
    key: 'gpg.x509.program',
    arm: (h, p) => {
      h.signHead('x509');
      h.config('log.showSignature', 'true');
      h.config('gpg.x509.program', p);
    },
    prove: ['log', '-1'],
  },
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

/** Arms every trap in one repository (each with its own marker program), for the host test. */
export async function armEveryKey(h: HostileRepo, onlyOurs: boolean): Promise<string[]> {
  const markers: string[] = [];
  // Traps whose arming commits or switches branches go first, before filters and signatures are armed.
  const setupFirst = (c: KeyCase) => (c.key.startsWith('include.path of a file') ? 0 : 1);
  for (const c of [...HOSTILE_KEYS].sort((a, b) => setupFirst(a) - setupFirst(b))) {
    const name = `trap-${c.key.replace(/[^A-Za-z0-9]+/g, '-')}`;
    await c.arm(h, h.program(name, { onlyOurs }));
    markers.push(name);
  }
  return markers;
}
