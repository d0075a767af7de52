/**
 * The git config keys that make git run a program, from git's own documentation (`git help config`,
 * Documentation/config/*.adoc of git 2.31 to 2.55), and how each one is neutralised for the git
 * processes this extension starts. A repository's `.git/config` (and the files it includes) is
 * attacker-controlled input: it can arrive in an archive or on a shared drive.
 *
 * Two profiles:
 * - `isolated` (every command by default): no configured program runs at all, whoever configured it.
 * - `user` (fetch, push and checkout in a trusted workspace): the user's own programs from the global
 *   config (credential helpers, ssh command, Git LFS filters) keep working; every program key the
 *   repository sets is replaced by the user's value for it, or by the neutral value.
 *
 * Keys git itself never reads from repository config (`uploadpack.packObjectsHook`, `safe.directory`,
 * `trace2.*`: "protected configuration" only), keys used only by commands the runner refuses to run
 * (see ALLOWED_COMMANDS in gitRunner.ts) and `alias.*` (an alias never shadows a built-in command) need
 * no override; README's threat model lists them.
 */

/** One entry of `git config --list --show-scope --show-origin -z`. */
export interface ConfigEntry {
  /** As git lists it: section and name lower-cased, subsection as written. */
  key: string;
  value: string;
  /** `system`, `global`, `local`, `worktree`, `command`. */
  scope: string;
  /** `file:<path>`, `command line:`, ... */
  origin: string;
}

export type ProgramProfile = 'isolated' | 'user';

interface KeyRule {
  /** The key as git lists it; a RegExp for keys with a subsection (`filter.<driver>.smudge`). */
  key: string | RegExp;
  /** Value under which git runs nothing (or only one of its own programs). */
  neutral: string;
  /** In the `user` profile the user's own (global) value is kept. */
  userMay: boolean;
  /** Documentation file the key is described in (Documentation/config/<file>.adoc). */
  doc: string;
}

/**
 * Keys with a fixed name: always overridden in the `isolated` profile, and in the `user` profile
 * whenever the repository sets them (or always, for those a user never needs from us).
 */
const FIXED: readonly (KeyRule & { key: string })[] = [
  // Runs on every command that reads the index (status, diff against the worktree, checkout).
  { key: 'core.fsmonitor', neutral: 'false', userMay: false, doc: 'core' },
  // Hooks: `reference-transaction` fires on every ref update (our notes writes), `pre-push`, `post-checkout`...
  // An empty value makes git 2.39 look for hooks at `/`; /dev/null is a directory no file can be in.
  { key: 'core.hookspath', neutral: '/dev/null', userMay: false, doc: 'core' },
  { key: 'core.pager', neutral: 'cat', userMay: false, doc: 'core' },
  { key: 'core.editor', neutral: ':', userMay: false, doc: 'core' },
  { key: 'sequence.editor', neutral: ':', userMay: false, doc: 'sequencer' },
  { key: 'core.askpass', neutral: '', userMay: true, doc: 'core' },
  { key: 'core.sshcommand', neutral: 'ssh', userMay: true, doc: 'core' },
  // Runs on every fetch from a repository with alternates (`objects/info/alternates`).
  { key: 'core.alternaterefscommand', neutral: '', userMay: false, doc: 'core' },
  { key: 'diff.external', neutral: '', userMay: false, doc: 'diff' },
  { key: 'gpg.program', neutral: '', userMay: false, doc: 'gpg' },
  { key: 'gpg.openpgp.program', neutral: '', userMay: false, doc: 'gpg' },
  { key: 'gpg.x509.program', neutral: '', userMay: false, doc: 'gpg' },
  { key: 'gpg.ssh.program', neutral: '', userMay: false, doc: 'gpg' },
  { key: 'gpg.ssh.defaultkeycommand', neutral: '', userMay: false, doc: 'gpg' },
  // `ext::<command>` URLs run the command; a repository may allow them for itself.
  { key: 'protocol.ext.allow', neutral: 'never', userMay: false, doc: 'protocol' },
  // Runs during `git gc` (git 2.42+), which auto-gc may start after a fetch or a ref update.
  { key: 'gc.recentobjectshook', neutral: '', userMay: false, doc: 'gc' },
];

/**
 * Settings that make git verify or create signatures, recurse into submodules (whose own config
 * we do not inspect) or start `git gc` behind our back: not programs themselves, they are what
 * triggers the programs above, so they are turned off for every command.
 */
const TRIGGERS: readonly [string, string][] = [
  ['log.showsignature', 'false'],
  ['commit.gpgsign', 'false'],
  ['tag.gpgsign', 'false'],
  ['push.gpgsign', 'false'],
  ['merge.verifysignatures', 'false'],
  ['submodule.recurse', 'false'],
  ['fetch.recursesubmodules', 'false'],
  ['push.recursesubmodules', 'no'],
  ['gc.auto', '0'],
  ['maintenance.auto', 'false'],
];

/** Keys with a subsection: found by listing the config, each listed name overridden. */
const PATTERNS: readonly (KeyRule & { key: RegExp })[] = [
  { key: /^filter\.(.+)\.(clean|smudge|process)$/, neutral: '', userMay: true, doc: 'filter' },
  // textconv and command have no "off" value: an empty one fails the command, which is the safe side;
  // our commands also pass --no-textconv / --no-ext-diff so they do not fail.
  { key: /^diff\.(.+)\.(textconv|command)$/, neutral: '', userMay: false, doc: 'diff' },
  { key: /^merge\.(.+)\.driver$/, neutral: '', userMay: false, doc: 'merge' },
  { key: /^pager\.(.+)$/, neutral: 'false', userMay: false, doc: 'pager' },
];

/**
 * Keys where git keeps the FIRST value it reads (system, global, local, then the command line), so no
 * config override can replace a repository's value; what neutralises them instead:
 * - `remote.<name>.uploadpack` / `.receivepack` (run, through the shell, for local-path and ssh remotes):
 *   the runner passes git's own `--upload-pack=git-upload-pack` / `--receive-pack=git-receive-pack`;
 * - `core.gitProxy`: an empty `GIT_PROXY_COMMAND` (NEUTRAL_ENV), which git reads before any config.
 */
export const TRANSPORT_PROGRAM_ARGS: Readonly<Record<string, string>> = {
  fetch: '--upload-pack=git-upload-pack',
  'ls-remote': '--upload-pack=git-upload-pack',
  push: '--receive-pack=git-receive-pack',
};

/** `hook.<name>.command` (git 2.54+, config-based hooks): `core.hooksPath` does not cover them. */
const CONFIG_HOOK = /^hook\.(.+)\.command$/;
const CREDENTIAL_HELPER = /^credential\.(.+\.)?helper$/;
const REPOSITORY_SCOPES = new Set(['local', 'worktree']);
const USER_SCOPES = new Set(['system', 'global']);

/** Environment git reads before its config: an empty `GIT_PROXY_COMMAND` turns `core.gitProxy` off (see above). */
export const NEUTRAL_ENV: Readonly<Record<string, string>> = { GIT_PROXY_COMMAND: '' };

/**
 * The config overrides (in order; later wins) for one command, given the effective config listing.
 * Scope `command` entries are ours (the runner drops inherited ones) and are ignored.
 */
export function programOverrides(entries: readonly ConfigEntry[], profile: ProgramProfile): [key: string, value: string][] {
  const out: [string, string][] = [];
  const fromRepository = entries.filter((e) => REPOSITORY_SCOPES.has(e.scope));
  const userValue = (key: string): string | undefined => {
    let value: string | undefined;
    for (const e of entries) if (USER_SCOPES.has(e.scope) && e.key === key) value = e.value;
    return value;
  };
  const override = (key: string, rule: KeyRule) => {
    const user = profile === 'user' && rule.userMay ? userValue(key) : undefined;
    out.push([key, user ?? rule.neutral]);
  };

  for (const rule of FIXED) {
    const setByRepository = fromRepository.some((e) => e.key === rule.key);
    if (profile === 'isolated' || !rule.userMay || setByRepository) override(rule.key, rule);
  }
  out.push(...TRIGGERS);

  const seen = new Set<string>();
  for (const e of entries) {
    if (e.scope === 'command' || seen.has(e.key)) continue;
    const rule = PATTERNS.find((r) => r.key.test(e.key));
    if (rule && (profile === 'isolated' || !rule.userMay || REPOSITORY_SCOPES.has(e.scope))) {
      seen.add(e.key);
      override(e.key, rule);
      const driver = /^filter\.(.+)\.(clean|smudge|process)$/.exec(e.key)?.[1];
      // A required filter without a command fails the command; unfiltered content is what we want.
      if (driver !== undefined && !(profile === 'user' && userValue(e.key) !== undefined)) out.push([`filter.${driver}.required`, 'false']);
    }
    const hook = CONFIG_HOOK.exec(e.key)?.[1];
    if (hook !== undefined) {
      seen.add(e.key);
      out.push([`hook.${hook}.enabled`, 'false']);
    }
  }

  // Credential helpers add up across files, and an empty value resets the list: reset, then give back
  // the user's own in their order (only where the repository added some, in the `user` profile).
  const repositoryHelpers = fromRepository.some((e) => CREDENTIAL_HELPER.test(e.key));
  if (profile === 'isolated') {
    out.push(['credential.helper', '']);
  } else if (repositoryHelpers) {
    out.push(['credential.helper', '']);
    for (const e of entries) if (USER_SCOPES.has(e.scope) && CREDENTIAL_HELPER.test(e.key)) out.push([e.key, e.value]);
  }
  return out;
}

/** Every key name rule, for the README's table and the tests that prove each one. */
export const PROGRAM_KEY_DOCS: readonly { key: string; doc: string; userMay: boolean }[] = [
  ...FIXED.map((r) => ({ key: r.key, doc: r.doc, userMay: r.userMay })),
  ...PATTERNS.map((r) => ({ key: r.key.source, doc: r.doc, userMay: r.userMay })),
  { key: 'remote.<name>.uploadpack', doc: 'remote', userMay: false },
  { key: 'remote.<name>.receivepack', doc: 'remote', userMay: false },
  { key: 'core.gitproxy', doc: 'core', userMay: false },
  { key: CONFIG_HOOK.source, doc: 'hook', userMay: false },
  { key: CREDENTIAL_HELPER.source, doc: 'credential', userMay: true },
];
