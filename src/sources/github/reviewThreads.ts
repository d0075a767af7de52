/**
 * GitHub review threads of the pull request of HEAD's branch, as review-thread findings
 * (core/reviewThread), and the actions on them: reply, resolve, unresolve.
 *
 * Why REST and GraphQL: the comments, their lines and replies come from the REST API
 * (`GET /pulls/{n}/comments`, grouped into threads by `in_reply_to_id`; `POST …/replies`), read with
 * conditional requests so an idle poll costs 304s and no rate limit. GitHub's REST API has no notion
 * of a thread's resolved state: that, and resolving, exist only in GraphQL
 * (`PullRequest.reviewThreads { isResolved isOutdated }`, `resolveReviewThread`,
 * `unresolveReviewThread`). A GraphQL POST cannot be conditional, so the thread states are read only
 * when the comments changed (a 200), after our own resolve or unresolve, and otherwise at most every
 * `statesEveryMs` (5 min): a thread resolved on the web shows as resolved within that time, and an
 * idle poll costs one GraphQL point per 5 minutes at most. Without an answer from GraphQL (a token
 * without its scope, an outage) the threads are shown from REST alone, unresolved, and not offered
 * for resolving.
 *
 * Cost per refresh: the open pull requests of HEAD's branch (one page), then for at most
 * `pullLimit` of them their comments (100 a page, at most `maxPages`); every one conditional.
 */
import { errorMessage } from '../../core/errorMessage';
import { silentLogger, type Logger } from '../../core/logger';
import { isRepositoryPath, reviewThreadSignal, type ReviewComment } from '../../core/reviewThread';
import { signalId, type Signal } from '../../core/signal';
import type { PollHints, Source } from '../../core/source';
import { SourceError } from '../../core/sourceError';
import { githubIdentity, type GitHubRepoRef } from './remote';
import { githubSourceId } from './mapping';
import type { GitHubRepositoryState } from './phaseSource';
import type { GhReviewComment, GhReviewThreadState } from './types';

export const STATES_EVERY_MS = 5 * 60_000;

/** The review-thread source id of a repository: `github:HOST/owner/repo#reviews`. */
export function reviewSourceId(repo: GitHubRepoRef): string {
  return `${githubSourceId(repo)}#reviews`;
}

/** One thread: its first comment and the replies to it, oldest first. */
export interface GhThread {
  root: GhReviewComment;
  comments: GhReviewComment[];
}

/**
 * Groups review comments into threads: a reply's `in_reply_to_id` names the thread's first comment
 * (GitHub attaches replies to the top comment); a reply whose first comment is not in the list (cut
 * by paging, deleted) opens a thread of its own. Comments are ordered by creation, then id.
 */
export function groupReviewComments(comments: readonly GhReviewComment[]): GhThread[] {
  const byId = new Map<number, GhReviewComment>();
  for (const c of comments) if (Number.isSafeInteger(c?.id) && typeof c.path === 'string') byId.set(c.id, c);
  const rootOf = (c: GhReviewComment): GhReviewComment => {
    const seen = new Set<number>();
    let at = c;
    while (at.in_reply_to_id !== undefined && byId.has(at.in_reply_to_id) && !seen.has(at.id)) {
      seen.add(at.id);
      at = byId.get(at.in_reply_to_id)!;
    }
    return at;
  };
  const threads = new Map<number, GhThread>();
  const ordered = [...byId.values()].sort((a, b) => (a.created_at ?? '').localeCompare(b.created_at ?? '') || a.id - b.id);
  for (const c of ordered) {
    const root = rootOf(c);
    let t = threads.get(root.id);
    if (!t) threads.set(root.id, (t = { root, comments: [] }));
    if (c === root) t.comments.unshift(c);
    else t.comments.push(c);
  }
  return [...threads.values()];
}

export interface ThreadPlace {
  path: string;
  line: number;
  endLine?: number;
  commit: string;
  /** The commented line is not on the pull request's current diff. */
  outdated: boolean;
}

/**
 * Where a thread is: `line` (and `start_line`) in `commit_id` while the comment applies to the
 * current diff; once GitHub marks it outdated (`position: null`, `line: null`) the original lines in
 * `original_commit_id`. A comment on the old side of the diff (`side: LEFT`, a deleted line) is about
 * a line that does not exist at the head: outdated too. A comment on the whole file sits on line 1.
 */
export function threadPlace(root: GhReviewComment): ThreadPlace {
  const current = root.line !== null && root.line !== undefined && root.position !== null;
  const line = (current ? root.line : root.original_line) ?? root.line ?? root.original_line ?? 1;
  const start = current ? root.start_line : root.original_start_line;
  const commit = current ? root.commit_id : root.original_commit_id || root.commit_id;
  const place: ThreadPlace = {
    path: root.path,
    line: positiveLine(line),
    commit: String(commit ?? ''),
    outdated: !current || root.side === 'LEFT',
  };
  if (typeof start === 'number' && start > 0 && start < place.line) {
    place.endLine = place.line;
    place.line = Math.floor(start);
  }
  return place;
}

export interface ThreadMappingContext {
  source: string;
  repo: GitHubRepoRef;
  pullNumber: number;
  branch?: string;
  /** GraphQL states by first comment id; undefined when they could not be read. */
  states?: ReadonlyMap<number, GhReviewThreadState>;
}

/** A thread's finding signal (undefined when its commit is not a full SHA, as GitHub always sends, or its path leaves the repository). */
export function mapReviewThread(t: GhThread, ctx: ThreadMappingContext): Signal | undefined {
  const place = threadPlace(t.root);
  if (!/^[0-9a-f]{40}$/i.test(place.commit) || !isRepositoryPath(place.path)) return undefined;
  const state = ctx.states?.get(t.root.id);
  const comments: ReviewComment[] = t.comments.map((c) => ({
    id: String(c.id),
    author: typeof c.user?.login === 'string' && c.user.login ? c.user.login : 'ghost',
    body: typeof c.body === 'string' ? c.body : '',
    createdAt: time(c.created_at),
    ...(typeof c.html_url === 'string' && /^https:\/\//.test(c.html_url) ? { url: c.html_url } : {}),
  }));
  const last = t.comments[t.comments.length - 1];
  return reviewThreadSignal({
    source: ctx.source,
    nativeId: String(t.root.id),
    path: place.path,
    line: place.line,
    ...(place.endLine ? { endLine: place.endLine } : {}),
    commit: place.commit,
    origin: `pull:${ctx.pullNumber}`,
    repo: githubIdentity(ctx.repo),
    ...(ctx.branch ? { branch: ctx.branch } : {}),
    ...(comments[0]?.url ? { url: comments[0].url } : {}),
    createdAt: comments[0]?.createdAt ?? 0,
    updatedAt: Math.max(...t.comments.map((c) => time(c.updated_at ?? c.created_at))),
    resolved: state?.isResolved === true,
    thread: {
      comments,
      outdated: place.outdated || state?.isOutdated === true,
      resolvable: state !== undefined,
      // The pull request's signal (mapping.ts names it by the repository, not the phase).
      request: signalId(githubSourceId(ctx.repo), 'pullRequest', ctx.pullNumber),
      requestLabel: `#${ctx.pullNumber}`,
    },
    detail: {
      pullNumber: ctx.pullNumber,
      commentId: t.root.id,
      ...(state ? { threadId: state.id } : {}),
      lastCommentId: last?.id,
    },
  });
}

export interface GitHubReviewSourceOptions {
  /** Pull requests of HEAD's branch whose threads are read. Default 3. */
  pullLimit?: number;
  /** Most pages of comments per pull request (100 each). Default 10. */
  maxPages?: number;
  statesEveryMs?: number;
  logger?: Logger;
  now?: () => number;
}

/**
 * The review threads of the open pull request(s) of HEAD's branch, as one `Source`; it shares the
 * repository's GitHub source (token), rate gate and HEAD's branch with the phase sources.
 */
export class GitHubReviewSource implements Source {
  readonly id: string;
  readonly label: string;
  readonly phases = ['code'] as const;
  private readonly logger: Logger;
  private readonly now: () => number;
  private states = new Map<number, { at: number; fingerprint: string; states?: Map<number, GhReviewThreadState> }>();
  private forceStates = false;

  constructor(
    readonly repository: GitHubRepositoryState,
    private readonly options: GitHubReviewSourceOptions = {},
  ) {
    this.id = reviewSourceId(repository.ref);
    this.label = `GitHub ${repository.ref.owner}/${repository.ref.repo} (review threads)`;
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
  }

  async refresh(_signal: AbortSignal): Promise<Signal[]> {
    const r = this.repository;
    const waitUntil = r.gate.waitUntil();
    if (waitUntil !== undefined) {
      throw new SourceError(
        `GitHub rate limit reached; waiting until ${new Date(waitUntil).toLocaleTimeString()} before asking ${new URL(r.ref.apiBase).host} again.`,
        'rateLimited',
        'GitHub',
        { retryAt: waitUntil },
      );
    }
    const api = r.source.api;
    try {
      const branch = await r.readBranch();
      if (!branch) return [];
      const pulls = (await api.listPullRequestsForBranch(branch))
        .filter((p) => Number.isSafeInteger(p?.number) && p.head?.ref === branch)
        .slice(0, Math.max(1, this.options.pullLimit ?? 3));
      const signals: Signal[] = [];
      const known = new Set<number>();
      for (const pull of pulls) {
        known.add(pull.number);
        const { comments, complete } = await api.listReviewComments(pull.number, this.options.maxPages ?? 10);
        if (!complete) this.logger.info(`GitHub: review comments of #${pull.number} cut at ${comments.length}`);
        const threads = groupReviewComments(comments);
        const fingerprint = threads.map((t) => t.comments.map((c) => `${c.id}@${c.updated_at ?? ''}`).join(',')).join(';');
        const states = threads.length > 0 ? await this.threadStates(pull.number, fingerprint) : undefined;
        for (const t of threads) {
          const s = mapReviewThread(t, { source: this.id, repo: r.ref, pullNumber: pull.number, branch, states });
          if (s) signals.push(s);
        }
      }
      for (const n of [...this.states.keys()]) if (!known.has(n)) this.states.delete(n);
      return signals;
    } catch (error) {
      if (error instanceof SourceError) {
        if (error.rateLimit) r.gate.note(error.rateLimit);
        if (error.kind === 'rateLimited' && error.retryAt !== undefined) r.gate.block(error.retryAt, error.message);
      }
      throw error;
    } finally {
      r.gate.note(api.rateLimit);
    }
  }

  pollHints(): PollHints {
    const until = this.repository.gate.waitUntil();
    return until !== undefined ? { notBefore: until } : {};
  }

  /** Read the thread states (GraphQL) again at the next refresh: after our own resolve or unresolve. */
  invalidateStates(): void {
    this.forceStates = true;
  }

  /** Replies to the thread of this signal (GitHub takes replies on the thread's first comment). */
  async reply(signal: Signal, body: string): Promise<void> {
    const { pullNumber, commentId } = threadIds(signal);
    if (!body.trim()) throw new SourceError('Could not reply: the reply is empty.', 'refused', 'GitHub');
    await this.repository.source.api.replyToReviewComment(pullNumber, commentId, body);
  }

  async setResolved(signal: Signal, resolved: boolean): Promise<void> {
    const threadId = signal.detail?.threadId;
    if (typeof threadId !== 'string' || !threadId) {
      throw new SourceError(
        `Could not ${resolved ? 'resolve' : 'unresolve'} the thread: GitHub did not tell its thread id (its GraphQL API could not be read).`,
        'refused',
        'GitHub',
      );
    }
    this.invalidateStates();
    await this.repository.source.api.setReviewThreadResolved(threadId, resolved);
  }

  /** The GraphQL states, read again when the comments changed (`fingerprint`), after an action, or when `statesEveryMs` passed. */
  private async threadStates(pullNumber: number, fingerprint: string): Promise<Map<number, GhReviewThreadState> | undefined> {
    const last = this.states.get(pullNumber);
    const every = this.options.statesEveryMs ?? STATES_EVERY_MS;
    if (last && last.fingerprint === fingerprint && !this.forceStates && this.now() - last.at < every) return last.states;
    this.forceStates = false;
    try {
      const list = await this.repository.source.api.listReviewThreadStates(pullNumber);
      const states = new Map<number, GhReviewThreadState>();
      for (const t of list) if (t.firstCommentId !== undefined) states.set(t.firstCommentId, t);
      this.states.set(pullNumber, { at: this.now(), fingerprint, states });
      return states;
    } catch (error) {
      if (error instanceof SourceError && (error.kind === 'cancelled' || error.kind === 'rateLimited')) throw error;
      // REST alone still shows the threads; they are not offered for resolving.
      this.logger.warn(`GitHub: resolved state of the review threads of #${pullNumber} not read: ${errorMessage(error)}`);
      this.states.set(pullNumber, { at: this.now(), fingerprint });
      return undefined;
    }
  }
}

function threadIds(signal: Signal): { pullNumber: number; commentId: number } {
  const pullNumber = signal.detail?.pullNumber;
  const commentId = signal.detail?.commentId;
  if (
    typeof pullNumber !== 'number' ||
    typeof commentId !== 'number' ||
    !Number.isSafeInteger(pullNumber) ||
    !Number.isSafeInteger(commentId)
  ) {
    throw new SourceError('Not a GitHub review thread.', 'refused', 'GitHub');
  }
  return { pullNumber, commentId };
}

function positiveLine(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1;
}

function time(iso: string | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : 0;
}
