import { EnvironmentHistory, deployEventsFromSignals, environmentHistories } from '../../core/deployStatus';
import { LineFeedback, computeLineFeedback } from '../../core/lineFeedback';
import { Signal } from '../../core/signal';
import { BlameHunk, blameFile } from './blame';
import { ContainmentCache, resolveCommitStatuses } from './containment';
import { GitRepository } from './repository';

export interface FileFeedbackRequest {
  /** Repository-relative path with `/`. */
  path: string;
  /** The editor buffer when it has unsaved edits, so blame lines up with what the user sees. */
  contents?: string;
  /** The repository's identities (its folder and remotes); signals anchored to another repository are left out. */
  identities?: readonly string[];
  /** Lines in the document. */
  lineCount: number;
  /** Signals that may point at this file (e.g. `hub.query({ file: path })`), incidents included. */
  signals: readonly Signal[];
  /** Every deployment signal (any source); the environments' histories are built from them. */
  deployments: readonly Signal[];
  now?: number;
  signal?: AbortSignal;
}

export interface FileFeedbackResult extends LineFeedback {
  hunks: BlameHunk[];
  histories: EnvironmentHistory[];
}

/**
 * Blame + deploy containment + anchored signals for one file: everything the editor shows next to
 * the code. Costs two git processes for blame plus, only for commits the cache has not seen, one
 * `rev-list` per environment and round; the final assembly is `computeLineFeedback` (pure, fast).
 * Keep one instance per repository so the containment cache is shared by every file.
 */
export class FileFeedbackService {
  readonly cache = new ContainmentCache();

  constructor(readonly repo: GitRepository) {}

  async forFile(request: FileFeedbackRequest): Promise<FileFeedbackResult> {
    const hunks = await blameFile(this.repo, request.path, {
      ...(request.contents !== undefined ? { contents: request.contents } : {}),
      signal: request.signal,
    });
    const histories = environmentHistories(deployEventsFromSignals(request.deployments));
    const commits = hunks.filter((h) => h.committed).map((h) => h.commit);
    const statusByCommit = await resolveCommitStatuses(this.repo, this.cache, commits, histories, { signal: request.signal });
    const feedback = computeLineFeedback({
      path: request.path,
      repo: request.identities ?? this.repo.root,
      lineCount: request.lineCount,
      hunks,
      statusByCommit,
      signals: request.signals,
      now: request.now ?? Date.now(),
    });
    return { ...feedback, hunks, histories };
  }
}
