import { ReleaseNotes, ReleaseNotesOptions, buildReleaseNotes } from '../../core/releaseNotes';
import { GitRepository } from './repository';

export interface ReleaseRangeOptions {
  /** Exclusive start; default: the last tag before `to` (see below). */
  from?: string;
  /** Inclusive end; default `HEAD`. */
  to?: string;
  /** Commits read at most; default 5000 (`truncated` tells when more exist). */
  limit?: number;
  includeMerges?: boolean;
  projectKeys?: readonly string[];
  signal?: AbortSignal;
}

export interface ReleaseRange {
  notes: ReleaseNotes;
  /** More commits than `limit` were in the range; the notes cover the newest ones. */
  truncated: boolean;
}

/**
 * Release notes for `from..to`. The default `from` is the nearest tag reachable from `to`; when
 * `to` itself carries that tag (notes for a release just tagged), the tag before it is used instead,
 * so the range is never empty by accident. No tag at all: the whole history up to `limit`.
 */
export async function releaseNotesForRange(repo: GitRepository, options: ReleaseRangeOptions = {}): Promise<ReleaseRange> {
  const to = options.to ?? 'HEAD';
  const toSha = await repo.resolveRef(to, options.signal);
  if (!toSha) {
    throw new Error(`${to} does not name a commit`);
  }
  let from = options.from;
  if (from === undefined) {
    from = await repo.lastTag(toSha, options.signal);
    if (from !== undefined && (await repo.resolveRef(`refs/tags/${from}`, options.signal)) === toSha) {
      const parent = await repo.resolveRef(`${toSha}^`, options.signal);
      from = parent ? await repo.lastTag(parent, options.signal) : undefined;
    }
  } else if (!(await repo.resolveRef(from, options.signal))) {
    throw new Error(`${from} does not name a commit`);
  }
  const limit = options.limit ?? 5000;
  const commits = await repo.log({ to: toSha, ...(from !== undefined ? { from } : {}), limit: limit + 1, signal: options.signal });
  const truncated = commits.length > limit;
  const buildOptions: ReleaseNotesOptions = {
    to,
    ...(from !== undefined ? { from } : {}),
    ...(options.includeMerges !== undefined ? { includeMerges: options.includeMerges } : {}),
    ...(options.projectKeys ? { projectKeys: options.projectKeys } : {}),
  };
  return { notes: buildReleaseNotes(commits.slice(0, limit), buildOptions), truncated };
}
