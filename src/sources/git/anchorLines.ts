import { type CommitLines, type Placement, placeFindings } from '../../core/lineMap';
import { diffsSince } from './findingLines';
import type { GitRepository } from './repository';

/**
 * Lines pointed at as they were in a commit (an incident reported on a selection), placed on the saved working tree:
 * one `git diff -U0` per distinct commit over all their paths. Lines of a commit this clone does not have are left
 * out of the answer (shown where they were reported); `null` means their code changed or is gone.
 */
export async function placeCommitLines(
  repo: GitRepository,
  anchors: ReadonlyArray<{ id: string; lines: CommitLines }>,
  signal?: AbortSignal,
): Promise<Map<string, Placement>> {
  const present = await repo.existingCommits(new Set(anchors.map((a) => a.lines.commit)), signal);
  return placeFindings(
    anchors.filter((a) => present.has(a.lines.commit)).map((a) => ({ id: a.id, finding: a.lines })),
    (commit, paths) => diffsSince(repo, commit, paths, signal),
  );
}
