import { EnvironmentHistory, deployEventsFromSignals, environmentHistories } from '../../core/deployStatus';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { bufferEdits, editedBlame } from '../../core/editedBlame';
import { LineFeedback, computeLineFeedback } from '../../core/lineFeedback';
import { Signal } from '../../core/signal';
import { BlameHunk, blameFile } from './blame';
import { CommittedBlame, blameSince, isCommittedVersion } from './blameSince';
import { ContainmentCache, resolveCommitStatuses } from './containment';
import { isFullSha } from './gitRunner';
import { KeptBlames } from './keptBlames';
import { KeptContainment } from './keptContainment';
import { PartialBlame } from './partialBlame';
import { GitRepository } from './repository';

export interface FileFeedbackRequest {
  /** Repository-relative path with `/`. */
  path: string;
  /** The editor buffer when it has unsaved edits, so blame lines up with what the user sees. */
  contents?: string;
  /**
   * Which version of the file is on disk (e.g. `<mtime>:<size>`), when the caller can tell: with it,
   * the saved file's blame is kept and reused until HEAD moves or the stamp changes, however often the
   * deploys, incidents or findings around it change, and an edited buffer's blame is derived from it
   * without running git.
   */
  stamp?: string;
  /**
   * HEAD's commit when the caller knows it (the built-in git extension's state), saving a git process
   * per request; else it is asked. One a moment stale is blamed against until the caller's next request.
   */
  head?: string;
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
  /**
   * Called while a file is blamed for the first time with what is known so far (`complete: false`):
   * the lenses of the most recent commits' lines, which git attributes first; and while a file saved
   * anew is blamed, with the blame of its last version moved past the changes (as for an edit). At most
   * every PROGRESS_EVERY_MS, never after the request's own answer.
   */
  onProgress?: (partial: FileFeedbackResult) => void;
}

export interface FileFeedbackResult extends LineFeedback {
  hunks: BlameHunk[];
  histories: EnvironmentHistory[];
  /** False for a progress report (see `onProgress`): lines git has not attributed yet have no block. */
  complete: boolean;
  /** Where the time went, in ms (the editor bench and the debug log read it). */
  timings: { blameMs: number; containmentMs: number; assemblyMs: number };
}

/**
 * Blame + deploy containment + anchored signals for one file: everything the editor shows next to
 * the code. Costs one blame per file version and HEAD (kept), containment from one history read per
 * set of deployed commits (ContainmentCache, AncestryGraph); the final assembly is
 * `computeLineFeedback` (pure, fast). Keep one instance per repository so both caches are shared by
 * every file.
 */
export class FileFeedbackService {
  readonly cache: ContainmentCache;
  /** Blames by path, HEAD and stamp, most recently used last (see `stamp`). */
  private readonly blames = new Map<string, Blame>();
  /** Per path, its last blame made when the file was as committed at that HEAD: where the next blame continues from. */
  private readonly committed = new Map<string, Promise<CommittedBlame | undefined>>();

  /** The repository, its git processes marked as what a user waits for (they start before background reads). */
  readonly repo: GitRepository;

  constructor(
    repo: GitRepository,
    /**
     * What is kept between sessions (the extension's storage): saved-file blames and this repository's
     * containment answers. Without them, each session blames and reads the deploys' history again.
     */
    kept: { blames?: KeptBlames; containment?: KeptContainment } = {},
  ) {
    this.repo = new GitRepository(repo.git.interactive(), repo.root, repo.logger);
    this.kept = kept.blames;
    this.cache = new ContainmentCache({ kept: kept.containment });
  }

  private readonly kept?: KeptBlames;

  async forFile(request: FileFeedbackRequest): Promise<FileFeedbackResult> {
    const started = performance.now();
    const histories = environmentHistories(deployEventsFromSignals(request.deployments));
    // The deploys' history is read while git blames (a second process, on another core); failures surface below.
    this.cache
      .warm(
        this.repo,
        histories.flatMap((h) => h.live.map((e) => e.commit)),
        request.signal,
      )
      .catch(() => undefined);
    const blame = await this.blame(request);
    const stopProgress =
      request.onProgress && blame.partial ? this.reportProgress(request, blame.partial, histories, started) : () => undefined;
    try {
      return await this.assemble(request, await blame.done, histories, started, true);
    } finally {
      stopProgress();
    }
  }

  /**
   * Starts the blame of a file as saved before anyone asks for it (an editor opening: at start VS Code
   * takes seconds to show it and ask for lenses), and the deploys' history with it. The first request
   * with the same path, stamp and HEAD finds it made or under way.
   */
  prepare(request: Pick<FileFeedbackRequest, 'path' | 'head' | 'deployments'> & { stamp: string }): void {
    const deployed = environmentHistories(deployEventsFromSignals(request.deployments)).flatMap((h) => h.live.map((e) => e.commit));
    this.cache.warm(this.repo, deployed).catch(() => undefined);
    // Failures surface to the request that asks for it (a failed blame is not kept).
    void this.savedBlame(request.path, request.stamp, request.head).then(
      (blame) => blame.done.catch(() => undefined),
      () => undefined,
    );
  }

  /** Containment of the blamed commits, then the pure assembly (computeLineFeedback). */
  private async assemble(
    request: FileFeedbackRequest,
    hunks: BlameHunk[],
    histories: EnvironmentHistory[],
    started: number,
    complete: boolean,
  ): Promise<FileFeedbackResult> {
    const blamed = performance.now();
    const commits = hunks.filter((h) => h.committed).map((h) => h.commit);
    this.cache.notePresent(commits); // a blame at HEAD names commits of this clone
    const statusByCommit = await resolveCommitStatuses(this.repo, this.cache, commits, histories, { signal: request.signal });
    const contained = performance.now();
    const feedback = computeLineFeedback({
      path: request.path,
      repo: request.identities ?? this.repo.root,
      lineCount: request.lineCount,
      hunks,
      statusByCommit,
      signals: request.signals,
      now: request.now ?? Date.now(),
    });
    const timings = { blameMs: blamed - started, containmentMs: contained - blamed, assemblyMs: performance.now() - contained };
    return { ...feedback, hunks, histories, complete, timings };
  }

  /**
   * Reports what a blame under way has attributed: the first batch at once, then at most one report per
   * PROGRESS_EVERY_MS however many batches arrive; a report overtaken by a later one is dropped. Returns the stop.
   */
  private reportProgress(
    request: FileFeedbackRequest,
    partial: PartialBlame,
    histories: EnvironmentHistory[],
    started: number,
  ): () => void {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let asked = 0;
    let delivered = 0;
    const report = async () => {
      timer = undefined;
      const turn = ++asked;
      // Not stopped by the request's signal: a request replaced meanwhile (the hub changed) still hands its report on.
      const result = await this.assemble({ ...request, signal: undefined }, [...partial.hunks], histories, started, false).catch(
        () => undefined,
      );
      if (stopped || !result || turn < delivered) return;
      delivered = turn;
      request.onProgress?.(result);
    };
    let lastReport = -Infinity;
    // The first batch at once (the newest commits' lenses as soon as git names them), then one report per interval.
    const schedule = () => {
      if (stopped || timer) return;
      const wait = Math.max(0, lastReport + PROGRESS_EVERY_MS - performance.now());
      timer = setTimeout(() => {
        lastReport = performance.now();
        void report();
      }, wait);
    };
    const unsubscribe = partial.onAdd(schedule);
    if (partial.hunks.length > 0) schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
    };
  }

  /**
   * One blame per file version and HEAD: a stamped request reuses a blame already made or under way
   * (it is not cancelled with the request that started it, so the next one finds it done).
   */
  private async blame(request: FileFeedbackRequest): Promise<Blame> {
    if (request.stamp === undefined) {
      return {
        done: blameFile(this.repo, request.path, {
          ...(request.contents !== undefined ? { contents: request.contents } : {}),
          signal: request.signal,
        }),
      };
    }
    const saved = await this.savedBlame(request.path, request.stamp, request.head, request.signal);
    if (request.contents === undefined) return saved;
    return { done: this.blameOfBuffer(request, request.contents, await saved.done) };
  }

  /** An edited buffer's blame: the saved file's, moved past the edits (core/editedBlame), no git. */
  private async blameOfBuffer(request: FileFeedbackRequest, contents: string, saved: BlameHunk[]): Promise<BlameHunk[]> {
    const edits = bufferEdits(await this.savedLines(request.path, request.stamp), contents);
    // Too much changed to follow line by line (a file rewritten): git's own blame of the buffer.
    if (!edits) return blameFile(this.repo, request.path, { contents, signal: request.signal });
    return editedBlame(saved, edits, typedLines(request.path));
  }

  /**
   * The file saved anew (from the editor, or by another program) after its buffer was blamed: the
   * blame of its last version moved past what changed, as for an edit, is the first view of the new
   * version's while git blames it. A save costs the lenses no wait.
   */
  private async previewOfSave(relPath: string, head: string, content: Buffer, partial: PartialBlame): Promise<boolean> {
    const last = this.saved;
    const before = last?.path === relPath ? this.blames.get(`${relPath}\u0000${head}\u0000${last.stamp}`) : undefined;
    if (!last || !before) return false;
    const [lines, hunks] = await Promise.all([last.lines, before.done]).catch(() => []);
    const edits = lines && bufferEdits(lines, content.toString('utf8'));
    if (!hunks || !edits) return false;
    partial.add(editedBlame(hunks, edits, typedLines(relPath)));
    return true;
  }

  /**
   * The lines of the file as saved, read once per stamp (the last file edited only): each keystroke's
   * blame compares the buffer with them, with no file read or split of the saved text.
   */
  private savedLines(relPath: string, stamp: string | undefined): Promise<readonly string[]> {
    if (this.saved?.path !== relPath || this.saved.stamp !== stamp) {
      const lines = readFile(path.join(this.repo.root, ...relPath.split('/')), 'utf8').then((text) => text.split('\n'));
      const saved = { path: relPath, stamp, lines };
      lines.catch(() => {
        if (this.saved === saved) this.saved = undefined; // read again next time
      });
      this.saved = saved;
    }
    return this.saved.lines;
  }

  private saved?: { path: string; stamp: string | undefined; lines: Promise<readonly string[]> };

  /** The blame of the file as saved (`stamp` names that version), made once per HEAD and stamp. */
  private async savedBlame(relPath: string, stamp: string, knownHead: string | undefined, signal?: AbortSignal): Promise<Blame> {
    const head = (knownHead && isFullSha(knownHead) ? knownHead : await this.repo.resolveRef('HEAD', signal)) ?? 'unborn';
    const key = `${relPath}\u0000${head}\u0000${stamp}`;
    let blame = this.blames.get(key);
    if (blame) {
      this.blames.delete(key);
    } else {
      const partial = new PartialBlame();
      const made: Blame = { done: this.keptOrBlamed(relPath, head, partial), partial };
      // Once done, the blame is its answer: the partial's copy of the hunks is not kept with it.
      made.done.then(
        () => (made.partial = undefined),
        () => this.blames.delete(key),
      );
      blame = made;
    }
    this.blames.set(key, blame);
    while (this.blames.size > BLAMES_KEPT) this.blames.delete(this.blames.keys().next().value as string);
    return blame;
  }

  /**
   * A blame kept from an earlier session for this very file content and HEAD; else one continued from
   * the last blame of the file's committed version, this session's or a kept one (blameSince: after a
   * commit, pull or save, git blames only what changed); else git's full blame, streamed into `partial`.
   * While git blames a file saved anew, `partial` holds the preview (previewOfSave). Kept for the next
   * session by content, not the stamp: a checkout or reset rewriting the same bytes changes the file's
   * mtime, not its blame.
   */
  private async keptOrBlamed(relPath: string, head: string, partial: PartialBlame): Promise<BlameHunk[]> {
    const content = await readFile(path.join(this.repo.root, ...relPath.split('/'))).catch(() => undefined);
    const key = content && [this.repo.root, relPath, head, createHash('sha256').update(content).digest('hex')].join('\u0000');
    // Before the kept blames are looked up (a read of the extension's storage): a save shows at once.
    const previewed = content !== undefined && (await this.previewOfSave(relPath, head, content, partial));
    const kept = key && this.kept ? await this.kept.get(key) : undefined;
    const hunks =
      kept ??
      (await this.continued(relPath, head)) ??
      // Streamed into the partial blame, unless a preview stands there.
      (await blameFile(this.repo, relPath, previewed ? {} : { onHunks: (h) => partial.add(h) }));
    if (key && !kept) void this.kept?.put(key, hunks);
    if (content) this.rememberIfCommitted(relPath, head, content, hunks, !kept);
    return hunks;
  }

  /** From this session's last committed blame of the path, else the one an earlier session kept (a pull since: git blames the new commits). */
  private async continued(relPath: string, head: string): Promise<BlameHunk[] | undefined> {
    const earlier = (await this.committed.get(relPath)) ?? (await this.kept?.lastCommitted(this.repo.root, relPath));
    if (!earlier) return undefined;
    try {
      return await blameSince(this.repo, relPath, earlier, head);
    } catch (error) {
      this.repo.logger.debug(
        `git blame of ${relPath} since ${earlier.head.slice(0, 8)}: ${error instanceof Error ? error.message : String(error)}; blamed in full`,
      );
      return undefined;
    }
  }

  /**
   * Checked beside the blame, not before it: the next blame of the path waits for the answer, this one
   * does not. A blame of an uncommitted version (saved edits) leaves the last committed one in place,
   * so the commit of those edits still continues from it. A blame git made (`keep`) is also kept for the
   * next session.
   */
  private rememberIfCommitted(relPath: string, head: string, content: Buffer, hunks: BlameHunk[], keep: boolean): void {
    const previous = this.committed.get(relPath);
    const committed = isCommittedVersion(this.repo, relPath, head, content).then(
      (yes) => {
        if (yes && keep) void this.kept?.keepCommitted(this.repo.root, relPath, { head, hunks });
        return yes ? { head, hunks } : previous;
      },
      () => previous,
    );
    this.committed.delete(relPath);
    this.committed.set(relPath, committed);
    while (this.committed.size > BLAMES_KEPT) this.committed.delete(this.committed.keys().next().value as string);
  }
}

/** A blame made or under way, and what it has attributed so far when git streams it. */
interface Blame {
  done: Promise<BlameHunk[]>;
  partial?: PartialBlame;
}

const NOT_COMMITTED = '0'.repeat(40);

/** What stands for the lines typed in the editor (as git's `--contents` blame names them). */
function typedLines(relPath: string): (startLine: number, lineCount: number) => BlameHunk {
  const now = Date.now();
  return (startLine, lineCount) => ({
    startLine,
    lineCount,
    commit: NOT_COMMITTED,
    committed: false,
    origStartLine: startLine,
    filename: relPath,
    author: 'Not Committed Yet',
    authorMail: 'not.committed.yet',
    authorTime: now,
    summary: 'Version of the editor buffer',
    boundary: false,
  });
}
/** How often a blame under way is reported (VS Code asks for lenses again at most every 250 ms). */
const PROGRESS_EVERY_MS = 150;

/** Blames kept per repository (a 15,000-line file's is about 300 hunks). */
const BLAMES_KEPT = 32;
