import { Logger } from '../../core/logger';
import { GitError, isFullSha } from './gitRunner';
import { NOTES_REF, identityEnv, withJournalLock } from './notesJournal';
import type { ProgramProfile } from './programKeys';
import { Reporter } from './reports';
import { GitRepository } from './repository';

/**
 * Shares the journal through the repository's own remote, no server needed:
 *
 * 1. `git fetch <remote> +<ref>:<ref>-remote/<remote>` into a tracking ref, so a fetch never
 *    clobbers local reports;
 * 2. `git notes merge -s cat_sort_uniq <tracking>`: notes changed on both sides are concatenated,
 *    sorted and de-duplicated line by line, which is lossless for our one-report-per-line format;
 * 3. `git push <remote> <ref>` without force; when someone pushed meanwhile the push is rejected
 *    and we fetch + merge again, a bounded number of times.
 */

export interface SyncOptions {
  /** Remote name; default: the current branch's remote, else `origin`, else the only remote. */
  remote?: string;
  ref?: string;
  /**
   * VS Code's workspace trust. When false, sync refuses repository-local config that makes git run
   * programs during fetch/push (`core.sshCommand`, credential helpers, ...) and remote helpers.
   */
  trusted: boolean;
  /** Fetch-merge-push rounds before giving up on a remote that keeps moving; default 3. */
  maxAttempts?: number;
  /** Identity of the notes merge commit; default git config, else a neutral placeholder. */
  identity?: Reporter;
  logger?: Logger;
  signal?: AbortSignal;
  /** Called between merge and push in each round (lets tests push from another clone at that moment). */
  beforePush?: (attempt: number) => Promise<void>;
}

export interface SyncResult {
  remote: string;
  /** The remote had the notes ref before this sync. */
  remoteHadNotes: boolean;
  /** Local notes changed (remote reports merged or fast-forwarded in). */
  merged: boolean;
  /** Local notes were pushed (the remote lacked some of them). */
  pushed: boolean;
  attempts: number;
}

export class UntrustedConfigError extends Error {
  constructor(readonly keys: string[]) {
    super(`repository config would run programs during sync (${keys.join(', ')}); trust the workspace to sync`);
    this.name = 'UntrustedConfigError';
  }
}

/** Config keys that make fetch/push run a program (or redirect a URL past our checks), when set by the repository itself. */
const PROGRAM_KEYS =
  /^(core\.sshcommand|core\.gitproxy|core\.askpass|credential\..*helper|remote\..*\.(uploadpack|receivepack|vcs)|url\..*\.(insteadof|pushinsteadof))$/i;

const REMOTE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export async function syncNotes(repo: GitRepository, options: SyncOptions): Promise<SyncResult> {
  const logger = options.logger ?? repo.logger;
  const ref = options.ref ?? NOTES_REF;
  const signal = options.signal;
  const remote = options.remote ?? (await repo.defaultRemote(signal));
  if (!remote) {
    throw new Error('the repository has no remote to sync notes with');
  }
  const info = (await repo.remotes(signal)).find((r) => r.name === remote);
  if (!info || !REMOTE_NAME_RE.test(remote)) {
    throw new Error(`unknown or unsupported remote name ${JSON.stringify(remote)}`);
  }
  const env: Record<string, string> = {};
  if (!options.trusted) {
    const risky = (await repo.configEntries(PROGRAM_KEYS, signal))
      .filter(([, , scope]) => scope === 'local' || scope === 'worktree')
      .map(([key]) => key);
    // A local-path remote runs that repository's own hooks on push (they are not ours to disable).
    for (const [key, url] of [
      ['url', info.fetchUrl],
      ['pushurl', info.pushUrl],
    ] as const) {
      if (url !== undefined && !isNetworkUrl(url)) {
        risky.push(`remote.${remote}.${key} (not a network URL)`);
      }
    }
    if (risky.length > 0) {
      throw new UntrustedConfigError([...new Set(risky)]);
    }
    // Only git's well-known transports (no `file`, no remote helpers picked by the repository).
    env.GIT_PROTOCOL_FROM_USER = '0';
  }
  // Trusted: the user's own credential helpers and ssh command, never the repository's (programKeys.ts).
  const programs: ProgramProfile = options.trusted ? 'user' : 'isolated';
  const identity = options.identity ?? (await repo.userIdentity(signal));
  const mergeEnv = identityEnv(
    identity.name || identity.email ? identity : { name: 'DevOps Feedback', email: 'devops-feedback@localhost' },
  );
  const tracking = `${ref}-remote/${remote}`;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const result: SyncResult = { remote, remoteHadNotes: false, merged: false, pushed: false, attempts: 0 };

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    result.attempts = attempt;
    const remoteTip = await fetchNotes(repo, remote, ref, tracking, env, programs, signal);
    result.remoteHadNotes ||= remoteTip !== undefined;
    const [before, after] = await withJournalLock(repo, ref, async () => {
      const tip = await tipOf(repo, ref, signal);
      if (remoteTip && tip !== remoteTip) {
        if (tip) {
          await repo.git.run(['notes', '--ref', ref, 'merge', '--quiet', '--strategy=cat_sort_uniq', tracking], { env: mergeEnv, signal });
        } else {
          // First sync of this clone: take the remote journal as is ('' = the ref must not exist yet).
          await repo.git.run(['update-ref', ref, remoteTip, ''], { signal });
        }
      }
      return [tip, await tipOf(repo, ref, signal)] as const;
    });
    result.merged ||= after !== before;
    if (!after || after === remoteTip) {
      logger.info(`git notes: ${ref} in sync with ${remote}`);
      return result;
    }
    await options.beforePush?.(attempt);
    const pushed = await pushNotes(repo, remote, ref, env, programs, signal);
    if (pushed) {
      await repo.git.run(['update-ref', tracking, after], { signal });
      result.pushed = true;
      logger.info(`git notes: pushed ${ref} to ${remote}`);
      return result;
    }
    logger.info(`git notes: ${remote} moved during sync (attempt ${attempt}); fetching again`);
    // A little jitter so two clones racing each other do not collide again in lockstep.
    if (attempt < maxAttempts) {
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.floor(Math.random() * 150)));
    }
  }
  throw new Error(`git notes: ${remote} kept changing; gave up after ${maxAttempts} attempts`);
}

/** https/http/ssh/git URLs and scp-like `user@host:path`; not local paths or `file://`. */
function isNetworkUrl(url: string): boolean {
  if (/^(https?|ssh|git|git\+ssh|ssh\+git):\/\//i.test(url)) {
    return true;
  }
  // scp-like syntax: a host part before the first colon, and no slash before that colon.
  return /^[^/\\:]+:/.test(url) && !/^[A-Za-z]:[\\/]/.test(url) && !/^[a-z][a-z0-9+.-]*::/i.test(url);
}

/** Fetches the remote journal into the tracking ref; returns its tip, or undefined when the remote has none. */
async function fetchNotes(
  repo: GitRepository,
  remote: string,
  ref: string,
  tracking: string,
  env: Record<string, string>,
  programs: ProgramProfile,
  signal?: AbortSignal,
): Promise<string | undefined> {
  try {
    await repo.git.run(
      ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--no-recurse-submodules', remote, `+${ref}:${tracking}`],
      { env, signal, timeoutMs: 120_000, programs },
    );
  } catch (err) {
    if (err instanceof GitError && err.kind === 'exit' && /couldn't find remote ref/i.test(err.stderr)) {
      // The remote has no journal (yet, or any more): forget a stale tracking ref.
      await repo.git.run(['update-ref', '-d', tracking], { signal });
      return undefined;
    }
    throw err;
  }
  return tipOf(repo, tracking, signal);
}

/** Pushes without force; false when the remote rejected it because it moved (fetch first). */
async function pushNotes(
  repo: GitRepository,
  remote: string,
  ref: string,
  env: Record<string, string>,
  programs: ProgramProfile,
  signal?: AbortSignal,
): Promise<boolean> {
  const { stdout, stderr, exitCode } = await repo.git.run(['push', '--porcelain', '--no-verify', remote, `${ref}:${ref}`], {
    env,
    signal,
    okExitCodes: [0, 1],
    timeoutMs: 120_000,
    programs,
  });
  if (exitCode === 0) {
    return true;
  }
  // Porcelain lines: `<flag>\t<from>:<to>\t<summary>`; `!` is a rejected ref.
  const rejected = stdout
    .toString('utf8')
    .split('\n')
    .find((line) => line.startsWith('!\t'));
  // Someone else's push won: either it landed first (fetch first / non-fast-forward) or it held the
  // remote ref's lock at the same moment (failed to update / lock ref). Both are worth a new round.
  if (
    rejected &&
    /fetch first|non-fast-forward|stale info|failed to (update|lock) ref|cannot lock ref|incorrect old value/i.test(rejected)
  ) {
    return false;
  }
  const detail = (rejected ?? stderr.trim().split('\n').slice(-2).join(' | ')) || `exit ${exitCode}`;
  throw new GitError(`git push of ${ref} to ${remote} failed: ${detail}`, 'exit', ['push'], exitCode, stderr);
}

async function tipOf(repo: GitRepository, ref: string, signal?: AbortSignal): Promise<string | undefined> {
  const out = await repo.git.text(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { okExitCodes: [0, 1], signal });
  const sha = out.trim();
  return isFullSha(sha) ? sha : undefined;
}
