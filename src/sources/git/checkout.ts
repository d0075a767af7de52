import { GitError, assertSafeRevision } from './gitRunner';
import type { GitRepository } from './repository';

/**
 * Writes that touch the working tree or the network on behalf of a user action (Start Work,
 * Check Out Pull Request). In a trusted workspace they keep the user's own programs (credential
 * helpers, ssh, Git LFS filters from the global config); never the repository's (programKeys.ts).
 */

export interface WorkOptions {
  /** VS Code's workspace trust: untrusted runs no configured program at all. */
  trusted: boolean;
  signal?: AbortSignal;
}

/** Whether a local branch of that name exists. */
export async function localBranchExists(repo: GitRepository, branch: string, signal?: AbortSignal): Promise<boolean> {
  assertBranch(branch);
  const result = await repo.run(['show-ref', '--verify', '--quiet', `refs/heads/${branch}`], { okExitCodes: [0, 1], signal });
  return result.exitCode === 0;
}

/** `git switch [-c] <branch>`: the branch is created from HEAD when `create` is set. */
export async function switchBranch(repo: GitRepository, branch: string, options: WorkOptions & { create?: boolean }): Promise<void> {
  assertBranch(branch);
  await repo.run(options.create ? ['switch', '-c', branch] : ['switch', branch], programs(options));
}

/** Fetches one refspec from a remote (e.g. a pull request head into a local branch), without tags. */
export async function fetchRefspec(repo: GitRepository, remote: string, refspec: string, options: WorkOptions): Promise<void> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(remote))
    throw new GitError(`unsupported remote name ${JSON.stringify(remote)}`, 'refused', ['fetch'], undefined, '');
  assertSafeRevision(refspec.replace(/^\+/, ''));
  await repo.run(['fetch', '--no-tags', '--no-recurse-submodules', '--', remote, refspec], { ...programs(options), timeoutMs: 120_000 });
}

function programs(options: WorkOptions) {
  return { programs: options.trusted ? ('user' as const) : ('isolated' as const), signal: options.signal };
}

function assertBranch(branch: string): void {
  if (!branch || branch.startsWith('-') || /[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{|\/\/|\.lock$|\/$|\.$/.test(branch)) {
    throw new GitError(`refusing branch name ${JSON.stringify(branch.slice(0, 80))}`, 'refused', [], undefined, '');
  }
}
