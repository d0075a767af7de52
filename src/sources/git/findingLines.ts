import { type Finding, findingOf } from '../../core/finding';
import { type FileDiff, parseDiff, placeFindings } from '../../core/lineMap';
import type { Signal } from '../../core/signal';
import { isFullSha } from './gitRunner';
import type { GitRepository } from './repository';

/** Where a finding is in the working tree, or why it is not shown there. */
export type FindingPlacement =
  | { signal: Signal; finding: Finding; status: 'current'; line: number; endLine: number }
  /** Its lines were changed or deleted since the commit the tool looked at. */
  | { signal: Signal; finding: Finding; status: 'outdated' }
  /** About a commit HEAD does not contain (another branch, a superseded push) or one not fetched. */
  | { signal: Signal; finding: Finding; status: 'elsewhere' };

export interface LocateOptions {
  /** Commits shown even when HEAD does not contain them (the head of HEAD's pull request). */
  alsoCommits?: readonly string[];
  signal?: AbortSignal;
}

/** Paths per `git diff` call: keeps the command line far below every OS limit. */
const PATHS_PER_DIFF = 200;

/**
 * Findings of one repository relocated to its working tree (as saved on disk). Costs, per distinct
 * commit the findings name: one `merge-base --is-ancestor` and one `git diff -U0` over all their
 * paths, whatever the number of findings; the line arithmetic is core/lineMap.
 */
export async function locateFindings(
  repo: GitRepository,
  signals: readonly Signal[],
  options: LocateOptions = {},
): Promise<FindingPlacement[]> {
  const byCommit = new Map<string, { signal: Signal; finding: Finding }[]>();
  for (const signal of signals) {
    const finding = findingOf(signal);
    if (!finding) continue;
    const list = byCommit.get(finding.commit) ?? [];
    list.push({ signal, finding });
    byCommit.set(finding.commit, list);
  }
  const present = await repo.existingCommits(byCommit.keys(), options.signal);
  const also = new Set(options.alsoCommits?.map((c) => c.toLowerCase()));
  const placements: FindingPlacement[] = [];
  const shown: { signal: Signal; finding: Finding }[] = [];
  for (const [commit, found] of byCommit) {
    const isShown = present.has(commit) && (also.has(commit) || (await repo.isAncestor(commit, 'HEAD', options.signal)));
    if (isShown) shown.push(...found);
    else for (const f of found) placements.push({ signal: f.signal, finding: f.finding, status: 'elsewhere' });
  }
  const placed = await placeFindings(
    shown.map((f) => ({ id: f.signal.id, finding: f.finding })),
    (commit, paths) => diffsSince(repo, commit, paths, options.signal),
    (_commit, error) => {
      throw error;
    },
  );
  for (const f of shown) {
    const range = placed.get(f.signal.id);
    placements.push(
      range
        ? { signal: f.signal, finding: f.finding, status: 'current', line: range.line, endLine: range.endLine }
        : { signal: f.signal, finding: f.finding, status: 'outdated' },
    );
  }
  return placements;
}

/** The changes from `commit` to the working tree of these paths (unlisted paths are unchanged). */
export async function diffsSince(
  repo: GitRepository,
  commit: string,
  paths: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, FileDiff>> {
  if (!isFullSha(commit)) throw new Error(`not a full commit SHA: ${commit.slice(0, 80)}`);
  const diffs = new Map<string, FileDiff>();
  for (let i = 0; i < paths.length; i += PATHS_PER_DIFF) {
    const chunk = paths.slice(i, i + PATHS_PER_DIFF);
    // Paths come from a server: literal pathspecs, so `:(glob)*` or `*` name only themselves.
    const { stdout } = await repo.run(
      ['diff', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', commit, '--', ...chunk],
      { signal, env: { GIT_LITERAL_PATHSPECS: '1' } },
    );
    for (const [path, diff] of parseDiff(stdout.toString('utf8'))) diffs.set(path, diff);
  }
  return diffs;
}
