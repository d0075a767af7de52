// Arms a repository with hostile config before a VS Code host opens it (the Restricted Mode suite's
// workspace): config keys that make git run a program, hooks, and attributes that name filter and diff
// drivers for every file (in .git/info/attributes, so the working tree is unchanged). Each program
// records a run in <dir>/../hostile-markers/<name>, but only when started through one of OUR git
// processes (they carry DEVOPS_FEEDBACK_LOOP_GIT), so other git users of the folder do not count.
// The per-key proofs against plain git are in test/unit/sources/git/programKeys.test.ts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const KEYS = [
  'core.fsmonitor',
  'core.pager',
  'pager.log',
  'pager.blame',
  'core.editor',
  'sequence.editor',
  'core.askPass',
  // (remote.<name>.uploadpack/receivepack would create the remote the suite adds itself; the unit tests arm them.)
  'core.sshCommand',
  'core.gitProxy',
  'credential.helper',
  'diff.external',
  'diff.evil.command',
  'diff.evil.textconv',
  'filter.evil.clean',
  'filter.evil.smudge',
  'filter.evil.process',
  'merge.evil.driver',
  'gpg.program',
  'gpg.ssh.program',
  'gpg.x509.program',
  'core.alternateRefsCommand',
];
const HOOKS = [
  'reference-transaction',
  'post-checkout',
  'pre-push',
  'post-merge',
  'pre-commit',
  'post-commit',
  'pre-auto-gc',
  'post-rewrite',
];

/** @returns {string} the markers folder (empty until a trap is sprung) */
export function armHostileRepository(dir) {
  const markers = path.join(path.dirname(dir), 'hostile-markers');
  const programs = path.join(path.dirname(dir), 'hostile-programs');
  fs.mkdirSync(markers, { recursive: true });
  fs.mkdirSync(programs, { recursive: true });
  const program = (name) => {
    const file = path.join(programs, name.replace(/[^A-Za-z0-9.-]+/g, '-'));
    fs.writeFileSync(
      file,
      `#!/bin/sh\n[ -n "$DEVOPS_FEEDBACK_LOOP_GIT" ] && echo "$0 $*" >> '${path.join(markers, path.basename(file))}'\nexit 1\n`,
      { mode: 0o755 },
    );
    return file;
  };
  const git = (...args) =>
    execFileSync('git', ['-c', 'core.hooksPath=/dev/null', ...args], {
      cwd: dir,
      stdio: 'ignore',
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' },
    });
  for (const key of KEYS) git('config', key, program(key));
  git('config', 'filter.evil.required', 'true');
  git('config', 'log.showSignature', 'true');
  git('config', 'protocol.ext.allow', 'always');
  const hooks = path.join(programs, 'hooks');
  fs.mkdirSync(hooks, { recursive: true });
  for (const hook of HOOKS) {
    fs.copyFileSync(program(`hook-${hook}`), path.join(hooks, hook));
    fs.copyFileSync(program(`git-dir-hook-${hook}`), path.join(dir, '.git', 'hooks', hook));
  }
  git('config', 'core.hooksPath', hooks);
  const included = path.join(programs, 'included.gitconfig');
  fs.writeFileSync(included, `[filter "inc"]\n\tclean = ${program('included-clean')}\n\tsmudge = ${program('included-smudge')}\n`);
  git('config', 'include.path', included);
  fs.mkdirSync(path.join(dir, '.git', 'info'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.git', 'info', 'attributes'), '* filter=evil diff=evil merge=evil\n*.md filter=inc\n');
  return markers;
}
