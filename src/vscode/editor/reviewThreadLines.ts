import { parseDiff, type FileDiff } from '../../core/lineMap';
import type { WorkspaceRepository } from '../git/gitWorkspace';

/** `git diff -U0 <commit> -- <paths>` of a repository, parsed (core/lineMap): where the lines of `commit` are now. */
export type DiffLines = (commit: string, paths: readonly string[]) => Promise<Map<string, FileDiff>>;

/**
 * The diff from a commit to the working tree of a workspace repository, for some paths, through the
 * repository's git (argument array, the runner's neutralised config; no external diff or textconv).
 * One small function, so the git layer's shared one can take its place.
 */
export function gitDiffLines(r: Pick<WorkspaceRepository, 'repo'>): DiffLines {
  return async (commit, paths) => {
    if (!/^[0-9a-f]{40}$/.test(commit)) throw new Error(`not a full commit SHA: ${commit.slice(0, 80)}`);
    const result = await r.repo.run([
      'diff',
      '-U0',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      '--no-renames',
      commit,
      '--',
      ...paths,
    ]);
    return parseDiff(result.stdout.toString('utf8'));
  };
}
