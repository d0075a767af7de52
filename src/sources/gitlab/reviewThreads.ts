/**
 * GitLab review threads of the merge request of HEAD's branch, as review-thread findings
 * (core/reviewThread), and the actions on them: reply (`POST …/discussions/:id/notes`), resolve and
 * unresolve (`PUT …/discussions/:id` with `resolved`), as doc/api/discussions.md documents them.
 *
 * Only diff threads (a `DiffNote` with a `position`) are about lines; comments on the overview and
 * system notes are left out. A thread is outdated when its position is not on the merge request's
 * current diff: its `head_sha` is not the merge request's head (`sha`), or it is on a removed line
 * (`old_line` only).
 *
 * Cost per refresh: the open merge requests of HEAD's branch (`source_branch`, one page), then for at
 * most `requestLimit` of them their discussions (100 a page, at most `maxPages`): every one a
 * conditional GET, answered 304 while nothing changes.
 */
import { silentLogger, type Logger } from '../../core/logger';
import { isRepositoryPath, reviewThreadSignal, type ReviewComment } from '../../core/reviewThread';
import { signalId, type Signal } from '../../core/signal';
import type { PollHints, Source } from '../../core/source';
import { SourceError } from '../../core/sourceError';
import type { Credential, HttpClientLike } from '../../http/types';
import { GitLabApi } from './api';
import { gitlabSourceId } from './mapping';
import { GitLabRateState } from './rateState';
import type { GitLabProjectRef } from './remote';
import { SERVICE } from './serviceMessage';
import type { GlDiscussion, GlMergeRequest, GlNote } from './types';

type MaybePromise<T> = T | Promise<T>;

export interface GitLabReviewSourceOptions {
  http: HttpClientLike;
  project: GitLabProjectRef;
  credential?: Credential;
  logger?: Logger;
  rate?: GitLabRateState;
  /** HEAD's branch of the workspace repository; undefined on a detached HEAD. */
  headBranch: () => MaybePromise<string | undefined>;
  /** Merge requests of HEAD's branch whose threads are read. Default 3. */
  requestLimit?: number;
  /** Most pages of discussions per merge request (100 each). Default 5. */
  maxPages?: number;
  now?: () => number;
}

/** The review-thread source id of a project: `gitlab:<identity>#reviews`. */
export function gitlabReviewSourceId(project: Pick<GitLabProjectRef, 'identity'>): string {
  return `gitlab:${project.identity}#reviews`;
}

/** Where a diff thread is, in which commit, and whether it is on the merge request's current diff. */
export function discussionPlace(
  note: GlNote,
  mergeRequestHead: string | undefined,
): { path: string; line: number; endLine?: number; commit: string; outdated: boolean } | undefined {
  const p = note.position;
  if (!p || typeof p !== 'object') return undefined;
  const onNew = typeof p.new_line === 'number' && p.new_line > 0;
  const line = onNew ? p.new_line : p.old_line;
  const path = onNew ? (p.new_path ?? p.old_path) : (p.old_path ?? p.new_path);
  // A removed line exists only in the diff's base; an added or kept one in its head.
  const commit = onNew ? p.head_sha : (p.base_sha ?? p.start_sha);
  if (
    typeof line !== 'number' ||
    line < 1 ||
    typeof path !== 'string' ||
    !isRepositoryPath(path) ||
    typeof commit !== 'string' ||
    !/^[0-9a-f]{40}$/i.test(commit)
  )
    return undefined;
  const place: { path: string; line: number; endLine?: number; commit: string; outdated: boolean } = {
    path,
    line: Math.floor(line),
    commit,
    outdated: !onNew || (mergeRequestHead !== undefined && p.head_sha?.toLowerCase() !== mergeRequestHead.toLowerCase()),
  };
  // A multi-line thread: its first line from the start's line code (`<sha>_<old>_<new>`), on the same side.
  const start = lineOfCode(p.line_range?.start?.line_code, onNew);
  if (start !== undefined && start < place.line) {
    place.endLine = place.line;
    place.line = start;
  }
  return place;
}

export interface DiscussionMappingContext {
  sourceId: string;
  project: GitLabProjectRef;
  mergeRequest: GlMergeRequest;
  branch?: string;
}

/** A diff thread's finding signal; undefined for overview comments, system notes and threads without a readable position. */
export function mapDiscussion(d: GlDiscussion, ctx: DiscussionMappingContext): Signal | undefined {
  if (typeof d?.id !== 'string' || !Array.isArray(d.notes)) return undefined;
  const notes = d.notes.filter((n): n is GlNote => typeof n === 'object' && n !== null && Number.isSafeInteger(n.id) && n.system !== true);
  const root = notes.find((n) => n.type === 'DiffNote' && n.position);
  if (!root) return undefined;
  const mr = ctx.mergeRequest;
  const place = discussionPlace(root, typeof mr.sha === 'string' ? mr.sha : undefined);
  if (!place) return undefined;
  const resolvable = notes.filter((n) => n.resolvable === true);
  const resolved = resolvable.length > 0 && resolvable.every((n) => n.resolved === true);
  const webUrl = typeof mr.web_url === 'string' && /^https?:\/\//.test(mr.web_url) ? mr.web_url : undefined;
  const comments: ReviewComment[] = notes.map((n) => ({
    id: String(n.id),
    author: typeof n.author?.username === 'string' && n.author.username ? n.author.username : 'unknown',
    body: typeof n.body === 'string' ? n.body : '',
    createdAt: time(n.created_at),
    ...(webUrl ? { url: `${webUrl}#note_${n.id}` } : {}),
  }));
  return reviewThreadSignal({
    source: ctx.sourceId,
    nativeId: `${mr.iid}/${d.id}`,
    path: place.path,
    line: place.line,
    ...(place.endLine ? { endLine: place.endLine } : {}),
    commit: place.commit,
    origin: `mr:${mr.iid}`,
    repo: ctx.project.identity,
    ...(ctx.branch ? { branch: ctx.branch } : {}),
    ...(comments[0]?.url ? { url: comments[0].url } : {}),
    createdAt: comments[0]?.createdAt ?? 0,
    updatedAt: Math.max(...notes.map((n) => time(n.updated_at ?? n.created_at))),
    resolved,
    thread: {
      comments,
      outdated: place.outdated,
      resolvable: resolvable.length > 0,
      request: signalId(gitlabSourceId(ctx.project, 'code'), 'pullRequest', mr.iid),
      requestLabel: `!${mr.iid}`,
    },
    detail: { mergeRequestIid: mr.iid, discussionId: d.id },
  });
}

/** The review threads of the open merge request(s) of HEAD's branch, as one `Source`. */
export class GitLabReviewSource implements Source {
  readonly id: string;
  readonly label: string;
  readonly phases = ['code'] as const;
  readonly api: GitLabApi;
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(private readonly options: GitLabReviewSourceOptions) {
    this.id = gitlabReviewSourceId(options.project);
    this.label = `GitLab · ${options.project.path} · review threads`;
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.api = new GitLabApi({
      http: options.http,
      project: options.project,
      credential: options.credential,
      logger: this.logger,
      rate: options.rate ?? new GitLabRateState(),
    });
  }

  async refresh(signal: AbortSignal): Promise<Signal[]> {
    const branch = await this.options.headBranch();
    if (!branch) return [];
    const listed = await this.api.listMergeRequests({ state: 'opened', sourceBranch: branch }, signal, 1);
    const requests = listed.items
      .filter((mr) => Number.isSafeInteger(mr.iid) && mr.source_branch === branch)
      .slice(0, Math.max(1, this.options.requestLimit ?? 3));
    const signals: Signal[] = [];
    for (const mr of requests) {
      const discussions = await this.api.listMergeRequestDiscussions(mr.iid, signal, this.options.maxPages ?? 5);
      if (!discussions.complete) this.logger.info(`GitLab: threads of !${mr.iid} cut at ${discussions.items.length}`);
      for (const d of discussions.items) {
        const s = mapDiscussion(d, { sourceId: this.id, project: this.options.project, mergeRequest: mr, branch });
        if (s) signals.push(s);
      }
    }
    return signals;
  }

  pollHints(): PollHints {
    const notBefore = this.api.rate.notBefore(this.now());
    return notBefore !== undefined ? { notBefore } : {};
  }

  async reply(thread: Signal, body: string, signal?: AbortSignal): Promise<void> {
    const { iid, discussionId } = ids(thread);
    if (!body.trim()) throw new SourceError('Could not reply: the reply is empty.', 'refused', SERVICE);
    await this.api.addMergeRequestDiscussionNote(iid, discussionId, body, signal);
  }

  async setResolved(thread: Signal, resolved: boolean, signal?: AbortSignal): Promise<void> {
    const { iid, discussionId } = ids(thread);
    await this.api.resolveMergeRequestDiscussion(iid, discussionId, resolved, signal);
  }
}

function ids(thread: Signal): { iid: number; discussionId: string } {
  const iid = thread.detail?.mergeRequestIid;
  const discussionId = thread.detail?.discussionId;
  if (typeof iid !== 'number' || typeof discussionId !== 'string') throw new SourceError('Not a GitLab review thread.', 'refused', SERVICE);
  return { iid, discussionId };
}

function lineOfCode(code: string | undefined, onNew: boolean): number | undefined {
  const m = typeof code === 'string' ? /_(\d+)_(\d+)$/.exec(code) : null;
  const n = m ? Number(onNew ? m[2] : m[1]) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function time(iso: string | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : 0;
}
